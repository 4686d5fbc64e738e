import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdentityProvider, IdentityProviderInput } from '../../../shared/identity-provider';
import type { AppContext } from '../../context';
import { conflict, HttpProblem, notFound } from '../../http/problem';
import { hashToken } from '../../security/tokens';
import { recordAudit } from '../audit/audit-log';
import { staffCookie } from '../auth/cookie';
import { principal, requireStaff } from '../auth/guard';
import {
  backchannelLogoutUri,
  clientSecretContext,
  redirectUri,
  storedProvider,
} from '../auth/oidc/provider-config';

const fieldProblem = (field: string, message: string) =>
  new HttpProblem(400, 'Bad Request', `Invalid ${field}: ${message}`, { errors: [{ field, message }] });

/**
 * The authority's identity provider, as its administrator sets it up: issuer and client, the claim with
 * the groups and what each group gives, and whether passwords stay possible.
 */
export const identityProviderRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const adminOnly = requireStaff(ctx, ['admin']);
  const session = staffCookie(ctx.config);

  const view = async (tenantId: string): Promise<IdentityProvider | undefined> => {
    const stored = await storedProvider(ctx, tenantId);
    if (!stored) return undefined;
    const [tenant] = await ctx.db.query<{ slug: string; passwords: boolean }>(
      'SELECT slug, password_sign_in AS passwords FROM tenants WHERE id = $1',
      [tenantId],
    );
    return {
      displayName: stored.displayName,
      issuer: stored.issuer,
      clientId: stored.clientId,
      groupsClaim: stored.groupsClaim,
      groupMappings: stored.groupMappings,
      passwordSignIn: tenant!.passwords,
      redirectUri: redirectUri(ctx.config),
      backchannelLogoutUri: backchannelLogoutUri(ctx.config, tenant!.slug),
    };
  };

  app.get(
    '/tenant/identity-provider',
    { preHandler: adminOnly, schema: { response: { 200: IdentityProvider } } },
    async (request) => {
      const found = await view(principal(request).tenantId);
      if (!found) throw notFound('Identity provider');
      return found;
    },
  );

  app.put(
    '/tenant/identity-provider',
    { preHandler: adminOnly, schema: { body: IdentityProviderInput, response: { 200: IdentityProvider } } },
    async (request) => {
      const me = principal(request);
      const input = request.body;
      const stored = await storedProvider(ctx, me.tenantId);
      const clientSecret = input.clientSecret ?? stored?.clientSecret;
      if (!clientSecret) throw fieldProblem('body.clientSecret', 'required when setting up the provider');
      await requireOwnUnitsAndOffices(ctx, me.tenantId, input.groupMappings);
      if (!input.passwordSignIn && !(await sessionFromProvider(ctx, request.cookies[session.name]))) {
        // Otherwise one wrong setting locks every administrator out.
        throw conflict('Sign in through the identity provider once before switching passwords off');
      }
      try {
        await ctx.identityProviders.discover({
          issuer: input.issuer,
          clientId: input.clientId,
          clientSecret,
        });
      } catch (error) {
        throw fieldProblem('body.issuer', `no OpenID provider answers there (${(error as Error).message})`);
      }
      await ctx.db.transaction(async (tx) => {
        await tx.query(
          `INSERT INTO tenant_identity_providers
             (tenant_id, display_name, issuer, client_id, client_secret, groups_claim, group_mappings, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, now())
           ON CONFLICT (tenant_id) DO UPDATE SET display_name = $2, issuer = $3, client_id = $4, client_secret = $5,
             groups_claim = $6, group_mappings = $7, updated_at = clock_timestamp()`,
          [
            me.tenantId,
            input.displayName,
            input.issuer,
            input.clientId,
            ctx.sealed.seal(clientSecret, clientSecretContext(me.tenantId)),
            input.groupsClaim,
            JSON.stringify(input.groupMappings),
          ],
        );
        await tx.query('UPDATE tenants SET password_sign_in = $2 WHERE id = $1', [
          me.tenantId,
          input.passwordSignIn,
        ]);
        await recordAudit(tx, {
          tenantId: me.tenantId,
          actor: `staff:${me.id}`,
          action: 'tenant.identity_provider_changed',
          object: `tenant:${me.tenantId}`,
          details: {
            issuer: input.issuer,
            clientId: input.clientId,
            secretChanged: input.clientSecret !== undefined,
            groupMappings: input.groupMappings.map((m) => ({ group: m.group, role: m.role })),
            passwordSignIn: input.passwordSignIn,
          },
        });
      });
      return (await view(me.tenantId))!;
    },
  );

  app.delete('/tenant/identity-provider', { preHandler: adminOnly }, async (request, reply) => {
    const me = principal(request);
    await ctx.db.transaction(async (tx) => {
      const rows = await tx.query(
        'DELETE FROM tenant_identity_providers WHERE tenant_id = $1 RETURNING tenant_id',
        [me.tenantId],
      );
      if (rows.length === 0) throw notFound('Identity provider');
      // Without a provider, passwords are the only way in.
      await tx.query('UPDATE tenants SET password_sign_in = true WHERE id = $1', [me.tenantId]);
      await recordAudit(tx, {
        tenantId: me.tenantId,
        actor: `staff:${me.id}`,
        action: 'tenant.identity_provider_removed',
        object: `tenant:${me.tenantId}`,
      });
    });
    return reply.code(204).send();
  });
};

/** Units and offices named by the mappings must be the authority's own. */
async function requireOwnUnitsAndOffices(
  ctx: AppContext,
  tenantId: string,
  mappings: IdentityProviderInput['groupMappings'],
) {
  for (const [index, mapping] of mappings.entries()) {
    if (mapping.unitId) {
      const units = await ctx.db.query('SELECT 1 FROM units WHERE tenant_id = $1 AND id = $2', [
        tenantId,
        mapping.unitId,
      ]);
      if (units.length === 0) throw fieldProblem(`body.groupMappings.${index}.unitId`, 'no such unit');
    }
    const [offices] = await ctx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM offices WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
      [tenantId, mapping.officeIds],
    );
    if (offices!.n !== new Set(mapping.officeIds).size) {
      throw fieldProblem(`body.groupMappings.${index}.officeIds`, 'no such office');
    }
  }
}

async function sessionFromProvider(ctx: AppContext, token: string | undefined) {
  if (!token) return false;
  const rows = await ctx.db.query(
    'SELECT 1 FROM staff_sessions WHERE token_hash = $1 AND oidc_id_token IS NOT NULL',
    [hashToken(token)],
  );
  return rows.length > 0;
}
