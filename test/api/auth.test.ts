import { afterAll, beforeAll, expect, it } from 'vitest';
import { cookieHeader } from '../support/cookies';
import { describeEachDb } from '../support/each-db';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';

describeEachDb('staff sign-in', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.close());

  const login = (email: string, password: string) =>
    server.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
  const me = (cookie: string) => server.app.inject({ url: '/api/auth/me', headers: { cookie } });

  it('signs in with the right password into an http-only session and out again', async () => {
    const tenant = await createTestTenant(server);
    const agent = await tenant.staff('agent');
    const response = await login(agent.email.toUpperCase(), agent.password);
    expect(response.statusCode).toBe(204);
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const cookie = cookieHeader(response.headers['set-cookie']);
    const who = await me(cookie);
    expect(who.statusCode).toBe(200);
    expect(who.json()).toMatchObject({ email: agent.email, role: 'agent', tenant: { slug: tenant.slug } });
    expect(
      (await server.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode,
    ).toBe(204);
    expect((await me(cookie)).statusCode).toBe(401);
  });

  it('refuses a wrong password and an unknown e-mail with the same answer, never telling which', async () => {
    const tenant = await createTestTenant(server);
    const agent = await tenant.staff('agent');
    const wrong = await login(agent.email, 'not-the-password');
    const unknown = await login('nobody@nowhere.example', 'whatever-password');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(wrong.headers['content-type']).toMatch(/application\/problem\+json/);
  });

  it('ends every session when an admin disables the account', async () => {
    const tenant = await createTestTenant(server);
    const admin = await tenant.staff('admin');
    const agent = await tenant.staff('agent');
    const current = (
      await server.app.inject({ url: `/api/admin/staff/${agent.id}`, headers: { cookie: admin.cookie } })
    ).json();
    const { id: _id, ...body } = current;
    const disabled = await server.app.inject({
      method: 'PUT',
      url: `/api/admin/staff/${agent.id}`,
      headers: { cookie: admin.cookie },
      payload: { ...body, active: false },
    });
    expect(disabled.statusCode).toBe(200);
    expect((await me(agent.cookie)).statusCode).toBe(401);
    expect((await login(agent.email, agent.password)).statusCode).toBe(401);
  });

  it('lets an admin end the sessions of a colleague', async () => {
    const tenant = await createTestTenant(server);
    const admin = await tenant.staff('admin');
    const agent = await tenant.staff('agent');
    const ended = await server.app.inject({
      method: 'DELETE',
      url: `/api/admin/staff/${agent.id}/sessions`,
      headers: { cookie: admin.cookie },
    });
    expect(ended.statusCode).toBe(204);
    expect((await me(agent.cookie)).statusCode).toBe(401);
    expect((await me(admin.cookie)).statusCode).toBe(200);
  });

  it('ends a session after the idle timeout and after its absolute lifetime', async () => {
    const tenant = await createTestTenant(server);
    const idle = await tenant.staff('agent');
    const old = await tenant.staff('agent');
    await server.ctx.db.query(
      `UPDATE staff_sessions SET last_seen_at = now() - interval '61 minutes'
        WHERE staff_id = (SELECT id FROM staff WHERE email = $1)`,
      [idle.email],
    );
    await server.ctx.db.query(
      `UPDATE staff_sessions SET created_at = now() - interval '13 hours'
        WHERE staff_id = (SELECT id FROM staff WHERE email = $1)`,
      [old.email],
    );
    expect((await me(idle.cookie)).statusCode).toBe(401);
    expect((await me(old.cookie)).statusCode).toBe(401);
  });

  it('stores only a hash of the session token and an argon2id hash of the password', async () => {
    const tenant = await createTestTenant(server);
    const agent = await tenant.staff('agent');
    const token = agent.cookie.split('=')[1]!;
    const [row] = await server.ctx.db.query<{ password_hash: string; tokens: string[] }>(
      `SELECT password_hash, array(SELECT token_hash FROM staff_sessions WHERE staff_id = s.id) AS tokens
         FROM staff s WHERE email = $1`,
      [agent.email],
    );
    expect(row!.password_hash).toMatch(/^\$argon2id\$/);
    expect(row!.tokens).toHaveLength(1);
    expect(row!.tokens).not.toContain(token);
  });
});
