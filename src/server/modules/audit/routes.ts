import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AuditEvent, AuditQuery, AuditVerification } from '../../../shared/audit';
import type { AppContext } from '../../context';
import { principal, requireStaff } from '../auth/guard';
import { verifyChain } from './audit-log';

/**
 * The authority's audit trail for its administrators: pages of events newest first (optionally of one
 * action), the actions that occur, and a verification of the chain.
 */
export const auditRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const admin = { preHandler: requireStaff(ctx, ['admin']) };

  app.get(
    '/audit',
    { ...admin, schema: { querystring: AuditQuery, response: { 200: z.array(AuditEvent) } } },
    async (request) => {
      const { action, before, limit } = request.query;
      const rows = await ctx.db.query<Omit<AuditEvent, 'seq' | 'at'> & { seq: string; at: Date }>(
        `SELECT seq, at, actor, action, object, details FROM audit_events
          WHERE tenant_id = $1 AND ($2::text IS NULL OR action = $2) AND ($3::bigint IS NULL OR seq < $3)
          ORDER BY seq DESC LIMIT $4`,
        [principal(request).tenantId, action ?? null, before ?? null, limit],
      );
      return rows.map((r) => ({ ...r, seq: Number(r.seq), at: r.at.toISOString() }));
    },
  );

  // For the filter of the admin page. Reads every event of the authority once: fine at the size of one
  // authority's trail, and codes such as "<entity>.created" are made up at run time, so no fixed list.
  app.get(
    '/audit/actions',
    { ...admin, schema: { response: { 200: z.array(z.string()) } } },
    async (request) => {
      const rows = await ctx.db.query<{ action: string }>(
        'SELECT DISTINCT action FROM audit_events WHERE tenant_id = $1 ORDER BY action',
        [principal(request).tenantId],
      );
      return rows.map((r) => r.action);
    },
  );

  // The API names the first event that does not hold; a disagreement with the anchors outside the
  // database counts as a change from that event on (npm run audit:verify prints the details).
  app.get(
    '/audit/verify',
    { ...admin, schema: { response: { 200: AuditVerification } } },
    async (request) => {
      const { events, broken } = await verifyChain(ctx.db, principal(request).tenantId);
      if (!broken) return { events, broken: null };
      if (broken.problem === 'missing') return { events, broken };
      const problem = broken.problem === 'broken-link' ? ('broken-link' as const) : ('changed' as const);
      return { events, broken: { seq: broken.seq, problem } };
    },
  );
};
