import { afterAll, beforeAll, expect, it } from 'vitest';
import { serviceRepository } from '../../src/server/modules/admin/services';
import { describeEachDb } from '../support/each-db';
import { citizenPost } from '../support/proof-of-work';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { officeBody, serviceBody } from './fixtures';
import { agentFor, openOffice } from './visits-fixtures';

const BAD_BODIES: unknown[] = [
  null,
  [],
  42,
  'text',
  {},
  { unknown: 1 },
  { name: 'x'.repeat(100_000) },
  { name: { $gt: '' }, parentId: ['a'] },
  JSON.parse('{"__proto__": {"admin": true}, "constructor": {"prototype": {}}}'),
];
const BAD_IDS = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  "1' OR '1'='1",
  '%00',
  'x'.repeat(3000),
];

describeEachDb('bad input', (kind) => {
  let server: TestServer;
  let cookie: string;
  beforeAll(async () => {
    server = await startTestServer(kind);
    cookie = (await (await createTestTenant(server)).staff('admin')).cookie;
  });
  afterAll(() => server.close());

  it('never answers 5xx on any route, and answers 4xx as problem+json', async () => {
    const probed = server.routes.filter((r) => r.method !== 'HEAD' && r.url.startsWith('/api/'));
    expect(probed.length).toBeGreaterThan(15);
    for (const route of probed) {
      const urls = route.url.includes(':id')
        ? BAD_IDS.map((id) => route.url.replace(':id', encodeURIComponent(id)))
        : [route.url];
      const bodies = route.method === 'GET' || route.method === 'DELETE' ? [undefined] : BAD_BODIES;
      for (const url of urls) {
        for (const body of bodies) {
          const response = await server.app.inject({
            method: route.method as 'GET',
            url,
            headers: { cookie, 'content-type': 'application/json' },
            ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
          });
          const label = `${route.method} ${url.slice(0, 80)} ${JSON.stringify(body)?.slice(0, 60)}`;
          expect(response.statusCode, label).toBeLessThan(500);
          if (response.statusCode >= 400)
            expect(response.headers['content-type'], label).toMatch(/application\/problem\+json/);
        }
      }
      const broken = await server.app.inject({
        method: route.method as 'POST',
        url: route.url.replace(':id', '00000000-0000-4000-8000-000000000000'),
        headers: { cookie, 'content-type': 'application/json' },
        payload: '{"name": ',
      });
      expect(broken.statusCode, `${route.method} ${route.url} with broken JSON`).toBeLessThan(500);
    }
  });

  it('names the offending field for wrong types, unknown fields and oversize strings', async () => {
    const tenant = await createTestTenant(server);
    const admin = await tenant.staff('admin');
    const post = (url: string, payload: object) =>
      server.app.inject({ method: 'POST', url, headers: { cookie: admin.cookie }, payload });
    const cases: [string, object, string][] = [
      [
        '/api/admin/services',
        { ...serviceBody(tenant.unitId), durationMinutes: 'lang' },
        'body.durationMinutes',
      ],
      ['/api/admin/services', { ...serviceBody(tenant.unitId), name: 'x'.repeat(201) }, 'body.name'],
      ['/api/admin/services', { ...serviceBody(tenant.unitId), channel: 'fax' }, 'body.channel'],
      [
        '/api/admin/offices',
        { ...officeBody(tenant.unitId), openingHours: { mon: [{ from: '12:00', to: '08:00' }] } },
        'body.openingHours.mon.0.to',
      ],
      [
        '/api/admin/offices',
        { ...officeBody(tenant.unitId), openingHours: { someday: [] } },
        'body.openingHours',
      ],
      [
        '/api/admin/offices',
        { ...officeBody(tenant.unitId), closedDays: ['2026-02-30'] },
        'body.closedDays.0',
      ],
      ['/api/admin/units', { name: 'Amt', parentId: null, color: 'red' }, 'body'],
      // /{tenant}/termine is the booking page: no office may take that address.
      ['/api/admin/offices', { ...officeBody(tenant.unitId), slug: 'termine' }, 'body.slug'],
      [
        '/api/admin/staff',
        {
          email: 'kein-mail',
          displayName: 'X',
          role: 'agent',
          unitId: null,
          officeIds: [],
          active: true,
          password: 'long-enough-password',
        },
        'body.email',
      ],
      [
        '/api/admin/staff',
        {
          email: 'a@b.example',
          displayName: 'X',
          role: 'root',
          unitId: null,
          officeIds: [],
          active: true,
          password: 'short',
        },
        'body.role',
      ],
    ];
    for (const [url, payload, field] of cases) {
      const response = await post(url, payload);
      expect(response.statusCode, `${url} ${field}`).toBe(400);
      const problem = response.json();
      expect(problem.status).toBe(400);
      expect(
        problem.errors.map((e: { field: string }) => e.field),
        `${url} ${response.body}`,
      ).toContain(field);
    }
    // Nothing of the refused input was stored.
    const services = await server.app.inject({
      url: '/api/admin/services',
      headers: { cookie: admin.cookie },
    });
    expect(services.json()).toEqual([]);
  });

  it('refuses a NUL byte in a name and a start in the year 9999 with 400 naming the field, storing nothing', async () => {
    const tenant = await createTestTenant(server);
    const office = await openOffice(server, tenant, 'nul');
    await agentFor(server, tenant, [office.id]);
    const service = await serviceRepository(server.ctx).create(tenant.tenantId, serviceBody(tenant.unitId));
    const booking = {
      start: '2026-12-02T09:00:00Z',
      name: 'Erika',
      email: 'erika@example.org',
      consent: true,
    };
    const cases: [string, object, string][] = [
      [
        `/api/public/tenants/${tenant.slug}/offices/nul/visits`,
        { displayName: 'Eri\u0000ka' },
        'body.displayName',
      ],
      [
        `/api/public/tenants/${tenant.slug}/services/${service.id}/appointments`,
        { ...booking, name: 'Eri\u0000ka' },
        'body.name',
      ],
      [
        `/api/public/tenants/${tenant.slug}/services/${service.id}/appointments`,
        { ...booking, start: '9999-12-31T08:00:00Z' },
        'body.start',
      ],
      // A landline cannot get the SMS reminder; before, any 30 characters passed and a long one hit the
      // database's limit of 20 as a 400 naming no field.
      [
        `/api/public/tenants/${tenant.slug}/services/${service.id}/appointments`,
        { ...booking, phone: '030 1234567' },
        'body.phone',
      ],
    ];
    for (const [url, payload, field] of cases) {
      const response = await citizenPost(server.app, url, payload);
      expect(response.statusCode, `${url} ${response.body}`).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const [stored] = await server.ctx.db.query<{ visits: number; appointments: number }>(
      `SELECT (SELECT count(*)::int FROM visits WHERE tenant_id = $1) AS visits,
              (SELECT count(*)::int FROM appointments WHERE tenant_id = $1) AS appointments`,
      [tenant.tenantId],
    );
    expect(stored).toEqual({ visits: 0, appointments: 0 });

    // A mobile number in a long but usual spelling is taken, and kept in one form (E.164).
    const spelled = await citizenPost(
      server.app,
      `/api/public/tenants/${tenant.slug}/services/${service.id}/appointments`,
      { ...booking, phone: '+49 (0) 171 / 123 45 67' },
    );
    expect(spelled.statusCode, spelled.body).toBe(201);
    const [phone] = await server.ctx.db.query<{ citizenPhone: string }>(
      'SELECT citizen_phone AS "citizenPhone" FROM appointments WHERE tenant_id = $1',
      [tenant.tenantId],
    );
    expect(phone?.citizenPhone).toBe('+491711234567');
  });

  it('answers an oversize request body with 413 problem+json', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/admin/units',
      headers: { cookie, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024), parentId: null }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
    expect(response.json()).toMatchObject({ status: 413, title: 'Payload Too Large' });
  });

  it('answers a body in a type no route takes with 415 and a title that says so', async () => {
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/admin/units',
      headers: { cookie, 'content-type': 'text/csv' },
      payload: 'name,parentId\nAmt,',
    });
    expect(response.statusCode).toBe(415);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
    expect(response.json()).toMatchObject({ status: 415, title: 'Unsupported Media Type' });
  });

  it('names a field with several faults once in the detail, and each fault once', async () => {
    const tenant = await createTestTenant(server);
    const office = await openOffice(server, tenant, 'faults');
    await agentFor(server, tenant, [office.id]);
    const service = await serviceRepository(server.ctx).create(tenant.tenantId, serviceBody(tenant.unitId));
    // Too long and not a name: the schema reports body.name more than once.
    const response = await citizenPost(
      server.app,
      `/api/public/tenants/${tenant.slug}/services/${service.id}/appointments`,
      { start: '2026-12-02T09:00:00Z', name: 'x'.repeat(300), email: 'erika@example.org', consent: true },
    );
    expect(response.statusCode, response.body).toBe(400);
    const problem = response.json();
    expect(problem).toMatchObject({ title: 'Bad Request', detail: 'Invalid body.name' });
    const faults = problem.errors.map((e: { field: string; message: string }) => `${e.field} ${e.message}`);
    expect(faults.length).toBeGreaterThan(0);
    expect(new Set(faults).size).toBe(faults.length);
  });
});
