import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../../shared/fields';
import { FinishRequest } from '../../../shared/finish';
import { SERVING_ROLES } from '../../../shared/roles';
import { CallResult, RemovedVisits, WaitingPage, WaitingPageQuery, Workspace } from '../../../shared/visits';
import { type AppContext, clockDate } from '../../context';
import { notFound } from '../../http/problem';
import { principal, requireStaff } from '../auth/guard';
import { createClerkActions } from './clerk-actions';
import { queueForStaff, waitingPage } from './office-snapshot';
import {
  ParkRequest,
  PresenceRequest,
  PriorityRequest,
  PutBackRequest,
  RemoveVisitsRequest,
  SendBackRequest,
  TransferRequest,
} from './schema';
import { requireAssigned } from './visit-steps';
import type { VisitChange } from './visit-store';

/** The agent's workspace: presence, queues, calling, transferring and ending consultations. */
export const staffVisitRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.addHook('preHandler', requireStaff(ctx, SERVING_ROLES));
  const clerk = createClerkActions(ctx.db, ctx.config.queue);
  /** Tells the sockets (the store wrote the audit events and webhook deliveries with the change). */
  const publish = async (change: VisitChange) => {
    await ctx.visitEvents.published(change);
    return {
      visitId: change.visitId,
      consultationId: change.started?.id ?? null,
      ...(change.skippedAway !== undefined ? { skippedAway: change.skippedAway } : {}),
    };
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
      assigned.map(async (o) => queueForStaff((await ctx.queues.current(o.id))!)),
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

  // A long queue beyond the head the socket pushes: the agent pages on (or looks for someone far back).
  app.get(
    '/offices/:id/waiting',
    { schema: { params: IdParams, querystring: WaitingPageQuery, response: { 200: WaitingPage } } },
    async (request) => {
      await requireAssigned(ctx.db, principal(request), request.params.id);
      const snapshot = await ctx.queues.current(request.params.id);
      if (!snapshot) throw notFound('Office');
      return waitingPage(ctx.db, snapshot, request.query);
    },
  );

  app.put('/presence', { schema: { body: PresenceRequest } }, async (request) => {
    const changed = await ctx.visits.setPresence(principal(request), request.body.officeIds);
    await ctx.visitEvents.officeChanged(changed, []); // chairs only
    return { officeIds: request.body.officeIds };
  });

  app.post(
    '/offices/:id/call-next',
    { schema: { params: IdParams, response: { 200: CallResult } } },
    async (request) =>
      publish(await ctx.visits.callNext(principal(request), request.params.id, clockDate(ctx))),
  );

  app.post(
    '/offices/:id/remove-visits',
    { schema: { params: IdParams, body: RemoveVisitsRequest, response: { 200: RemovedVisits } } },
    async (request) => {
      const removed = await ctx.visits.removeWaiting(principal(request), request.params.id, [
        ...new Set(request.body.visitIds),
      ]);
      if (removed.length > 0) await ctx.visitEvents.removed(request.params.id, removed);
      return { visitIds: removed };
    },
  );

  app.post(
    '/visits/:id/call',
    { schema: { params: IdParams, response: { 200: CallResult } } },
    async (request) => publish(await ctx.visits.call(principal(request), request.params.id)),
  );

  app.post(
    '/visits/:id/transfer',
    { schema: { params: IdParams, body: TransferRequest, response: { 200: CallResult } } },
    async (request) =>
      publish(await ctx.visits.transfer(principal(request), request.params.id, request.body)),
  );

  app.post(
    '/consultations/:id/end',
    // The finish form may come along (services performed, outcome); clients without it send no body.
    { schema: { params: IdParams, body: FinishRequest.nullish(), response: { 200: CallResult } } },
    async (request) =>
      publish(await ctx.visits.end(principal(request), request.params.id, request.body ?? undefined)),
  );

  app.post(
    '/consultations/:id/not-appeared',
    { schema: { params: IdParams, response: { 200: CallResult } } },
    async (request) => {
      const change = await clerk.notAppeared(principal(request), request.params.id, clockDate(ctx));
      return { ...(await publish(change)), missed: change.audit?.action === 'visit.missed' };
    },
  );

  app.post(
    '/consultations/:id/send-back',
    { schema: { params: IdParams, body: SendBackRequest, response: { 200: CallResult } } },
    async (request) =>
      publish(await clerk.sendBack(principal(request), request.params.id, request.body.note)),
  );

  app.post(
    '/consultations/:id/park',
    { schema: { params: IdParams, body: ParkRequest, response: { 200: CallResult } } },
    async (request) => publish(await clerk.park(principal(request), request.params.id, request.body.note)),
  );

  app.post(
    '/visits/:id/put-back',
    { schema: { params: IdParams, body: PutBackRequest, response: { 200: CallResult } } },
    async (request) => publish(await clerk.putBack(principal(request), request.params.id, request.body)),
  );

  app.put(
    '/visits/:id/priority',
    { schema: { params: IdParams, body: PriorityRequest, response: { 200: CallResult } } },
    async (request) => publish(await clerk.setPriority(principal(request), request.params.id, request.body)),
  );
};
