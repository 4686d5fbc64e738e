import { generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cookieHeader } from '../support/cookies';
import { describeEachDb } from '../support/each-db';
import { startIdentityProvider, type TestIdentityProvider } from '../support/oidc-provider';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../support/server';

/** Issue 14: the authority's identity provider as its administrator sets it up, and the edges of the flow. */
describeEachDb('single sign-on (OpenID Connect)', (kind) => {
  let server: TestServer;
  let tenant: TestTenant;
  let idp: TestIdentityProvider;
  let admin: Awaited<ReturnType<TestTenant['staff']>>;
  beforeAll(async () => {
    server = await startTestServer(kind);
    tenant = await createTestTenant(server);
    idp = await startIdentityProvider({ baseUrl: server.ctx.config.publicUrl.origin, slug: tenant.slug });
    admin = await tenant.staff('admin');
  });
  afterAll(async () => {
    await idp.close();
    await server.close();
  });

  const body = (changes: Record<string, unknown> = {}) => ({
    displayName: 'Dienstkonto',
    issuer: idp.issuer,
    clientId: idp.clientId,
    clientSecret: idp.clientSecret,
    groupsClaim: 'groups',
    groupMappings: [{ group: 'amtsraum-admins', role: 'admin', unitId: tenant.unitId, officeIds: [] }],
    passwordSignIn: true,
    ...changes,
  });
  const put = (payload: object, cookie = admin.cookie) =>
    server.app.inject({
      method: 'PUT',
      url: '/api/admin/tenant/identity-provider',
      headers: { cookie },
      payload,
    });
  const fieldsOf = (response: { json(): { errors?: { field: string }[] } }) =>
    response.json().errors?.map((e) => e.field);

  it('is set up by an administrator only, checked against the provider, and never shows the secret again', async () => {
    const agent = await tenant.staff('agent');
    expect((await put(body(), agent.cookie)).statusCode).toBe(403);
    const { clientSecret: _secret, ...withoutSecret } = body();
    expect(fieldsOf(await put(withoutSecret))).toEqual(['body.clientSecret']);
    expect(fieldsOf(await put(body({ issuer: 'http://127.0.0.1:9/nobody' })))).toEqual(['body.issuer']);
    expect(fieldsOf(await put(body({ issuer: 'http://idp.example.org' })))).toEqual(['body.issuer']);
    const stranger = await createTestTenant(server, 'Fremdstadt');
    expect(
      fieldsOf(
        await put(
          body({ groupMappings: [{ group: 'x', role: 'agent', unitId: stranger.unitId, officeIds: [] }] }),
        ),
      ),
    ).toEqual(['body.groupMappings.0.unitId']);
    expect(await server.ctx.db.query('SELECT 1 FROM tenant_identity_providers')).toHaveLength(0);

    const saved = await put(body());
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).not.toHaveProperty('clientSecret');
    expect(saved.json()).toMatchObject({
      redirectUri: `${server.ctx.config.publicUrl.origin}/api/auth/oidc/callback`,
      backchannelLogoutUri: `${server.ctx.config.publicUrl.origin}/api/auth/oidc/${tenant.slug}/backchannel-logout`,
    });
    expect(
      JSON.stringify(
        (
          await server.app.inject({
            url: '/api/admin/tenant/identity-provider',
            headers: { cookie: admin.cookie },
          })
        ).json(),
      ),
    ).not.toContain(idp.clientSecret);
    const [stored] = await server.ctx.db.query<{ secret: string }>(
      'SELECT client_secret AS secret FROM tenant_identity_providers WHERE tenant_id = $1',
      [tenant.tenantId],
    );
    expect(stored?.secret).toMatch(/^sealed:v1:/);
    expect(stored?.secret).not.toContain(idp.clientSecret);
    // Left out on a later change, the stored secret stays.
    expect((await put(withoutSecret)).statusCode).toBe(200);

    const options = await server.app.inject({ url: `/api/public/tenants/${tenant.slug}/staff-sign-in` });
    expect(options.json()).toEqual({
      authority: tenant.slug,
      sso: { displayName: 'Dienstkonto', startUrl: `/api/auth/oidc/${tenant.slug}/start` },
      passwords: true,
    });
  });

  it('will not switch passwords off from a password session, which would lock every administrator out', async () => {
    await put(body());
    const refused = await put(body({ passwordSignIn: false }));
    expect(refused.statusCode).toBe(409);
    const [row] = await server.ctx.db.query<{ on: boolean }>(
      'SELECT password_sign_in AS on FROM tenants WHERE id = $1',
      [tenant.tenantId],
    );
    expect(row?.on).toBe(true);
  });

  it('refuses passwords where the authority switched them off, with the same answer as a wrong password', async () => {
    const other = await createTestTenant(server, 'Nurdienstkonto');
    const agent = await other.staff('agent');
    await server.ctx.db.query('UPDATE tenants SET password_sign_in = false WHERE id = $1', [other.tenantId]);
    const login = await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: agent.email, password: agent.password },
    });
    expect(login.statusCode).toBe(401);
    expect(login.json().detail).toBe('E-mail or password is wrong');
  });

  it('starts with PKCE, state and nonce bound to the browser; a callback without that browser signs nobody in', async () => {
    await put(body());
    const start = await server.app.inject({ url: `/api/auth/oidc/${tenant.slug}/start` });
    expect(start.statusCode).toBe(303);
    const target = new URL(start.headers.location as string);
    expect(`${target.origin}${target.pathname}`).toBe(`${idp.issuer}/auth`);
    expect(Object.fromEntries(target.searchParams)).toMatchObject({
      client_id: idp.clientId,
      response_type: 'code',
      code_challenge_method: 'S256',
      redirect_uri: `${server.ctx.config.publicUrl.origin}/api/auth/oidc/callback`,
    });
    const state = target.searchParams.get('state')!;
    expect(target.searchParams.get('nonce')).toBeTruthy();
    const cookie = String(start.headers['set-cookie']);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/HttpOnly/);

    for (const headers of [{}, { cookie: 'amtsraum-oidc=someone-elses-state' }]) {
      const callback = await server.app.inject({
        url: `/api/auth/oidc/callback?code=abc&state=${state}`,
        headers,
      });
      expect(callback.statusCode).toBe(303);
      expect(callback.headers.location).toBe('/login?sso=expired');
      expect(String(callback.headers['set-cookie'] ?? '')).not.toMatch(/amtsraum-staff=[^;]/);
    }
    // With the browser's cookie but a code the provider never issued: refused, back to the authority's login.
    const forged = await server.app.inject({
      url: `/api/auth/oidc/callback?code=made-up&state=${state}`,
      headers: { cookie: cookieHeader(start.headers['set-cookie']) },
    });
    expect(forged.headers.location).toBe(`/login/${tenant.slug}?sso=failed`);
    // The pending sign-in is spent: the same state does not work twice.
    const again = await server.app.inject({
      url: `/api/auth/oidc/callback?code=made-up&state=${state}`,
      headers: { cookie: cookieHeader(start.headers['set-cookie']) },
    });
    expect(again.headers.location).toBe('/login?sso=expired');
  });

  it('takes a logout from the provider only when the provider signed it', async () => {
    await put(body());
    const sessions = await server.ctx.db.query('SELECT 1 FROM staff_sessions');
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({
      sid: 'any',
      events: { 'http://schemas.openid.net/event/backchannel-logout': {} },
    })
      .setProtectedHeader({ alg: 'RS256', kid: 'attacker' })
      .setIssuer(idp.issuer)
      .setAudience(idp.clientId)
      .setIssuedAt()
      .setJti('x')
      .sign(privateKey);
    for (const token of [forged, 'not-a-jwt']) {
      const answer = await server.app.inject({
        method: 'POST',
        url: `/api/auth/oidc/${tenant.slug}/backchannel-logout`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `logout_token=${encodeURIComponent(token)}`,
      });
      expect(answer.statusCode).toBe(400);
      expect(answer.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(answer.json()).toMatchObject({
        error: 'invalid_request',
        errors: [{ field: 'body.logout_token' }],
      });
    }
    expect(await server.ctx.db.query('SELECT 1 FROM staff_sessions')).toHaveLength(sessions.length);

    // Signed by the provider: the provider's session ends here, the same person's password session stays.
    const agent = await tenant.staff('agent');
    await server.ctx.db.query('UPDATE staff SET oidc_subject = $2 WHERE id = $1', [
      agent.id,
      'agent-subject',
    ]);
    await server.ctx.sessions.create(agent.id, { sid: 'provider-session-1', idToken: 'header.payload.sig' });
    const ssoSessions = () =>
      server.ctx.db.query('SELECT 1 FROM staff_sessions WHERE staff_id = $1 AND oidc_sid IS NOT NULL', [
        agent.id,
      ]);
    expect(await ssoSessions()).toHaveLength(1);
    const genuine = await server.app.inject({
      method: 'POST',
      url: `/api/auth/oidc/${tenant.slug}/backchannel-logout`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `logout_token=${await idp.logoutToken({ sid: 'provider-session-1' })}`,
    });
    expect(genuine.statusCode).toBe(200);
    expect(genuine.headers['cache-control']).toBe('no-store');
    expect(await ssoSessions()).toHaveLength(0);
    expect(
      (await server.app.inject({ url: '/api/auth/me', headers: { cookie: agent.cookie } })).statusCode,
    ).toBe(200);
  });

  it('answers 404 for an authority without a provider', async () => {
    const plain = await createTestTenant(server, 'Ohneanbieter');
    expect((await server.app.inject({ url: `/api/auth/oidc/${plain.slug}/start` })).statusCode).toBe(404);
    expect(
      (await server.app.inject({ url: `/api/public/tenants/${plain.slug}/staff-sign-in` })).json(),
    ).toEqual({
      authority: plain.slug,
      sso: null,
      passwords: true,
    });
  });
});
