import type { AppContext } from '../../context';
import type { ProcessingFacts } from './processing-records';

/** The authority's settings and couplings the records of processing are built from. */
export async function loadProcessingFacts(
  ctx: Pick<AppContext, 'db' | 'config'>,
  tenantId: string,
): Promise<ProcessingFacts & { timeZone: string }> {
  const [row] = await ctx.db.query<{
    authority: string;
    timeZone: string;
    retentionDays: number;
    protocolRetentionDays: number;
    secondFactor: 'admins' | 'everyone';
    activeApiKeys: number;
    activeWebhooks: number;
  }>(
    `SELECT t.name AS authority, t.time_zone AS "timeZone", t.retention_days AS "retentionDays",
            t.protocol_retention_days AS "protocolRetentionDays", t.second_factor AS "secondFactor",
            (SELECT count(*)::int FROM api_keys k WHERE k.tenant_id = t.id AND k.revoked_at IS NULL)
              AS "activeApiKeys",
            (SELECT count(*)::int FROM webhook_endpoints w WHERE w.tenant_id = t.id AND w.revoked_at IS NULL)
              AS "activeWebhooks"
       FROM tenants t WHERE t.id = $1`,
    [tenantId],
  );
  if (!row) throw new Error(`authority ${tenantId} vanished`);
  return {
    ...row,
    smtp: Boolean(ctx.config.smtpUrl),
    smsGateway: Boolean(ctx.config.smsGatewayUrl),
    disconnectGraceMinutes: ctx.config.disconnectGraceMinutes,
  };
}
