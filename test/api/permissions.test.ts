import { afterAll, beforeAll, expect, it } from 'vitest';
import { unitRepository } from '../../src/server/modules/admin/units';
import { describeEachDb } from '../support/each-db';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { officeBody, serviceBody } from './fixtures';

describeEachDb('roles', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.close());
  const send = (method: 'POST' | 'PUT' | 'DELETE' | 'GET', url: string, cookie: string, payload?: object) =>
    server.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

  it('lets a lead manage services and offices of their own unit subtree only', async () => {
    const tenant = await createTestTenant(server);
    const units = unitRepository(server.ctx);
    const child = await units.create(tenant.tenantId, { name: 'Meldewesen', parentId: tenant.unitId });
    const other = await units.create(tenant.tenantId, { name: 'Bauamt', parentId: null });
    const lead = await tenant.staff('lead', { unitId: tenant.unitId });
    const own = await send('POST', '/api/admin/services', lead.cookie, serviceBody(child.id));
    expect(own.statusCode).toBe(201);
    expect((await send('POST', '/api/admin/offices', lead.cookie, officeBody(child.id))).statusCode).toBe(
      201,
    );
    expect((await send('POST', '/api/admin/services', lead.cookie, serviceBody(other.id))).statusCode).toBe(
      403,
    );
    // Moving an own service into a foreign unit is a write on the foreign unit too.
    const moved = await send(
      'PUT',
      `/api/admin/services/${own.json().id}`,
      lead.cookie,
      serviceBody(other.id),
    );
    expect(moved.statusCode).toBe(403);
    expect(
      (await send('POST', '/api/admin/units', lead.cookie, { name: 'Neu', parentId: null })).statusCode,
    ).toBe(403);
    expect((await send('GET', '/api/admin/staff', lead.cookie)).statusCode).toBe(200);
    expect(
      (
        await send('PUT', '/api/admin/tenant', lead.cookie, {
          name: 'X',
          logoUrl: null,
          timeZone: 'Europe/Berlin',
          holidayState: 'BY',
          retentionDays: 30,
          protocolRetentionDays: 3650,
        })
      ).statusCode,
    ).toBe(403);
  });

  it('gives an agent read access and no writes', async () => {
    const tenant = await createTestTenant(server);
    const agent = await tenant.staff('agent');
    expect((await send('GET', '/api/admin/offices', agent.cookie)).statusCode).toBe(200);
    const refused = await send('POST', '/api/admin/services', agent.cookie, serviceBody(tenant.unitId));
    expect(refused.statusCode).toBe(403);
    expect(refused.headers['content-type']).toMatch(/problem\+json/);
    expect((await send('POST', '/api/admin/staff', agent.cookie, {})).statusCode).toBe(400);
  });

  it('keeps an admin from removing their own admin rights, and lets them manage colleagues', async () => {
    const tenant = await createTestTenant(server);
    const admin = await tenant.staff('admin');
    const self = {
      email: admin.email,
      displayName: 'Ich',
      role: 'agent',
      unitId: null,
      officeIds: [],
      active: true,
    };
    expect((await send('PUT', `/api/admin/staff/${admin.id}`, admin.cookie, self)).statusCode).toBe(409);
    expect((await send('DELETE', `/api/admin/staff/${admin.id}`, admin.cookie)).statusCode).toBe(409);
    const created = await send('POST', '/api/admin/staff', admin.cookie, {
      email: 'Neu@Example.org',
      displayName: 'Neue Kollegin',
      role: 'lead',
      unitId: tenant.unitId,
      officeIds: [],
      active: true,
      password: 'a-long-enough-password',
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ email: 'neu@example.org', role: 'lead' });
    expect(created.json()).not.toHaveProperty('password');
    const login = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'neu@example.org', password: 'a-long-enough-password' },
    });
    expect(login.statusCode).toBe(204);
    const twin = await send('POST', '/api/admin/staff', admin.cookie, {
      ...created.json(),
      id: undefined,
      password: 'another-long-password',
    });
    expect(twin.statusCode).toBe(409);
  });

  it('refuses to move a unit below itself and to delete a unit still in use', async () => {
    const tenant = await createTestTenant(server);
    const admin = await tenant.staff('admin');
    const child = await unitRepository(server.ctx).create(tenant.tenantId, {
      name: 'Kind',
      parentId: tenant.unitId,
    });
    const loop = await send('PUT', `/api/admin/units/${tenant.unitId}`, admin.cookie, {
      name: 'Bürgeramt',
      parentId: child.id,
    });
    expect(loop.statusCode).toBe(409);
    expect((await send('DELETE', `/api/admin/units/${tenant.unitId}`, admin.cookie)).statusCode).toBe(409);
    expect((await send('DELETE', `/api/admin/units/${child.id}`, admin.cookie)).statusCode).toBe(204);
  });
});
