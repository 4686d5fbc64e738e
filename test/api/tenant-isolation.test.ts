import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '../support/each-db';
import { startTestServer, type TestServer } from '../support/server';
import { officeBody, serviceBody } from './fixtures';
import { operatorEnv, provisionTenant } from './operator-fixtures';

/**
 * Authority A's administrator must see and touch nothing of authority B's. Both authorities are created
 * as the operator creates them (the operator API, on the provisioning path of the CLI and the demo seed),
 * and everything in them by their own first administrators.
 */
describeEachDb('tenant isolation', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { env: operatorEnv });
  });
  afterAll(() => server.close());

  it("gives A's admin 404 for each of B's objects and never lists them", async () => {
    const a = await provisionTenant(server, 'Stadt A');
    const b = await provisionTenant(server, 'Stadt B');
    const adminA = a.admin;
    const adminB = b.admin;
    const agentB = await b.staff('agent');
    const create = async (path: string, payload: object) => {
      const response = await server.app.inject({
        method: 'POST',
        url: `/api/admin/${path}`,
        headers: { cookie: adminB.cookie },
        payload,
      });
      expect(response.statusCode, response.body).toBe(201);
      return { path, id: response.json().id as string, payload };
    };
    const objects = [
      { path: 'units', id: b.unitId, payload: { name: 'Gekapert', parentId: null } },
      await create('services', serviceBody(b.unitId)),
      await create('offices', officeBody(b.unitId)),
      { path: 'staff', id: agentB.id, payload: null },
    ];
    for (const { path, id, payload } of objects) {
      const asA = (method: 'GET' | 'PUT' | 'DELETE', body?: object) =>
        server.app.inject({
          method,
          url: `/api/admin/${path}/${id}`,
          headers: { cookie: adminA.cookie },
          ...(body ? { payload: body } : {}),
        });
      expect((await asA('GET')).statusCode, `GET ${path}`).toBe(404);
      const putBody = payload ?? {
        email: 'x@y.example',
        displayName: 'X',
        role: 'agent',
        unitId: null,
        officeIds: [],
        active: true,
      };
      expect((await asA('PUT', putBody)).statusCode, `PUT ${path}`).toBe(404);
      expect((await asA('DELETE')).statusCode, `DELETE ${path}`).toBe(404);
      const list = await server.app.inject({ url: `/api/admin/${path}`, headers: { cookie: adminA.cookie } });
      expect(list.json().map((o: { id: string }) => o.id)).not.toContain(id);
      // Still there, untouched, for B.
      expect(
        (await server.app.inject({ url: `/api/admin/${path}/${id}`, headers: { cookie: adminB.cookie } }))
          .statusCode,
      ).toBe(200);
    }
    const endSessions = await server.app.inject({
      method: 'DELETE',
      url: `/api/admin/staff/${agentB.id}/sessions`,
      headers: { cookie: adminA.cookie },
    });
    expect(endSessions.statusCode).toBe(404);
    const tenant = await server.app.inject({ url: '/api/admin/tenant', headers: { cookie: adminA.cookie } });
    expect(tenant.json().id).toBe(a.tenantId);
  });

  it("refuses to point A's objects at B's units or offices (the database's composite keys)", async () => {
    const a = await provisionTenant(server);
    const b = await provisionTenant(server);
    const adminA = a.admin;
    const adminB = b.admin;
    const officeB = await server.app.inject({
      method: 'POST',
      url: '/api/admin/offices',
      headers: { cookie: adminB.cookie },
      payload: officeBody(b.unitId),
    });
    const attempts = [
      { url: '/api/admin/services', payload: serviceBody(b.unitId) },
      { url: '/api/admin/offices', payload: officeBody(b.unitId, 'fremd') },
      { url: '/api/admin/units', payload: { name: 'Unter B', parentId: b.unitId } },
      {
        url: '/api/admin/staff',
        payload: {
          email: 'cross@a.example',
          displayName: 'X',
          role: 'agent',
          unitId: null,
          officeIds: [officeB.json().id],
          active: true,
          password: 'Quokka-Fahrrad-Nebel-7193',
        },
      },
    ];
    for (const { url, payload } of attempts) {
      const response = await server.app.inject({
        method: 'POST',
        url,
        headers: { cookie: adminA.cookie },
        payload,
      });
      expect(response.statusCode, `${url}: ${response.body}`).toBe(409);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
    }
  });
});
