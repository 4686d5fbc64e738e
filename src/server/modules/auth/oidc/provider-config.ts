import * as oidc from 'openid-client';
import type { GroupMapping } from '../../../../shared/identity-provider';
import type { Config } from '../../../config';
import type { Queryable } from '../../../db/client';
import type { SealedText } from '../../../security/sealed-text';

/** An authority's identity provider as stored (tenant_identity_providers). */
export interface StoredProvider {
  tenantId: string;
  displayName: string;
  issuer: string;
  clientId: string;
  clientSecret: string;
  groupsClaim: string;
  groupMappings: GroupMapping[];
  updatedAt: string;
}

/** The row a sealed client secret belongs to. */
export const clientSecretContext = (tenantId: string) => `oidc-client:${tenantId}`;

/** The authority's provider with its client secret opened (the database keeps it sealed). */
export async function storedProvider(
  ctx: { db: Queryable; sealed: SealedText },
  tenantId: string,
): Promise<StoredProvider | undefined> {
  const [row] = await ctx.db.query<StoredProvider>(
    `SELECT tenant_id AS "tenantId", display_name AS "displayName", issuer, client_id AS "clientId",
            client_secret AS "clientSecret", groups_claim AS "groupsClaim", group_mappings AS "groupMappings",
            updated_at::text AS "updatedAt"
       FROM tenant_identity_providers WHERE tenant_id = $1`,
    [tenantId],
  );
  return row && { ...row, clientSecret: ctx.sealed.open(row.clientSecret, clientSecretContext(tenantId)) };
}

/** The one callback address every provider sends people back to; the state names the authority. */
export const redirectUri = (config: Pick<Config, 'publicUrl'>) =>
  new URL('/api/auth/oidc/callback', config.publicUrl).toString();

export const backchannelLogoutUri = (config: Pick<Config, 'publicUrl'>, slug: string) =>
  new URL(`/api/auth/oidc/${slug}/backchannel-logout`, config.publicUrl).toString();

/**
 * The provider's metadata (discovery), fetched once per configuration and kept; plain http only where
 * Amtsraum itself runs on http (a trial, a test), never in production.
 */
export function createProviderDirectory(config: Pick<Config, 'publicUrl'>) {
  const known = new Map<string, Promise<oidc.Configuration>>();
  const allowHttp = config.publicUrl.protocol === 'http:';

  async function discover(p: Pick<StoredProvider, 'issuer' | 'clientId' | 'clientSecret'>) {
    const issuer = new URL(p.issuer);
    if (issuer.protocol !== 'https:' && !allowHttp) {
      throw new Error('the issuer must use https');
    }
    return oidc.discovery(issuer, p.clientId, p.clientSecret, undefined, {
      timeout: 10,
      ...(issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
    });
  }

  return {
    discover,
    /** The configuration of a stored provider; a failed discovery is forgotten, so the next try repeats it. */
    configurationOf(p: StoredProvider): Promise<oidc.Configuration> {
      const key = `${p.tenantId}|${p.updatedAt}`;
      let found = known.get(key);
      if (!found) {
        found = discover(p);
        known.set(key, found);
        found.catch(() => known.delete(key));
      }
      return found;
    },
  };
}
export type ProviderDirectory = ReturnType<typeof createProviderDirectory>;
