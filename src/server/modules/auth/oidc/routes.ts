import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { createRemoteJWKSet, type JWTVerifyGetKey, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { z } from 'zod';
import { type SsoRefusal, StaffSignInOptions } from '../../../../shared/identity-provider';
import { homePath } from '../../../../shared/roles';
import type { AppContext } from '../../../context';
import { HttpProblem, notFound } from '../../../http/problem';
import { hashToken } from '../../../security/tokens';
import { recordAudit } from '../../audit/audit-log';
import { signInCookie, staffCookie } from '../cookie';
import { redirectUri, type StoredProvider, storedProvider } from './provider-config';
import { accessOf, groupsIn, provisionSsoStaff } from './provisioning';

const PENDING_SECONDS = 600;
const TenantSlugParams = z.strictObject({ tenantSlug: z.string().min(1).max(63) });
const BACKCHANNEL_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** The state of a sign-in sent to the provider, bound to the browser that started it (login CSRF). */
function stateCookie(config: AppContext['config']) {
  const cookie = signInCookie(config, 'amtsraum-oidc', PENDING_SECONDS);
  // Lax: the provider sends the browser back with a cross-site navigation, which Strict would strip.
  return { ...cookie, options: { ...cookie.options, sameSite: 'lax' as const, path: '/api/auth/oidc' } };
}

interface ActiveTenant {
  id: string;
  slug: string;
}

/**
 * Staff sign-in through the authority's identity provider (OpenID Connect, authorization code with PKCE
 * and nonce), its back-channel logout, and which ways of signing in an authority offers.
 */
export const oidcRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const directory = ctx.identityProviders;
  const state = stateCookie(ctx.config);
  const session = staffCookie(ctx.config);
  const jwks = new Map<string, JWTVerifyGetKey>();

  const activeTenant = async (slug: string) =>
    (
      await ctx.db.query<ActiveTenant>(
        'SELECT id, slug FROM tenants WHERE slug = $1 AND disabled_at IS NULL',
        [slug],
      )
    )[0];
  const providerOf = async (slug: string) => {
    const tenant = await activeTenant(slug);
    const provider = tenant && (await storedProvider(ctx, tenant.id));
    if (!tenant || !provider) throw notFound('This authority has no single sign-on');
    return { tenant, provider };
  };

  app.get(
    '/public/tenants/:tenantSlug/staff-sign-in',
    { schema: { params: TenantSlugParams, response: { 200: StaffSignInOptions } } },
    async (request) => {
      const { tenantSlug } = request.params;
      const [tenant] = await ctx.db.query<ActiveTenant & { passwords: boolean }>(
        `SELECT id, slug, password_sign_in AS passwords FROM tenants WHERE slug = $1 AND disabled_at IS NULL`,
        [tenantSlug],
      );
      if (!tenant) throw notFound('No such authority');
      const provider = await storedProvider(ctx, tenant.id);
      return {
        authority: tenant.slug,
        sso: provider
          ? { displayName: provider.displayName, startUrl: `/api/auth/oidc/${tenant.slug}/start` }
          : null,
        passwords: tenant.passwords || !provider,
      };
    },
  );

  app.get(
    '/auth/oidc/:tenantSlug/start',
    { schema: { params: TenantSlugParams } },
    async (request, reply) => {
      const { tenant, provider } = await providerOf(request.params.tenantSlug);
      const configuration = await directory.configurationOf(provider).catch((error: unknown) => {
        request.log.warn({ err: error, tenantId: tenant.id }, 'identity provider unreachable');
        throw new HttpProblem(
          502,
          'Bad Gateway',
          'The identity provider cannot be reached; please try again later',
        );
      });
      const pending = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        verifier: oidc.randomPKCECodeVerifier(),
      };
      await ctx.db.query(
        'INSERT INTO oidc_sign_ins (state_hash, tenant_id, code_verifier, nonce) VALUES ($1, $2, $3, $4)',
        [hashToken(pending.state), tenant.id, pending.verifier, pending.nonce],
      );
      reply.setCookie(state.name, pending.state, state.options);
      const target = oidc.buildAuthorizationUrl(configuration, {
        redirect_uri: redirectUri(ctx.config),
        scope: 'openid email profile',
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier),
        code_challenge_method: 'S256',
      });
      return reply.redirect(target.toString(), 303);
    },
  );

  app.get('/auth/oidc/callback', async (request, reply) => {
    const back = (slug: string | undefined, reason: SsoRefusal) =>
      reply.redirect(`/login${slug ? `/${slug}` : ''}?sso=${reason}`, 303);
    const given = new URL(request.url, ctx.config.publicUrl);
    const returned = given.searchParams.get('state');
    const expected = request.cookies[state.name];
    reply.clearCookie(state.name, state.options);
    if (!returned || returned !== expected) return back(undefined, 'expired');
    const [pending] = await ctx.db.query<{ tenantId: string; slug: string; verifier: string; nonce: string }>(
      `DELETE FROM oidc_sign_ins p USING tenants t
          WHERE p.state_hash = $1 AND t.id = p.tenant_id AND t.disabled_at IS NULL
            AND p.created_at > now() - make_interval(secs => $2)
        RETURNING p.tenant_id AS "tenantId", t.slug, p.code_verifier AS verifier, p.nonce`,
      [hashToken(returned), PENDING_SECONDS],
    );
    if (!pending) return back(undefined, 'expired');
    const provider = await storedProvider(ctx, pending.tenantId);
    if (!provider) return back(pending.slug, 'failed');
    let claims: Record<string, unknown>;
    let idToken: string;
    try {
      const configuration = await directory.configurationOf(provider);
      const tokens = await oidc.authorizationCodeGrant(configuration, given, {
        pkceCodeVerifier: pending.verifier,
        expectedState: returned,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const fromIdToken = tokens.claims()!;
      // Providers put groups and e-mail into the ID token or only into the UserInfo answer (OIDC Core 5.4).
      const userInfo = await oidc.fetchUserInfo(configuration, tokens.access_token, fromIdToken.sub);
      claims = { ...userInfo, ...fromIdToken, ...pick(userInfo, provider.groupsClaim) };
      idToken = tokens.id_token!;
    } catch (error) {
      // The provider's error (access_denied, a wrong client secret) or a token that did not verify.
      request.log.warn({ err: error, tenantId: pending.tenantId }, 'single sign-on failed');
      return back(pending.slug, 'failed');
    }
    return finish(reply, pending, provider, claims, idToken, back);
  });

  async function finish(
    reply: FastifyReply,
    pending: { tenantId: string; slug: string },
    provider: StoredProvider,
    claims: Record<string, unknown>,
    idToken: string,
    back: (slug: string, reason: SsoRefusal) => FastifyReply,
  ) {
    const subject = String(claims.sub);
    const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
    if (!z.email().safeParse(email).success) return back(pending.slug, 'no-email');
    const displayName = (typeof claims.name === 'string' && claims.name.trim().slice(0, 200)) || email;
    const access = accessOf(groupsIn(claims, provider.groupsClaim), provider.groupMappings);
    const result = await ctx.db.transaction(async (tx) => {
      const outcome = await provisionSsoStaff(tx, pending.tenantId, { subject, email, displayName }, access);
      if (outcome.kind === 'ok') {
        const actor = `staff:${outcome.staffId}`;
        const audit = { tenantId: pending.tenantId, actor, object: actor };
        if (outcome.created) {
          await recordAudit(tx, {
            ...audit,
            action: 'staff.provisioned',
            details: { via: 'oidc', role: access?.role },
          });
        }
        await recordAudit(tx, { ...audit, action: 'auth.signed_in', details: { via: 'oidc' } });
      } else if (outcome.kind === 'disabled' && outcome.staffId) {
        const actor = `staff:${outcome.staffId}`;
        await recordAudit(tx, {
          tenantId: pending.tenantId,
          actor,
          object: actor,
          action: 'auth.sign_in_refused',
          details: { via: 'oidc', reason: 'no-role' },
        });
      }
      return outcome;
    });
    if (result.kind === 'disabled') {
      if (result.staffId) await ctx.sessions.endAllOf(result.staffId);
      return back(pending.slug, 'no-role');
    }
    if (result.kind === 'email-taken') return back(pending.slug, 'email-taken');
    const sid = typeof claims.sid === 'string' ? claims.sid : undefined;
    reply.setCookie(
      session.name,
      await ctx.sessions.create(result.staffId, { sid, idToken }),
      session.options,
    );
    return reply.redirect(homePath(result.role), 303);
  }

  // The provider's servers post a signed logout token (OIDC Back-Channel Logout 1.0), form-encoded; the
  // parser stays within this plugin.
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 16 * 1024 },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  app.post(
    '/auth/oidc/:tenantSlug/backchannel-logout',
    {
      schema: { params: TenantSlugParams, body: z.object({ logout_token: z.string().min(1).max(16_000) }) },
    },
    async (request, reply) => {
      reply.header('cache-control', 'no-store');
      const { tenant, provider } = await providerOf(request.params.tenantSlug);
      const configuration = await directory.configurationOf(provider);
      const metadata = configuration.serverMetadata();
      try {
        if (!metadata.jwks_uri) throw new Error('the provider publishes no keys');
        let keys = jwks.get(metadata.jwks_uri);
        if (!keys) {
          keys = createRemoteJWKSet(new URL(metadata.jwks_uri));
          jwks.set(metadata.jwks_uri, keys);
        }
        const { payload } = await jwtVerify(request.body.logout_token, keys, {
          issuer: metadata.issuer,
          audience: provider.clientId,
          maxTokenAge: '10 min',
        });
        const events = payload.events as Record<string, unknown> | undefined;
        const sid = typeof payload.sid === 'string' ? payload.sid : undefined;
        if (!events || typeof events[BACKCHANNEL_EVENT] !== 'object' || 'nonce' in payload) {
          throw new Error('not a logout token');
        }
        if (!sid && !payload.sub) throw new Error('the logout token names neither a session nor a person');
        const ended = await ctx.sessions.endProviderSession(tenant.id, { sid, subject: payload.sub });
        request.log.info({ tenantId: tenant.id, ended }, 'identity provider logout');
        return reply.code(200).send();
      } catch (error) {
        request.log.warn({ err: error, tenantId: tenant.id }, 'logout token refused');
        // A problem document that also carries the members the back-channel spec names (section 2.8).
        throw new HttpProblem(400, 'Bad Request', 'Invalid body.logout_token: not a valid logout token', {
          error: 'invalid_request',
          error_description: 'invalid logout token',
          errors: [{ field: 'body.logout_token', message: 'not a valid logout token' }],
        });
      }
    },
  );
};

const pick = (source: Record<string, unknown>, key: string) => (key in source ? { [key]: source[key] } : {});

/** Where the browser goes after signing out of a session that came from the provider: the provider's logout. */
export async function providerLogoutUrl(ctx: AppContext, tenantId: string, idToken: string) {
  const provider = await storedProvider(ctx, tenantId);
  if (!provider) return undefined;
  const configuration = await ctx.identityProviders.configurationOf(provider);
  if (!configuration.serverMetadata().end_session_endpoint) return undefined;
  const [tenant] = await ctx.db.query<{ slug: string }>('SELECT slug FROM tenants WHERE id = $1', [tenantId]);
  return oidc
    .buildEndSessionUrl(configuration, {
      id_token_hint: idToken,
      post_logout_redirect_uri: new URL(`/login/${tenant?.slug ?? ''}`, ctx.config.publicUrl).toString(),
    })
    .toString();
}
