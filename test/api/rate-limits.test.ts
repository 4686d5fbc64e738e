import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EMBED_PAGE_PATH } from '../../src/shared/embed';
import { describeEachDb } from '../support/each-db';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../support/server';
import { enterFrom, expectTooMany, PROXY, RATE_LIMIT_ENV } from './rate-limits-fixtures';
import { agentFor, openOffice } from './visits-fixtures';

describeEachDb('rate limits of the public routes', (kind) => {
  let server: TestServer;
  let tenant: TestTenant;
  beforeAll(async () => {
    server = await startTestServer(kind, { env: RATE_LIMIT_ENV });
    tenant = await createTestTenant(server);
  });
  afterAll(() => server.close());

  const visitsIn = async (officeId: string) =>
    (await server.ctx.db.query('SELECT 1 FROM visits WHERE office_id = $1', [officeId])).length;
  /** A join link redeemed (here with a made-up token): cheap, and limited to 2 per minute per address. */
  const join = (remoteAddress: string, headers: Record<string, string> = {}) =>
    server.app.inject({
      method: 'POST',
      url: '/api/public/appointment/join',
      remoteAddress,
      headers: { authorization: `Bearer ${'a'.repeat(43)}`, ...headers },
    });

  it('lets two entries a minute through from one address, answers the third with 429 problem+json, and lets others in', async () => {
    const office = await openOffice(server, tenant, 'eintritt');
    for (let i = 0; i < 2; i++) {
      expect((await enterFrom(server.app, '198.51.100.1', tenant.slug, 'eintritt')).statusCode).toBe(201);
    }
    expectTooMany(await enterFrom(server.app, '198.51.100.1', tenant.slug, 'eintritt'), {
      limit: 'visit-entry',
      scope: 'address',
    });
    expect((await enterFrom(server.app, '198.51.100.2', tenant.slug, 'eintritt')).statusCode).toBe(201);
    expect(await visitsIn(office.id)).toBe(3);
  });

  it("limits an office's entries from all addresses together, without one address using up the others' share", async () => {
    const office = await openOffice(server, tenant, 'andrang');
    const other = await openOffice(server, tenant, 'ruhig');
    const statuses = [];
    // One address over its own limit: its refused attempts do not count for the office.
    for (let i = 0; i < 4; i++)
      statuses.push((await enterFrom(server.app, '192.0.2.1', tenant.slug, 'andrang')).statusCode);
    expect(statuses).toEqual([201, 201, 429, 429]);
    for (const address of ['192.0.2.2', '192.0.2.3']) {
      expect((await enterFrom(server.app, address, tenant.slug, 'andrang')).statusCode).toBe(201);
    }
    // Four entries in this minute: the office is full for everyone, the other office is not.
    expectTooMany(await enterFrom(server.app, '192.0.2.4', tenant.slug, 'andrang'), {
      limit: 'office-entries',
      scope: 'office',
    });
    expect((await enterFrom(server.app, '192.0.2.4', tenant.slug, 'ruhig')).statusCode).toBe(201);
    expect(await visitsIn(office.id)).toBe(4);
    expect(await visitsIn(other.id)).toBe(1);
  });

  it("believes X-Forwarded-For from the trusted proxy only; anyone else's is ignored", async () => {
    const viaProxy = (client: string) => join(PROXY, { 'x-forwarded-for': client });
    expect((await viaProxy('203.0.113.7')).statusCode).not.toBe(429);
    expect((await viaProxy('203.0.113.7')).statusCode).not.toBe(429);
    expectTooMany(await viaProxy('203.0.113.7'), { limit: 'join', scope: 'address' });
    // Another citizen behind the same proxy has a count of their own.
    expect((await viaProxy('203.0.113.8')).statusCode).not.toBe(429);

    // A client that is no proxy cannot pretend to be a new one by naming another address each time.
    const forged = (n: number) => join('198.51.100.9', { 'x-forwarded-for': `203.0.113.${100 + n}` });
    expect((await forged(1)).statusCode).not.toBe(429);
    expect((await forged(2)).statusCode).not.toBe(429);
    expectTooMany(await forged(3), { limit: 'join', scope: 'address' });
  });

  it('counts an IPv6 client by its /64, as one connection usually gets a whole /64', async () => {
    expect((await join('2001:db8:1:2::1')).statusCode).not.toBe(429);
    expect((await join('2001:db8:1:2:ffff:ffff:ffff:ffff')).statusCode).not.toBe(429);
    expectTooMany(await join('2001:db8:1:2::3'), { limit: 'join', scope: 'address' });
    expect((await join('2001:db8:1:3::1')).statusCode).not.toBe(429);
  });

  it('lets two bookings an hour through from one address and says to wait for the rest of the hour', async () => {
    const book = () =>
      server.app.inject({
        method: 'POST',
        url: `/api/public/tenants/${tenant.slug}/services/${randomUUID()}/appointments`,
        remoteAddress: '198.51.100.20',
        payload: {},
      });
    expect((await book()).statusCode).not.toBe(429);
    expect((await book()).statusCode).not.toBe(429);
    const refused = await book();
    expectTooMany(refused, { limit: 'booking', scope: 'address', windowSeconds: 3600 });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3000);
  });

  it('limits sign-in attempts per address besides the lockout of each account', async () => {
    const signIn = (n: number) =>
      server.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '198.51.100.30',
        payload: { email: `niemand-${n}@example.org`, password: 'falsch' },
      });
    for (let n = 0; n < 5; n++) expect((await signIn(n)).statusCode).toBe(401);
    expectTooMany(await signIn(5), { limit: 'sign-in', scope: 'address' });
  });

  it('puts every public route behind the per-address limit, and no staff route', async () => {
    const address = '198.51.100.40';
    for (let i = 0; i < 40; i++) {
      const response = await server.app.inject({
        method: 'GET',
        url: `/api/public/tenants/${tenant.slug}`,
        remoteAddress: address,
      });
      expect(response.statusCode).toBe(200);
    }
    const isPublic = (method: string, url: string) =>
      url.startsWith('/api/public/') ||
      url === `/:tenantSlug/${EMBED_PAGE_PATH}` ||
      (method === 'POST' && url === '/api/auth/login');
    const publicRoutes = server.routes.filter((r) => r.method !== 'HEAD' && isPublic(r.method, r.url));
    expect(publicRoutes.length).toBeGreaterThan(15);
    for (const route of publicRoutes) {
      const url = route.url.replace(/:[A-Za-z]+/g, randomUUID());
      const response = await server.app.inject({
        method: route.method as 'GET',
        url,
        remoteAddress: address,
      });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(429);
    }
    // A citizen's requests in a consultation count too; staff with their session are not limited.
    const asCitizen = await server.app.inject({
      method: 'GET',
      url: `/api/consultations/${randomUUID()}`,
      remoteAddress: address,
      headers: { authorization: `Bearer ${'c'.repeat(43)}` },
    });
    expect(asCitizen.statusCode).toBe(429);
    const agent = await agentFor(server, tenant, []);
    const asStaff = await server.app.inject({
      method: 'GET',
      url: '/api/staff/workspace',
      remoteAddress: address,
      headers: { cookie: agent.cookie },
    });
    expect(asStaff.statusCode).toBe(200);
  });
});
