import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKeyStore } from '../../src/server/modules/integrations/api-keys';
import { describeEachDb } from '../support/each-db';
import { startTestServer, type TestServer } from '../support/server';
import {
  OPERATOR_TOKEN,
  operatorEnv,
  operatorHeaders,
  provisionTenant,
  sessionCookie,
  signIn,
} from './operator-fixtures';

describe('operator API without OPERATOR_TOKEN', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(() => server.close());

  it('is not mounted: every address answers 404, with or without a token', async () => {
    for (const [method, url] of [
      ['GET', '/api/operator/authorities'],
      ['POST', '/api/operator/authorities'],
      ['POST', '/api/operator/authorities/musterstadt/disable'],
      ['GET', '/api/operator/openapi.json'],
    ] as const) {
      const response = await server.app.inject({ method, url, headers: operatorHeaders(), payload: {} });
      expect(response.statusCode, `${method} ${url}`).toBe(404);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
    }
    expect(server.routes.some((r) => r.url.startsWith('/api/operator'))).toBe(false);
  });
});

describeEachDb('operator API', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { env: operatorEnv });
  });
  afterAll(() => server.close());

  const operator = (
    method: 'GET' | 'POST',
    url: string,
    payload?: object,
    headers: Record<string, string> = operatorHeaders(),
  ) => server.app.inject({ method, url: `/api/operator${url}`, headers, ...(payload ? { payload } : {}) });
  const count = async (table: string) =>
    (await server.ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

  it('refuses a missing, wrong or differently sent token with 401 problem+json, before parsing', async () => {
    const tenants = await count('tenants');
    const body = { slug: 'fremd', name: 'Fremd', admin: { email: 'x@fremd.example' } };
    const wrongSameLength = `${OPERATOR_TOKEN.slice(0, -1)}X`;
    for (const headers of [
      {},
      { authorization: `Bearer ${wrongSameLength}` },
      { authorization: `Bearer ${OPERATOR_TOKEN}x` },
      { authorization: `Bearer ${OPERATOR_TOKEN.slice(0, 8)}` },
      { authorization: `Basic ${Buffer.from(`operator:${OPERATOR_TOKEN}`).toString('base64')}` },
      { authorization: OPERATOR_TOKEN },
      { authorization: 'Bearer ' },
    ] as Record<string, string>[]) {
      for (const [method, url, payload] of [
        ['GET', '/authorities', undefined],
        ['POST', '/authorities', body],
        ['POST', '/authorities/musterstadt/disable', undefined],
        ['POST', '/backups', { target: '/tmp/amtsraum-never-written' }],
        ['GET', '/openapi.json', undefined],
      ] as const) {
        const response = await operator(method, url, payload, headers);
        expect(response.statusCode, `${method} ${url} ${JSON.stringify(headers)}`).toBe(401);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
      }
    }
    expect(await count('tenants')).toBe(tenants);
  });

  it('creates an authority whose first administrator signs in with the password shown once', async () => {
    const created = await operator('POST', '/authorities', {
      slug: 'landkreis-beispiel',
      name: 'Landkreis Beispiel',
      holidayState: 'NW',
      admin: { email: 'A.Admin@Landkreis-Beispiel.example', displayName: 'Anna Admin' },
    });
    expect(created.statusCode, created.body).toBe(201);
    const { authority, admin } = created.json();
    expect(authority).toMatchObject({
      slug: 'landkreis-beispiel',
      name: 'Landkreis Beispiel',
      timeZone: 'Europe/Berlin',
      holidayState: 'NW',
      status: 'active',
      disabledAt: null,
      staffCount: 1,
    });
    expect(admin).toMatchObject({ email: 'a.admin@landkreis-beispiel.example', displayName: 'Anna Admin' });
    expect(created.headers['cache-control']).toBe('no-store');
    // The password works (administrators then set up their second factor).
    const login = await signIn(server, admin.email, admin.password);
    expect(login.passwordAccepted, `sign-in answered ${login.status}`).toBe(true);
    const me = await server.app.inject({
      url: '/api/auth/me',
      headers: { cookie: await sessionCookie(server, admin.id) },
    });
    expect(me.json()).toMatchObject({ role: 'admin', tenant: { slug: 'landkreis-beispiel' } });

    const list = await operator('GET', '/authorities');
    expect(list.statusCode).toBe(200);
    expect(list.json().authorities.find((a: { slug: string }) => a.slug === 'landkreis-beispiel')).toEqual(
      authority,
    );
    // The authority's own audit trail names the operator.
    const audit = await server.ctx.db.query<{ actor: string; action: string }>(
      'SELECT actor, action FROM audit_events WHERE tenant_id = $1 ORDER BY seq LIMIT 1',
      [authority.id],
    );
    expect(audit).toEqual([{ actor: 'operator:api', action: 'tenant.created' }]);
  });

  // An administrator's address in another authority is no conflict: addresses are an authority's own.
  it('answers bad input with 400 naming the field, a taken slug with 409, and stores nothing', async () => {
    const tenants = await count('tenants');
    const staff = await count('staff');
    const cases: [object, number, string?][] = [
      [{ slug: 'Gross', name: 'X', admin: { email: 'x@x.example' } }, 400, 'body.slug'],
      [{ slug: 'login', name: 'X', admin: { email: 'x@x.example' } }, 400, 'body.slug'],
      [{ slug: 'ok-slug', name: 'X', admin: { email: 'kein-mail' } }, 400, 'body.admin.email'],
      [{ slug: 'ok-slug', name: 'X' }, 400, 'body.admin'],
      [
        { slug: 'ok-slug', name: 'X', timeZone: 'Mond/Krater', admin: { email: 'x@x.example' } },
        400,
        'body.timeZone',
      ],
      [{ slug: 'landkreis-beispiel', name: 'X', admin: { email: 'neu@x.example' } }, 409],
    ];
    for (const [payload, status, field] of cases) {
      const response = await operator('POST', '/authorities', payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(status);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
      if (field) expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect(await count('tenants')).toBe(tenants);
    expect(await count('staff')).toBe(staff);
    expect((await operator('POST', '/authorities/gibt-es-nicht/disable')).statusCode).toBe(404);
    expect((await operator('POST', '/authorities/gibt-es-nicht/enable')).statusCode).toBe(404);
    const junk = await operator('POST', '/authorities/Nicht_Gueltig/disable');
    expect(junk.statusCode).toBe(400);
    expect(junk.json().errors[0].field).toMatch(/^params/);
  });

  it('disables an authority: pages 410, sessions end, sign-in and API keys refused, nothing deleted; enabling restores it', async () => {
    const tenant = await provisionTenant(server, 'Stadt Abschalten');
    const agent = await tenant.staff('agent');
    const office = await server.app.inject({
      method: 'POST',
      url: '/api/admin/offices',
      headers: { cookie: tenant.admin.cookie },
      payload: {
        unitId: tenant.unitId,
        slug: 'buergeramt',
        name: 'Virtuelles Bürgeramt',
        openingHours: {},
        closedDays: [],
        capacity: 10,
      },
    });
    expect(office.statusCode, office.body).toBe(201);
    const apiKey = await createApiKeyStore(server.ctx.db).create(tenant.tenantId, tenant.admin.id, {
      name: 'Fachverfahren',
      scopes: ['appointments:read'],
    });
    const other = await provisionTenant(server, 'Stadt Nebenan');
    const me = (cookie: string) => server.app.inject({ url: '/api/auth/me', headers: { cookie } });
    const publicPage = (slug: string) => server.app.inject({ url: `/api/public/tenants/${slug}` });
    const v1 = () =>
      server.app.inject({ url: '/api/v1/appointments', headers: { authorization: `Bearer ${apiKey.key}` } });
    expect((await publicPage(tenant.slug)).statusCode).toBe(200);
    expect((await v1()).statusCode).toBe(200);
    const stored = async () =>
      (
        await server.ctx.db.query<{ n: number }>(
          `SELECT (SELECT count(*) FROM staff WHERE tenant_id = $1) + (SELECT count(*) FROM offices WHERE tenant_id = $1)
                + (SELECT count(*) FROM units WHERE tenant_id = $1) + (SELECT count(*) FROM api_keys WHERE tenant_id = $1) AS n`,
          [tenant.tenantId],
        )
      )[0]!.n;
    const before = Number(await stored());

    const disabled = await operator('POST', `/authorities/${tenant.slug}/disable`);
    expect(disabled.statusCode, disabled.body).toBe(200);
    expect(disabled.json()).toMatchObject({
      changed: true,
      authority: { status: 'disabled', staffCount: 2 },
    });
    expect(disabled.json().authority.disabledAt).not.toBeNull();

    // Sessions ended, sign-in refused for every account of the authority.
    expect((await me(tenant.admin.cookie)).statusCode).toBe(401);
    expect((await me(agent.cookie)).statusCode).toBe(401);
    expect((await signIn(server, tenant.admin.email, tenant.admin.password)).status).toBe(401);
    expect((await signIn(server, agent.email, agent.password)).status).toBe(401);
    // Public pages and API answer 410 with a clear message.
    const gone = await publicPage(tenant.slug);
    expect(gone.statusCode).toBe(410);
    expect(gone.headers['content-type']).toMatch(/problem\+json/);
    expect(gone.json()).toMatchObject({ status: 410, reason: 'authority-disabled' });
    const services = await server.app.inject({ url: `/api/public/tenants/${tenant.slug}/services` });
    expect(services.statusCode).toBe(410);
    const entry = await server.app.inject({
      method: 'POST',
      url: `/api/public/tenants/${tenant.slug}/offices/buergeramt/visits`,
      payload: { displayName: 'Erika', concern: 'Umzug', audioOnly: false },
    });
    expect(entry.statusCode).toBe(410);
    const page = await server.app.inject({
      url: `/${tenant.slug}/termine`,
      headers: { accept: 'text/html' },
    });
    expect(page.statusCode).toBe(410);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('Stadt Abschalten ist hier nicht erreichbar');
    expect(page.body).not.toMatch(/<script/i);
    const refusedKey = await v1();
    expect(refusedKey.statusCode).toBe(403);
    expect(refusedKey.json().reason).toBe('authority-disabled');
    // Nothing deleted; the neighbour untouched.
    expect(Number(await stored())).toBe(before);
    expect((await publicPage(other.slug)).statusCode).toBe(200);
    expect((await me(other.admin.cookie)).statusCode).toBe(200);
    // Again: nothing changes.
    expect((await operator('POST', `/authorities/${tenant.slug}/disable`)).json().changed).toBe(false);
    const listed = (await operator('GET', '/authorities')).json().authorities;
    expect(listed.find((a: { slug: string }) => a.slug === tenant.slug).status).toBe('disabled');

    const enabled = await operator('POST', `/authorities/${tenant.slug}/enable`);
    expect(enabled.statusCode).toBe(200);
    expect(enabled.json()).toMatchObject({
      changed: true,
      authority: { status: 'active', disabledAt: null },
    });
    expect((await publicPage(tenant.slug)).statusCode).toBe(200);
    expect((await v1()).statusCode).toBe(200);
    expect((await signIn(server, tenant.admin.email, tenant.admin.password)).passwordAccepted).toBe(true);
    expect((await me(await sessionCookie(server, tenant.admin.id))).statusCode).toBe(200);
    // The agent signs in with the password alone again (no second factor asked of agents by default).
    const agentAgain = await signIn(server, agent.email, agent.password);
    expect(agentAgain.passwordAccepted).toBe(true);
    expect(Number(await stored())).toBe(before);
    const actions = await server.ctx.db.query<{ actor: string; action: string }>(
      `SELECT actor, action FROM audit_events WHERE tenant_id = $1 AND actor = 'operator:api' ORDER BY seq`,
      [tenant.tenantId],
    );
    expect(actions.map((a) => a.action)).toEqual(['tenant.created', 'tenant.disabled', 'tenant.enabled']);
  });

  it('documents its routes in an OpenAPI 3.1 document of their own', async () => {
    const response = await operator('GET', '/openapi.json');
    expect(response.statusCode).toBe(200);
    const doc = response.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/operator/authorities',
      '/api/operator/authorities/{slug}/disable',
      '/api/operator/authorities/{slug}/enable',
      '/api/operator/backups',
      '/api/operator/openapi.json',
    ]);
    expect(doc.paths['/api/operator/authorities'].post.requestBody).toBeDefined();
    // The case systems' document stays theirs alone.
    const v1 = await server.app.inject({ url: '/api/v1/openapi.json' });
    expect(Object.keys(v1.json().paths).some((p) => p.startsWith('/api/operator'))).toBe(false);
  });
});
