import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '../support/each-db';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';

describeEachDb('audit trail pages and filter', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.close());

  const get = (cookie: string, url: string) => server.app.inject({ url, headers: { cookie } });
  const seqs = (events: { seq: number }[]) => events.map((e) => e.seq);

  it('pages newest first below a sequence number, filters by action and lists the actions that occur', async () => {
    const tenant = await createTestTenant(server);
    const admin = await tenant.staff('admin');
    await tenant.staff('agent');
    await tenant.staff('lead');
    for (const name of ['Wohngeld', 'Elterngeld']) {
      const created = await server.app.inject({
        method: 'POST',
        url: '/api/admin/api-keys',
        headers: { cookie: admin.cookie },
        payload: { name, scopes: ['appointments:read'] },
      });
      expect(created.statusCode).toBe(201);
    }
    // Another authority's trail stays out of every answer.
    await (await createTestTenant(server, 'Andere Stadt')).staff('admin');

    const all = (await get(admin.cookie, '/api/admin/audit')).json();
    expect(all.map((e: { action: string }) => e.action)).toEqual([
      'api_key.created',
      'api_key.created',
      'auth.signed_in',
      'auth.signed_in',
      'auth.signed_in',
    ]);
    expect(seqs(all)).toEqual([5, 4, 3, 2, 1]);

    const first = await get(admin.cookie, '/api/admin/audit?limit=2');
    expect(first.statusCode, first.body).toBe(200);
    expect(seqs(first.json())).toEqual([5, 4]);
    expect(first.json()[0]).toMatchObject({
      actor: `staff:${admin.id}`,
      details: { scopes: ['appointments:read'] },
    });
    expect(seqs((await get(admin.cookie, '/api/admin/audit?limit=2&before=4')).json())).toEqual([3, 2]);
    expect(seqs((await get(admin.cookie, '/api/admin/audit?limit=2&before=2')).json())).toEqual([1]);

    const signIns = (await get(admin.cookie, '/api/admin/audit?action=auth.signed_in&limit=2')).json();
    expect(signIns.map((e: { action: string }) => e.action)).toEqual(['auth.signed_in', 'auth.signed_in']);
    expect(seqs(signIns)).toEqual([3, 2]);
    expect((await get(admin.cookie, '/api/admin/audit?action=webhook.created')).json()).toEqual([]);

    const actions = await get(admin.cookie, '/api/admin/audit/actions');
    expect(actions.json()).toEqual(['api_key.created', 'auth.signed_in']);
  });

  it('refuses bad queries with a problem document and non-admins', async () => {
    const tenant = await createTestTenant(server);
    const admin = await tenant.staff('admin');
    for (const query of [
      'limit=0',
      'limit=201',
      'before=0',
      'before=abc',
      'before=99999999999999999999',
      "action=x'%3B--",
      'page=2',
    ]) {
      const refused = await get(admin.cookie, `/api/admin/audit?${query}`);
      expect(refused.statusCode, query).toBe(400);
      expect(refused.headers['content-type'], query).toMatch(/application\/problem\+json/);
    }
    const agent = await tenant.staff('agent');
    expect((await get(agent.cookie, '/api/admin/audit/actions')).statusCode).toBe(403);
    expect((await get(agent.cookie, '/api/admin/audit?limit=5')).statusCode).toBe(403);
  });
});
