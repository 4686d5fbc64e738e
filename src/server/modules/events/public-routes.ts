import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { AudienceSeat, PublicEventList, PublicEventPage } from '../../../shared/events';
import { Id } from '../../../shared/fields';
import { PowChallenge, PROOF_OF_WORK_HEADER } from '../../../shared/proof-of-work';
import { type AppContext, clockDate } from '../../context';
import { TenantParams } from '../visits/schema';
import { answerEventErrors, EventError } from './event-errors';
import { isOpen, toPublicEvent } from './event-store';

export const EventParams = TenantParams.extend({ eventId: Id });

/** The authority's upcoming public events, as mounted under /api/public. */
const LIST_URL = '/api/public/tenants/:tenantSlug/events';

/** The scope an event's admissions are counted in (proof of work). */
export const eventScope = (eventId: string) => `event:${eventId}`;

/**
 * The citizens' side of public events (/api/public/tenants/:tenantSlug/events): the authority's
 * upcoming public events, one event by its link, and a seat in its audience. A seat needs a solved
 * proof of work and passes the join rate limit, like entering a waiting room.
 */
export const publicEventRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  answerEventErrors(app);
  // The list is asked for on every visit of the authority's page: without a media server it is empty
  // rather than a 404 in every citizen's console. An event's own link still says "unavailable".
  app.addHook('preHandler', async (request) => {
    if (!ctx.events.available && request.routeOptions.url !== LIST_URL) throw new EventError('unavailable');
  });
  const { store, seats } = ctx.events;

  const tenantOf = async (slug: string) => {
    const [tenant] = await ctx.db.query<{ id: string; timeZone: string }>(
      'SELECT id, time_zone AS "timeZone" FROM tenants WHERE slug = $1',
      [slug],
    );
    if (!tenant) throw new EventError('unknown');
    return tenant;
  };
  const eventOf = async (params: { tenantSlug: string; eventId: string }) =>
    store.get((await tenantOf(params.tenantSlug)).id, params.eventId);

  app.get(
    '/tenants/:tenantSlug/events',
    { schema: { params: TenantParams, response: { 200: PublicEventList } } },
    async (request) => {
      const tenant = await tenantOf(request.params.tenantSlug);
      if (!ctx.events.available) return { timeZone: tenant.timeZone, events: [] };
      const events = await store.upcoming(tenant.id, clockDate(ctx), { publicOnly: true });
      return { timeZone: tenant.timeZone, events: events.map(toPublicEvent) };
    },
  );

  app.get(
    '/tenants/:tenantSlug/events/:eventId',
    { schema: { params: EventParams, response: { 200: PublicEventPage } } },
    async (request) => {
      const tenant = await tenantOf(request.params.tenantSlug);
      const event = await store.get(tenant.id, request.params.eventId);
      return { ...toPublicEvent(event), timeZone: tenant.timeZone };
    },
  );

  app.get(
    '/tenants/:tenantSlug/events/:eventId/challenge',
    { schema: { params: EventParams, response: { 200: PowChallenge } } },
    async (request) => {
      const event = await eventOf(request.params);
      return ctx.proofOfWork.challenge(eventScope(event.id));
    },
  );

  app.post(
    '/tenants/:tenantSlug/events/:eventId/audience',
    { schema: { params: EventParams, response: { 201: AudienceSeat } } },
    async (request, reply) => {
      const event = await eventOf(request.params);
      if (event.cancelledAt) throw new EventError('cancelled');
      if (!isOpen(event, clockDate(ctx))) throw new EventError('not-open');
      await ctx.proofOfWork.spend(request.headers[PROOF_OF_WORK_HEADER], eventScope(event.id));
      const audienceToken = await seats.admit(event.id, event.maxAudience, clockDate(ctx));
      return reply.code(201).send({ audienceToken });
    },
  );
};
