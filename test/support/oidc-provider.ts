import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import Provider from 'oidc-provider';

/** A person the provider knows: what its claims say (groups as a directory would send them). */
export interface ProviderAccount {
  email: string;
  name: string;
  groups: string[];
}

export interface TestIdentityProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Change at will: the provider reads it at each sign-in (a directory where groups change). */
  accounts: Map<string, ProviderAccount>;
  /** Back-channel logouts the provider sent and how they went. */
  backchannel: { ok: number; failed: string[] };
  /** A logout token as the provider signs one (its own key), for posting it by hand. */
  logoutToken(claims: { sid?: string; sub?: string }): Promise<string>;
  close(): Promise<void>;
}

/**
 * A real OpenID provider (panva's oidc-provider, certified) on 127.0.0.1, standing in for an authority's
 * Keycloak or ADFS: its own sign-in form (any password), no consent screen (a first-party client, as
 * authorities configure theirs), PKCE required, back-channel and RP-initiated logout.
 */
export async function startIdentityProvider(amtsraum: {
  baseUrl: string;
  slug: string;
}): Promise<TestIdentityProvider> {
  const http = createServer();
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const accounts = new Map<string, ProviderAccount>();
  const backchannel = { ok: 0, failed: [] as string[] };
  const clientId = 'amtsraum';
  const clientSecret = 'a-client-secret-of-the-test-provider-0123456789';
  // The provider's signing key, known to the test (its quick-start keys are not).
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'test-provider', alg: 'RS256', use: 'sig' };
  const provider = new Provider(issuer, {
    jwks: { keys: [signingKey] },
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${amtsraum.baseUrl}/api/auth/oidc/callback`],
        post_logout_redirect_uris: [`${amtsraum.baseUrl}/login/${amtsraum.slug}`],
        backchannel_logout_uri: `${amtsraum.baseUrl}/api/auth/oidc/${amtsraum.slug}/backchannel-logout`,
        backchannel_logout_session_required: true,
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    cookies: { keys: ['test-provider-cookie-key'] },
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: true },
      backchannelLogout: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        // The default page loads a web font from Google; a test machine has no network.
        logoutSource: async (ctx, form) => {
          ctx.body = `<!doctype html><html lang="en"><head><title>Sign out</title></head><body><main>
            <h1>Sign out of the provider?</h1>${form}
            <button type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
            </main></body></html>`;
        },
      },
    },
    // The provider refuses to call loopback addresses (its SSRF guard, a dispatcher of its own); here
    // Amtsraum, its client, runs on 127.0.0.1 beside it.
    fetch: (url, init) => {
      const { dispatcher: _guard, ...options } = (init ?? {}) as RequestInit & { dispatcher?: unknown };
      return globalThis.fetch(url, options);
    },
    // First-party client: the grant is given without asking.
    loadExistingGrant: async (ctx) => {
      const session = ctx.oidc.session!;
      const existing = session.grantIdFor(ctx.oidc.client!.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: session.accountId!,
      });
      grant.addOIDCScope('openid email profile');
      grant.addOIDCClaims(['email', 'email_verified', 'name', 'groups']);
      await grant.save();
      return grant;
    },
    findAccount: async (_ctx, id) => {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: async () => ({
          sub: id,
          email: account.email,
          email_verified: true,
          name: account.name,
          groups: account.groups,
        }),
      };
    },
  });
  provider.on('backchannel.success', () => {
    backchannel.ok += 1;
  });
  provider.on('backchannel.error', (_ctx, error) => {
    backchannel.failed.push(String(error));
  });
  http.on('request', provider.callback());
  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    backchannel,
    logoutToken: (claims) =>
      new SignJWT({ ...claims, events: { 'http://schemas.openid.net/event/backchannel-logout': {} } })
        .setProtectedHeader({ alg: 'RS256', kid: 'test-provider', typ: 'logout+jwt' })
        .setIssuer(issuer)
        .setAudience(clientId)
        .setIssuedAt()
        .setJti(crypto.randomUUID())
        .sign(privateKey),
    close: () => new Promise((resolve) => http.close(() => resolve())),
  };
}
