import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cookieHeader } from '../support/cookies';
import { describeEachDb } from '../support/each-db';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../support/server';
import { appCode, freshCode } from '../support/totp';

/** Issue 14: administrators sign in with a second factor (TOTP), set up on their first sign-in. */
describeEachDb('second factor', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.close());

  const post = (url: string, payload: object, cookie?: string) =>
    server.app.inject({ method: 'POST', url, payload, ...(cookie ? { headers: { cookie } } : {}) });
  const login = (who: { email: string; password: string }) =>
    post('/api/auth/login', { email: who.email, password: who.password });
  const me = (cookie: string) => server.app.inject({ url: '/api/auth/me', headers: { cookie } });
  const nowMs = () => server.ctx.clock().epochMilliseconds;

  /** A colleague created by the tenant's administrator, with no second factor yet. */
  async function newColleague(tenant: TestTenant, role: 'admin' | 'agent') {
    const admin = await tenant.staff('admin');
    const who = {
      email: `${role}-${randomBytes(4).toString('hex')}@${tenant.slug}.example`,
      password: `${randomBytes(10).toString('hex')}-Wanderdüne`,
    };
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/admin/staff',
      headers: { cookie: admin.cookie },
      payload: { ...who, displayName: 'Neu', role, unitId: tenant.unitId, officeIds: [], active: true },
    });
    expect(created.statusCode, created.body).toBe(201);
    return { ...who, id: created.json().id as string, admin };
  }

  /** Password, then the set-up of an app during that sign-in; returns the secret and the recovery codes. */
  async function enrol(who: { email: string; password: string }) {
    const password = await login(who);
    expect(password.statusCode).toBe(200);
    expect(password.json()).toEqual({ next: 'enrol' });
    const challenge = cookieHeader(password.headers['set-cookie']);
    // Half-way through, the browser has no session: nothing of the admin API opens.
    expect((await me(challenge)).statusCode).toBe(401);
    expect(
      (await server.app.inject({ url: '/api/admin/staff', headers: { cookie: challenge } })).statusCode,
    ).toBe(401);
    const started = await post('/api/auth/second-factor/totp', {}, challenge);
    expect(started.statusCode).toBe(200);
    const { secret, uri, qrSvg } = started.json();
    expect(uri).toMatch(/^otpauth:\/\/totp\/Amtsraum:/);
    expect(new URL(uri).searchParams.get('secret')).toBe(secret);
    expect(new URL(uri).searchParams.get('issuer')).toBe('Amtsraum');
    expect(qrSvg).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    const wrong = await post('/api/auth/second-factor/totp/confirm', { code: '000000' }, challenge);
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors).toEqual([expect.objectContaining({ field: 'body.code' })]);
    const confirmed = await post(
      '/api/auth/second-factor/totp/confirm',
      { code: appCode(secret, nowMs()) },
      challenge,
    );
    expect(confirmed.statusCode).toBe(200);
    const { recoveryCodes } = confirmed.json() as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    const session = cookieHeader(confirmed.headers['set-cookie']);
    expect((await me(session)).statusCode).toBe(200);
    return { secret: secret as string, recoveryCodes };
  }

  it('has a new administrator set up an authenticator app on the first sign-in, then asks for its code', async () => {
    const tenant = await createTestTenant(server);
    const admin = await newColleague(tenant, 'admin');
    const { secret } = await enrol(admin);
    // The database keeps the seed sealed with FILE_MASTER_KEY: a copy of it reads no codes.
    const [row] = await server.ctx.db.query<{ secret: string }>(
      'SELECT secret FROM staff_totp WHERE staff_id = $1',
      [admin.id],
    );
    expect(row?.secret).toMatch(/^sealed:v1:/);
    expect(row?.secret).not.toContain(secret);

    const again = await login(admin);
    expect(again.json()).toEqual({ next: 'code' });
    const challenge = cookieHeader(again.headers['set-cookie']);
    // With a factor set up, a password alone cannot replace it with the attacker's app.
    expect((await post('/api/auth/second-factor/totp', {}, challenge)).statusCode).toBe(409);
    // The code used to confirm the set-up does not work a second time (RFC 6238 §5.2).
    const replayed = await post(
      '/api/auth/login/second-factor',
      { code: appCode(secret, nowMs()) },
      challenge,
    );
    expect(replayed.statusCode).toBe(401);
    const ok = await post(
      '/api/auth/login/second-factor',
      { code: await freshCode(server, admin.id) },
      challenge,
    );
    expect(ok.statusCode).toBe(204);
    expect((await me(cookieHeader(ok.headers['set-cookie']))).json()).toMatchObject({ role: 'admin' });
    // The challenge is spent with the sign-in.
    const spent = await post('/api/auth/login/second-factor', { code: '123456' }, challenge);
    expect(spent.statusCode).toBe(401);
    expect(spent.json().detail).toMatch(/password again/);
  });

  it('takes each recovery code once in place of the app', async () => {
    const tenant = await createTestTenant(server);
    const admin = await newColleague(tenant, 'admin');
    const { recoveryCodes } = await enrol(admin);
    const code = recoveryCodes[3]!;
    const first = await login(admin);
    const used = await post(
      '/api/auth/login/second-factor',
      { code: code.toLowerCase() },
      cookieHeader(first.headers['set-cookie']),
    );
    expect(used.statusCode).toBe(204);
    const second = await login(admin);
    const reused = await post(
      '/api/auth/login/second-factor',
      { code },
      cookieHeader(second.headers['set-cookie']),
    );
    expect(reused.statusCode).toBe(401);
    const status = await server.app.inject({
      url: '/api/auth/second-factor',
      headers: { cookie: cookieHeader(used.headers['set-cookie']) },
    });
    expect(status.json()).toEqual({ required: true, totp: true, passkey: false, recoveryCodesLeft: 9 });
  });

  it('ends the sign-in after five wrong codes: the right one then needs the password again', async () => {
    const tenant = await createTestTenant(server);
    const admin = await tenant.staff('admin');
    const started = await login({ email: admin.email, password: admin.password });
    const challenge = cookieHeader(started.headers['set-cookie']);
    for (let i = 0; i < 5; i++) {
      const wrong = await post('/api/auth/login/second-factor', { code: String(100000 + i) }, challenge);
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json().detail).toMatch(i < 4 ? /wrong/ : /password again/);
    }
    const late = await post(
      '/api/auth/login/second-factor',
      { code: await freshCode(server, admin.id) },
      challenge,
    );
    expect(late.statusCode).toBe(401);
    // The wrong codes counted against the account's throttle like wrong passwords: no session came of it.
    const audit = await server.ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE object = $1 AND details ->> 'reason' = 'wrong-code'`,
      [`staff:${admin.id}`],
    );
    expect(audit[0]!.n).toBe(5);
  });

  it('lets an administrator reset a lost factor, and the authority require one of everyone', async () => {
    const tenant = await createTestTenant(server);
    const agent = await newColleague(tenant, 'agent');
    // A factor is optional for agents by default: the password is enough.
    expect((await login(agent)).statusCode).toBe(204);
    const settings = await server.app.inject({
      url: '/api/admin/tenant',
      headers: { cookie: agent.admin.cookie },
    });
    const { id: _id, slug: _slug, ...body } = settings.json();
    expect(body.secondFactor).toBe('admins');
    const everyone = await server.app.inject({
      method: 'PUT',
      url: '/api/admin/tenant',
      headers: { cookie: agent.admin.cookie },
      payload: { ...body, secondFactor: 'everyone' },
    });
    expect(everyone.statusCode, everyone.body).toBe(200);
    await enrol(agent);

    // Phone lost: the administrator resets the factor, and the next sign-in sets up a new one.
    const reset = await server.app.inject({
      method: 'DELETE',
      url: `/api/admin/staff/${agent.id}/second-factor`,
      headers: { cookie: agent.admin.cookie },
    });
    expect(reset.statusCode).toBe(204);
    await enrol(agent);
    const [trail] = await server.ctx.db.query<{ actor: string }>(
      `SELECT actor FROM audit_events WHERE object = $1 AND action = 'staff.second_factor_reset'`,
      [`staff:${agent.id}`],
    );
    expect(trail?.actor).toBe(`staff:${agent.admin.id}`);
  });

  it('starts a passkey set-up only for an account without a factor, and spends its challenge on any answer', async () => {
    const tenant = await createTestTenant(server);
    const fresh = await newColleague(tenant, 'admin');
    const answer = {
      id: 'AAAA',
      rawId: 'AAAA',
      type: 'public-key',
      response: { clientDataJSON: 'e30', attestationObject: 'AAAA' },
      clientExtensionResults: {},
    };
    expect((await post('/api/auth/second-factor/passkey/options', {})).statusCode).toBe(401);
    const password = await login(fresh);
    const challenge = cookieHeader(password.headers['set-cookie']);
    const options = await post('/api/auth/second-factor/passkey/options', {}, challenge);
    expect(options.statusCode).toBe(200);
    expect(options.json()).toMatchObject({
      rp: { id: server.ctx.config.publicUrl.hostname, name: 'Amtsraum' },
      user: { name: fresh.email },
      attestation: 'none',
    });
    expect(options.json().challenge).toMatch(/^[\w-]{20,}$/);
    const forged = await post('/api/auth/second-factor/passkey', { response: answer }, challenge);
    expect(forged.statusCode).toBe(400);
    expect(forged.json().errors).toEqual([expect.objectContaining({ field: 'body.response' })]);
    // The challenge went with that answer: a second try must start over.
    expect((await post('/api/auth/second-factor/passkey', { response: answer }, challenge)).statusCode).toBe(
      409,
    );
    expect(
      await server.ctx.db.query('SELECT 1 FROM staff_passkeys WHERE staff_id = $1', [fresh.id]),
    ).toHaveLength(0);
    // Without a passkey there is nothing to sign in with.
    expect((await post('/api/auth/login/passkey/options', {}, challenge)).statusCode).toBe(409);

    // An account with an authenticator app: a password alone adds no passkey to it.
    const admin = await tenant.staff('admin');
    const half = await login({ email: admin.email, password: admin.password });
    const withApp = cookieHeader(half.headers['set-cookie']);
    expect((await post('/api/auth/second-factor/passkey/options', {}, withApp)).statusCode).toBe(409);
  });
});
