import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { AppContext } from '../../context';
import { principal, requireStaff } from '../auth/guard';
import { verifyChain } from './audit-log';

/** The authority's audit trail for its administrators: the latest events and a verification of the chain. */
export const auditRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.get('/audit', { preHandler: requireStaff(ctx, ['admin']) }, async (request) => {
    const rows = await ctx.db.query<{
      seq: string;
      at: Date;
      actor: string;
      action: string;
      object: string | null;
      details: unknown;
    }>(
      `SELECT seq, at, actor, action, object, details FROM audit_events WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 200`,
      [principal(request).tenantId],
    );
    return rows.map((r) => ({ ...r, seq: Number(r.seq), at: r.at.toISOString() }));
  });

  app.get('/audit/verify', { preHandler: requireStaff(ctx, ['admin']) }, async (request) =>
    verifyChain(ctx.db, principal(request).tenantId),
  );
};
