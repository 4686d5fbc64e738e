import { createHash } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serviceRepository } from '../../src/server/modules/admin/services';
import type { ApiScope } from '../../src/shared/api-v1';
import { describeEachDb } from '../support/each-db';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../support/server';
import { serviceBody } from './fixtures';
import { agentFor, openOffice, WEDNESDAY_MORNING } from './visits-fixtures';

/** Wednesday 2 December 2026, 10:00 in Berlin: a week after the fixed test clock. */
const SLOT = '2026-12-02T09:00:00Z';
const ALL_SCOPES: ApiScope[] = [
  'appointments:read',
  'appointments:write',
  'consultations:read',
  'consultations:write',
];

describeEachDb('API v1 and API keys', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.close());

  interface Authority {
    tenant: TestTenant;
    admin: { id: string; cookie: string };
    office: { id: string; slug: string };
    serviceId: string;
    agent: { id: string; cookie: string };
  }

  async function authority(slug: string): Promise<Authority> {
    const tenant = await createTestTenant(server);
    const admin = await tenant.staff('admin');
    const office = await openOffice(server, tenant, slug);
    const service = await serviceRepository(server.ctx).create(tenant.tenantId, {
      ...serviceBody(tenant.unitId),
      durationMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      intakeFields: [],
    });
    const agent = await agentFor(server, tenant, [office.id]);
    return { tenant, admin, office, serviceId: service.id, agent };
  }

  const createKey = (who: { cookie: string }, scopes: ApiScope[] = ALL_SCOPES, name = 'Fachverfahren') =>
    server.app.inject({
      method: 'POST',
      url: '/api/admin/api-keys',
      headers: { cookie: who.cookie },
      payload: { name, scopes },
    });
  const keyOf = async (who: { cookie: string }, scopes: ApiScope[] = ALL_SCOPES) => {
    const response = await createKey(who, scopes);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { id: string; key: string; prefix: string };
  };
  const v1 = (key: string | null, method: 'GET' | 'POST', url: string, payload?: object) =>
    server.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: key ? { authorization: `Bearer ${key}` } : {},
      ...(payload ? { payload } : {}),
    });
  const book = (key: string, a: Authority, extra: object = {}) =>
    v1(key, 'POST', '/appointments', {
      serviceId: a.serviceId,
      start: SLOT,
      citizen: { name: 'Erika Mustermann', email: 'erika@example.org' },
      caseReference: 'WG-2026/0815',
      ...extra,
    });
  const auditActions = async (tenantId: string) =>
    (
      await server.ctx.db.query<{ action: string; actor: string; object: string }>(
        'SELECT action, actor, object FROM audit_events WHERE tenant_id = $1 ORDER BY seq',
        [tenantId],
      )
    ).map((e) => `${e.action} ${e.actor} ${e.object}`);

  it('creates a key shown once, stores only its hash, lists it without secrets and audits it', async () => {
    const a = await authority('schluessel');
    const created = await createKey(a.admin, ['appointments:read'], 'Wohngeld');
    expect(created.statusCode, created.body).toBe(201);
    const { id, key, prefix, name, scopes } = created.json();
    expect({ name, scopes }).toEqual({ name: 'Wohngeld', scopes: ['appointments:read'] });
    expect(key).toMatch(/^amk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(key.startsWith(`amk_${prefix}_`)).toBe(true);
    const secret = key.split('_').slice(2).join('_');

    // Only the SHA-256 of the key is in the database; neither the key nor its secret part is.
    const [row] = await server.ctx.db.query<Record<string, unknown>>('SELECT * FROM api_keys WHERE id = $1', [
      id,
    ]);
    expect(row!.secret_hash).toBe(createHash('sha256').update(key).digest('base64url'));
    expect(JSON.stringify(row)).not.toContain(secret);

    const list = await server.app.inject({ url: '/api/admin/api-keys', headers: { cookie: a.admin.cookie } });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual([
      {
        id,
        name: 'Wohngeld',
        scopes: ['appointments:read'],
        prefix,
        createdAt: expect.any(String),
        lastUsedAt: null,
        revokedAt: null,
      },
    ]);
    expect(list.body).not.toContain(secret);

    // Using the key marks it as used.
    expect((await v1(key, 'GET', '/appointments')).statusCode).toBe(200);
    const used = await server.app.inject({ url: '/api/admin/api-keys', headers: { cookie: a.admin.cookie } });
    expect(used.json()[0].lastUsedAt).not.toBeNull();

    expect(await auditActions(a.tenant.tenantId)).toContain(
      `api_key.created staff:${a.admin.id} api_key:${id}`,
    );
  });

  it('lets only administrators manage keys, of their own authority', async () => {
    const a = await authority('nur-admin');
    const b = await authority('andere');
    expect((await createKey(a.agent)).statusCode).toBe(403);
    expect(
      (await server.app.inject({ url: '/api/admin/api-keys', headers: { cookie: a.agent.cookie } }))
        .statusCode,
    ).toBe(403);
    const { id } = await keyOf(a.admin);
    const foreign = await server.app.inject({
      method: 'DELETE',
      url: `/api/admin/api-keys/${id}`,
      headers: { cookie: b.admin.cookie },
    });
    expect(foreign.statusCode).toBe(404);
    const listB = await server.app.inject({
      url: '/api/admin/api-keys',
      headers: { cookie: b.admin.cookie },
    });
    expect(listB.json()).toEqual([]);
    const bad = await createKey(a.admin, ['appointments:delete' as ApiScope]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.scopes.0');
  });

  it('refuses a missing, unknown or revoked key with 401 and a missing scope with 403', async () => {
    const a = await authority('abgelehnt');
    const { id, key } = await keyOf(a.admin);
    const missing = await v1(null, 'GET', '/appointments');
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['content-type']).toMatch(/problem\+json/);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    const forged = `${key.slice(0, -4)}AAAA`;
    expect((await v1(forged, 'GET', '/appointments')).statusCode).toBe(401);
    expect((await v1('not-a-key', 'GET', '/appointments')).statusCode).toBe(401);

    expect((await v1(key, 'GET', '/appointments')).statusCode).toBe(200);
    const revoked = await server.app.inject({
      method: 'DELETE',
      url: `/api/admin/api-keys/${id}`,
      headers: { cookie: a.admin.cookie },
    });
    expect(revoked.statusCode).toBe(204);
    expect((await v1(key, 'GET', '/appointments')).statusCode).toBe(401);
    // Revoked, not deleted: still listed, with the time.
    const list = await server.app.inject({ url: '/api/admin/api-keys', headers: { cookie: a.admin.cookie } });
    expect(list.json()[0].revokedAt).toEqual(expect.any(String));
    expect(await auditActions(a.tenant.tenantId)).toContain(
      `api_key.revoked staff:${a.admin.id} api_key:${id}`,
    );

    const readOnly = await keyOf(a.admin, ['appointments:read']);
    expect((await v1(readOnly.key, 'GET', '/appointments')).statusCode).toBe(200);
    const denied = await book(readOnly.key, a);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().detail).toContain('appointments:write');
    expect((await v1(readOnly.key, 'POST', '/consultations', {})).statusCode).toBe(403);
    expect((await v1(readOnly.key, 'GET', `/consultations/${id}/protocol.pdf`)).statusCode).toBe(403);
    // Nothing was booked by the refused request.
    const [count] = await server.ctx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM appointments WHERE tenant_id = $1',
      [a.tenant.tenantId],
    );
    expect(count!.n).toBe(0);
  });

  it('books with a case reference, reads it back, and the join link works at appointment time', async () => {
    const a = await authority('fachverfahren');
    const { id: keyId, key } = await keyOf(a.admin);
    const booked = await book(key, a);
    expect(booked.statusCode, booked.body).toBe(201);
    const { id, joinUrl, manageUrl, start, end } = booked.json();
    expect({ start, end }).toEqual({ start: SLOT, end: '2026-12-02T09:30:00Z' });
    expect(manageUrl).toMatch(new RegExp(`/${a.tenant.slug}/termin#[A-Za-z0-9_-]{43}$`));
    expect(joinUrl).toMatch(/\/termin\/beitreten#[A-Za-z0-9_-]{43}$/);

    const read = await v1(key, 'GET', `/appointments/${id}`);
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toEqual({
      id,
      start: '2026-12-02T09:00:00.000Z',
      end: '2026-12-02T09:30:00.000Z',
      status: 'booked',
      serviceId: a.serviceId,
      officeId: a.office.id,
      citizen: { name: 'Erika Mustermann', email: 'erika@example.org', phone: null },
      caseReference: 'WG-2026/0815',
      language: 'de',
    });
    const list = await v1(key, 'GET', '/appointments?from=2026-12-01T00:00:00Z&to=2026-12-03T00:00:00Z');
    expect(list.json().appointments.map((x: { id: string }) => x.id)).toEqual([id]);
    const byCase = await v1(
      key,
      'GET',
      '/appointments?from=2026-12-01T00:00:00Z&caseReference=WG-2026%2F0815',
    );
    expect(byCase.json().appointments.map((x: { id: string }) => x.id)).toEqual([id]);
    const otherCase = await v1(key, 'GET', '/appointments?from=2026-12-01T00:00:00Z&caseReference=X');
    expect(otherCase.json().appointments).toEqual([]);
    expect(await auditActions(a.tenant.tenantId)).toContain(
      `appointment.booked api_key:${keyId} appointment:${id}`,
    );

    // The same slot is gone now.
    expect((await book(key, a)).statusCode).toBe(409);

    server.ctx.clock = () => Temporal.Instant.from('2026-12-02T08:56:00Z');
    try {
      const joined = await server.app.inject({
        method: 'POST',
        url: '/api/public/appointment/join',
        headers: { authorization: `Bearer ${joinUrl.split('#')[1]}` },
      });
      expect(joined.statusCode, joined.body).toBe(200);
      expect(joined.json()).toMatchObject({ officeSlug: a.office.slug, tenantSlug: a.tenant.slug });
    } finally {
      server.ctx.clock = () => WEDNESDAY_MORNING;
    }
  });

  it('keeps every key to its own authority: 404 for the ids of another', async () => {
    const a = await authority('amt-a');
    const b = await authority('amt-b');
    const keyA = (await keyOf(a.admin)).key;
    const keyB = (await keyOf(b.admin)).key;
    const bookedA = (await book(keyA, a)).json();
    const invitedA = (
      await v1(keyA, 'POST', '/consultations', { officeId: a.office.id, citizen: { name: 'Max' } })
    ).json();

    expect((await v1(keyB, 'GET', `/appointments/${bookedA.id}`)).statusCode).toBe(404);
    const listB = await v1(keyB, 'GET', '/appointments?from=2026-12-01T00:00:00Z');
    expect(listB.json().appointments).toEqual([]);
    expect((await v1(keyB, 'GET', `/consultations/${invitedA.id}`)).statusCode).toBe(404);
    expect((await v1(keyB, 'GET', `/consultations/${invitedA.id}/protocol.pdf`)).statusCode).toBe(404);
    expect((await v1(keyB, 'GET', `/consultations/${bookedA.id}/protocol.json`)).statusCode).toBe(404);
    // Nor can B book A's service or invite into A's office.
    expect((await book(keyB, a)).statusCode).toBe(404);
    const intoA = await v1(keyB, 'POST', '/consultations', {
      officeId: a.office.id,
      citizen: { name: 'Max' },
    });
    expect(intoA.statusCode).toBe(404);
  });

  it('names the offending field for bad input', async () => {
    const a = await authority('eingabe');
    const { key } = await keyOf(a.admin);
    const long = await book(key, a, { caseReference: 'x'.repeat(101) });
    expect(long.statusCode).toBe(400);
    expect(long.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.caseReference']);
    const noEmail = await book(key, a, { citizen: { name: 'Erika' } });
    expect(noEmail.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.citizen.email']);
    const from = await v1(key, 'GET', '/appointments?from=gestern');
    expect(from.statusCode).toBe(400);
    expect(from.json().errors[0].field).toBe('querystring.from');
    const reversed = await v1(key, 'GET', '/appointments?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z');
    expect(reversed.json().errors.map((e: { field: string }) => e.field)).toEqual([
      'querystring.from',
      'querystring.to',
    ]);
    const id = await v1(key, 'GET', '/appointments/123');
    expect(id.statusCode).toBe(400);
    expect(id.json().errors[0].field).toBe('params.id');
  });

  it('answers garbage from a valid key on every /api/v1 route with 4xx problem+json, never 5xx', async () => {
    const a = await authority('muell');
    const { key } = await keyOf(a.admin);
    const bodies: unknown[] = [
      null,
      [],
      42,
      'text',
      {},
      { unknown: 1 },
      { citizen: { name: 'x'.repeat(100_000) } },
    ];
    const ids = [
      'not-a-uuid',
      '00000000-0000-0000-0000-000000000000',
      "1' OR '1'='1",
      '%00',
      'x'.repeat(3000),
    ];
    const routes = server.routes.filter((r) => r.method !== 'HEAD' && r.url.startsWith('/api/v1/'));
    for (const route of routes) {
      const urls = route.url.includes(':id')
        ? ids.map((id) => route.url.replace(':id', encodeURIComponent(id)))
        : [route.url];
      for (const url of urls) {
        for (const body of route.method === 'GET' ? [undefined] : bodies) {
          const response = await server.app.inject({
            method: route.method as 'GET',
            url,
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
          });
          const label = `${route.method} ${url.slice(0, 80)} ${JSON.stringify(body)?.slice(0, 60)}`;
          expect(response.statusCode, label).toBeLessThan(500);
          if (response.statusCode >= 400)
            expect(response.headers['content-type'], label).toMatch(/problem\+json/);
        }
      }
    }
    for (const query of [
      '?limit=0',
      '?limit=abc',
      '?from=2026-01-01T00:00:00Z&to=2028-01-01T00:00:00Z',
      '?x=1',
    ]) {
      const response = await v1(key, 'GET', `/appointments${query}`);
      expect(response.statusCode, query).toBe(400);
    }
  });

  it('opens a consultation from a case: the link queues the citizen, then the protocol is fetched', async () => {
    const a = await authority('einladung');
    const { id: keyId, key } = await keyOf(a.admin);
    const created = await v1(key, 'POST', '/consultations', {
      officeId: a.office.id,
      citizen: { name: 'Zoë Çelik-Müller' },
      caseReference: 'AZ 4711',
      validMinutes: 60,
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id, joinUrl, expiresAt } = created.json();
    expect(joinUrl).toMatch(new RegExp(`/${a.tenant.slug}/einladung#[A-Za-z0-9_-]{43}$`));
    expect(expiresAt).toBe('2026-11-25T10:00:00.000Z');
    const [stored] = await server.ctx.db.query<{ token_hash: string }>(
      'SELECT token_hash FROM visit_invitations WHERE id = $1',
      [id],
    );
    expect(stored!.token_hash).not.toBe(joinUrl.split('#')[1]);
    expect((await v1(key, 'GET', `/consultations/${id}`)).json()).toMatchObject({
      status: 'invited',
      caseReference: 'AZ 4711',
      protocol: null,
    });
    expect((await v1(key, 'GET', `/consultations/${id}/protocol.pdf`)).statusCode).toBe(404);

    const join = () =>
      server.app.inject({
        method: 'POST',
        url: '/api/public/invitation/join',
        headers: { authorization: `Bearer ${joinUrl.split('#')[1]}` },
      });
    const joined = await join();
    expect(joined.statusCode, joined.body).toBe(200);
    expect(joined.json()).toMatchObject({ officeSlug: a.office.slug, tenantSlug: a.tenant.slug });
    const visitView = await server.app.inject({
      url: '/api/public/visit',
      headers: { authorization: `Bearer ${joined.json().visitToken}` },
    });
    expect(visitView.statusCode, visitView.body).toBe(200);
    // Opening the link again hands over the same visit.
    expect((await join()).statusCode).toBe(200);
    const visits = await server.ctx.db.query<{ id: string; concern: string; kind: string }>(
      'SELECT id, concern, kind FROM visits WHERE office_id = $1',
      [a.office.id],
    );
    expect(visits).toHaveLength(1);
    expect(visits[0]!.concern).toBe('Az. AZ 4711');
    expect((await v1(key, 'GET', `/consultations/${id}`)).json().status).toBe('waiting');

    const called = await server.app.inject({
      method: 'POST',
      url: `/api/staff/visits/${visits[0]!.id}/call`,
      headers: { cookie: a.agent.cookie },
    });
    expect(called.statusCode, called.body).toBe(200);
    const consultationId = called.json().consultationId;
    const issued = await server.app.inject({
      method: 'POST',
      url: `/api/consultations/${consultationId}/protocol`,
      headers: { cookie: a.agent.cookie },
      payload: { includeChat: false },
    });
    expect(issued.statusCode, issued.body).toBe(201);

    const pdf = await v1(key, 'GET', `/consultations/${id}/protocol.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const json = await v1(key, 'GET', `/consultations/${id}/protocol.json`);
    expect(json.statusCode, json.body).toBe(200);
    expect(json.json()).toMatchObject({
      consultationId,
      version: 1,
      concern: 'Az. AZ 4711',
      participants: { citizen: { name: 'Zoë Çelik-Müller' } },
      pdf: { sha256: createHash('sha256').update(pdf.rawPayload).digest('hex') },
    });
    expect((await v1(key, 'GET', `/consultations/${id}`)).json()).toMatchObject({
      status: 'ended',
      protocol: { version: 1, pdfSha256: json.json().pdf.sha256 },
    });
    const audit = await auditActions(a.tenant.tenantId);
    expect(audit).toContain(`invitation.created api_key:${keyId} invitation:${id}`);
    expect(audit).toContain(`protocol.downloaded api_key:${keyId} consultation:${consultationId}`);

    // An expired link queues nobody, and an unknown one learns nothing.
    server.ctx.clock = () => WEDNESDAY_MORNING.add({ minutes: 61 });
    try {
      const late = await join();
      expect(late.statusCode).toBe(409);
      expect(late.json().reason).toBe('over');
    } finally {
      server.ctx.clock = () => WEDNESDAY_MORNING;
    }
    const unknown = await server.app.inject({
      method: 'POST',
      url: '/api/public/invitation/join',
      headers: { authorization: 'Bearer nope' },
    });
    expect(unknown.statusCode).toBe(404);
  });
});
