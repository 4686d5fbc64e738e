import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EnterRequest, EnterResponse, PublicTenant } from '../../../shared/visits';
import { type AppContext, clockDate } from '../../context';
import { openState } from '../../domain/opening';
import { HttpProblem, notFound } from '../../http/problem';
import { requireProofOfWork } from '../proof-of-work/routes';
import { isFull, loadOfficeSnapshot, viewOfVisit, waitFor } from './office-snapshot';
import { OfficeParams, TenantParams, VisitAuthHeaders } from './schema';

/** Citizen-facing routes: no account, a visit is proven by its token only. */
export const publicVisitRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  /** The visit of the bearer token, or 401: a wrong token learns nothing. */
  const visitOf = async (authorization: string | undefined) => {
    const token = authorization?.match(/^Bearer (\S+)$/)?.[1];
    const visit = token ? await ctx.visits.findByToken(token) : undefined;
    if (visit) return visit;
    // The device whose link was opened on another one learns why, e.g. when its page comes back.
    if (token && (await ctx.visits.wasHandedOver(token))) {
      throw new HttpProblem(401, 'Unauthorized', 'This visit was opened on another device', {
        reason: 'taken-over',
      });
    }
    throw new HttpProblem(401, 'Unauthorized', 'This visit link is not valid (any more)');
  };

  app.get(
    '/tenants/:tenantSlug',
    { schema: { params: TenantParams, response: { 200: PublicTenant } } },
    async (request) => {
      const [tenant] = await ctx.db.query<{
        id: string;
        name: string;
        logoUrl: string | null;
        timeZone: string;
      }>('SELECT id, name, logo_url AS "logoUrl", time_zone AS "timeZone" FROM tenants WHERE slug = $1', [
        request.params.tenantSlug,
      ]);
      if (!tenant) throw notFound('Authority');
      const officeIds = await ctx.db.query<{ id: string }>(
        'SELECT id FROM offices WHERE tenant_id = $1 ORDER BY name',
        [tenant.id],
      );
      const now = ctx.clock();
      const offices = await Promise.all(
        officeIds.map(async ({ id }) => {
          const snapshot = (await loadOfficeSnapshot(ctx.db, id, new Date(now.epochMilliseconds)))!;
          const state = openState(snapshot.calendar, now);
          return {
            slug: snapshot.office.slug,
            name: snapshot.office.name,
            open: state.open,
            closesAt: state.closesAt?.toString() ?? null,
            nextOpening: state.nextOpening?.toString() ?? null,
            agentsServing: snapshot.agentsServing,
            freeAgents: snapshot.freeAgents,
            waiting: snapshot.waiting.length,
            full: isFull(snapshot),
            estimatedWaitMinutes: waitFor(snapshot, snapshot.waiting.length),
          };
        }),
      );
      const { id: _id, ...shown } = tenant;
      return { ...shown, offices };
    },
  );

  app.post(
    '/tenants/:tenantSlug/offices/:officeSlug/visits',
    {
      schema: { params: OfficeParams, body: EnterRequest, response: { 201: EnterResponse } },
      preHandler: requireProofOfWork(ctx, 'office'),
    },
    async (request, reply) => {
      const entered = await ctx.visits.enter(
        request.params.tenantSlug,
        request.params.officeSlug,
        request.body,
        ctx.clock(),
        request.ip,
      );
      await ctx.visitEvents.officeChanged([entered.officeId]);
      return reply.code(201).send({ visitId: entered.visitId, visitToken: entered.visitToken });
    },
  );

  app.get('/visit', { schema: { headers: VisitAuthHeaders } }, async (request) => {
    const visit = await visitOf(request.headers.authorization);
    const snapshot = (await loadOfficeSnapshot(ctx.db, visit.officeId, clockDate(ctx)))!;
    return viewOfVisit(snapshot, visit, ctx.config.disconnectGraceMinutes);
  });

  app.delete('/visit', { schema: { headers: VisitAuthHeaders } }, async (request, reply) => {
    const visit = await visitOf(request.headers.authorization);
    await ctx.visitEvents.published(await ctx.visits.leave(visit.id));
    return reply.code(204).send();
  });
};
