import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EnterRequest, EnterResponse } from '../../../shared/visits';
import type { AppContext } from '../../context';
import { matchesEtag } from '../../http/etag';
import { HttpProblem, notFound } from '../../http/problem';
import { requireProofOfWork } from '../proof-of-work/routes';
import { showsVisit, viewOfVisit } from './office-snapshot';
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
    {
      // No response schema: the body is sent as the read model serialized it, checked against
      // PublicTenant once per load (public-offices.ts), not per request.
      schema: { params: TenantParams },
      // After the API's no-store (route hooks run last): no personal data here, and pollers revalidate.
      onSend: async (_request, reply) => {
        reply.header('cache-control', 'no-cache');
      },
    },
    async (request, reply) => {
      const list = await ctx.publicOffices.get(request.params.tenantSlug);
      if (!list) throw notFound('Authority');
      reply.header('etag', list.etag);
      if (matchesEtag(request.headers['if-none-match'], list.etag)) return reply.code(304).send();
      return reply.type('application/json; charset=utf-8').send(list.body);
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
      await ctx.visitEvents.officeChanged([entered.officeId], [entered.visitId]);
      return reply.code(201).send({ visitId: entered.visitId, visitToken: entered.visitToken });
    },
  );

  app.get('/visit', { schema: { headers: VisitAuthHeaders } }, async (request) => {
    const visit = await visitOf(request.headers.authorization);
    // The process's shared snapshot when it is current and already shows this visit.
    const snapshot = (await ctx.queues.current(visit.officeId, showsVisit(visit), visit.id))!;
    return viewOfVisit(snapshot, visit, ctx.config.disconnectGraceMinutes);
  });

  app.delete('/visit', { schema: { headers: VisitAuthHeaders } }, async (request, reply) => {
    const visit = await visitOf(request.headers.authorization);
    await ctx.visitEvents.published(await ctx.visits.leave(visit.id));
    return reply.code(204).send();
  });
};
