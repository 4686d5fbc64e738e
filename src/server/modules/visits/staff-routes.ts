import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../../shared/fields';
import { CallResult, Workspace } from '../../../shared/visits';
import { type AppContext, clockDate } from '../../context';
import { recordAuditNow } from '../audit/audit-log';
import { principal, requireStaff } from '../auth/guard';
import { emitVisitTransferred } from '../webhooks/events';
import { loadOfficeSnapshot, queueForStaff } from './office-snapshot';
import { PresenceRequest, TransferRequest } from './schema';
import type { VisitChange } from './visit-store';

/** The agent's workspace: presence, queues, calling, transferring and ending consultations. */
export const staffVisitRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.addHook('preHandler', requireStaff(ctx));
  /** Tells the sockets, and writes the call, transfer or end to the audit trail. */
  const publish = async (request: FastifyRequest, change: VisitChange) => {
    await ctx.visitEvents.published(change);
    const me = principal(request);
    const events = [
      ...(change.ended ? [{ action: 'consultation.ended', object: `consultation:${change.ended.id}` }] : []),
      ...(change.officeIds.length === 2
        ? [{ action: 'visit.transferred', object: `visit:${change.visitId}` }]
        : []),
      ...(change.started
        ? [{ action: 'consultation.started', object: `consultation:${change.started.id}` }]
        : []),
    ];
    for (const event of events) {
      await recordAuditNow(ctx.db, {
        tenantId: me.tenantId,
        actor: `staff:${me.id}`,
        ...event,
        details: { visitId: change.visitId, officeIds: change.officeIds },
      });
    }
    if (change.officeIds.length === 2) {
      const [fromOfficeId, toOfficeId] = change.officeIds as [string, string];
      await emitVisitTransferred(ctx.db, me.tenantId, { visitId: change.visitId, fromOfficeId, toOfficeId });
    }
    return { visitId: change.visitId, consultationId: change.started?.id ?? null };
  };

  app.get('/workspace', { schema: { response: { 200: Workspace } } }, async (request) => {
    const me = principal(request);
    const offices = await ctx.db.query<{
      id: string;
      slug: string;
      name: string;
      assigned: boolean;
      serving: boolean;
    }>(
      `SELECT o.id, o.slug, o.name,
              EXISTS (SELECT 1 FROM staff_offices so WHERE so.office_id = o.id AND so.staff_id = $2) AS assigned,
              EXISTS (SELECT 1 FROM agent_presence p WHERE p.office_id = o.id AND p.staff_id = $2) AS serving
         FROM offices o WHERE o.tenant_id = $1 ORDER BY o.name`,
      [me.tenantId, me.id],
    );
    const assigned = offices.filter((o) => o.assigned);
    const queues = await Promise.all(
      assigned.map(async (o) => queueForStaff((await loadOfficeSnapshot(ctx.db, o.id, clockDate(ctx)))!)),
    );
    const live = await ctx.visits.liveConsultationOf({ agentId: me.id });
    return {
      offices: assigned.map(({ assigned: _a, ...o }) => o),
      /** Every office of the authority: where a citizen can be transferred to. */
      transferTargets: offices.map(({ id, name }) => ({ id, name })),
      queues,
      liveConsultation: live
        ? {
            id: live.id,
            visitId: live.visitId,
            officeId: live.officeId,
            displayName: live.displayName,
            concern: live.concern,
          }
        : null,
    };
  });

  app.put('/presence', { schema: { body: PresenceRequest } }, async (request) => {
    const changed = await ctx.visits.setPresence(principal(request), request.body.officeIds);
    await ctx.visitEvents.officeChanged(changed);
    return { officeIds: request.body.officeIds };
  });

  app.post(
    '/offices/:id/call-next',
    { schema: { params: IdParams, response: { 200: CallResult } } },
    async (request) =>
      publish(request, await ctx.visits.callNext(principal(request), request.params.id, clockDate(ctx))),
  );

  app.post(
    '/visits/:id/call',
    { schema: { params: IdParams, response: { 200: CallResult } } },
    async (request) => publish(request, await ctx.visits.call(principal(request), request.params.id)),
  );

  app.post(
    '/visits/:id/transfer',
    { schema: { params: IdParams, body: TransferRequest, response: { 200: CallResult } } },
    async (request) =>
      publish(request, await ctx.visits.transfer(principal(request), request.params.id, request.body)),
  );

  app.post(
    '/consultations/:id/end',
    { schema: { params: IdParams, response: { 200: CallResult } } },
    async (request) => publish(request, await ctx.visits.end(principal(request), request.params.id)),
  );
};
