import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { EventInput, StaffEvent } from '../../../shared/events';
import { IdParams } from '../../../shared/fields';
import { EVENT_MANAGER_ROLES } from '../../../shared/roles';
import { type AppContext, clockDate } from '../../context';
import { channels } from '../../realtime/bus';
import { principal, requireStaff } from '../auth/guard';
import { answerEventErrors, EventError } from './event-errors';

/** Every events route answers 404 (reason events-unavailable) while no Janus server is configured: the pages then hide events. */
const requireMedia = (ctx: AppContext) => async () => {
  if (!ctx.events.available) throw new EventError('unavailable');
};

/**
 * Scheduling public events (/api/admin/events): administrators and leads of the authority create,
 * change and cancel them; each write is audited with ids and figures only.
 */
export const adminEventRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  answerEventErrors(app);
  app.addHook('preHandler', requireStaff(ctx, EVENT_MANAGER_ROLES));
  app.addHook('preHandler', requireMedia(ctx));
  const { store } = ctx.events;

  app.get('/events', { schema: { response: { 200: z.array(StaffEvent) } } }, async (request) =>
    store.upcoming(principal(request).tenantId, clockDate(ctx)),
  );
  app.get('/events/:id', { schema: { params: IdParams, response: { 200: StaffEvent } } }, async (request) =>
    store.get(principal(request).tenantId, request.params.id),
  );
  app.post(
    '/events',
    { schema: { body: EventInput, response: { 201: StaffEvent } } },
    async (request, reply) => reply.code(201).send(await store.create(principal(request), request.body)),
  );
  app.put(
    '/events/:id',
    { schema: { params: IdParams, body: EventInput, response: { 200: StaffEvent } } },
    async (request) => store.update(principal(request), request.params.id, request.body),
  );
  app.post(
    '/events/:id/cancel',
    { schema: { params: IdParams, response: { 200: StaffEvent } } },
    async (request) => {
      const who = principal(request);
      const cancelled = await store.cancel(who, request.params.id, clockDate(ctx));
      // A recording running stops with it (and is converted); none running is no reason to fail.
      await ctx.events.recordings
        .stop({ tenantId: who.tenantId, actor: `staff:${who.id}` }, cancelled.id, clockDate(ctx))
        .catch((error: unknown) => {
          if (!(error instanceof EventError)) throw error;
        });
      // Everyone on stage or watching hears it at once, on every process; then the room goes.
      await ctx.bus.publish(channels.event(cancelled.id), {
        kind: 'deliver',
        message: { type: 'event.closed', eventId: cancelled.id },
      });
      await ctx.events
        .media()
        .rooms.destroy(cancelled.id)
        .catch((error: unknown) =>
          request.log.warn({ err: error }, 'Janus room of a cancelled event not destroyed'),
        );
      return cancelled;
    },
  );
};

/** A host's view (/api/staff/events): the events they host, and one of them for the host page. */
export const staffEventRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  answerEventErrors(app);
  app.addHook('preHandler', requireStaff(ctx));
  app.addHook('preHandler', requireMedia(ctx));
  const { store } = ctx.events;

  app.get('/events', { schema: { response: { 200: z.array(StaffEvent) } } }, async (request) => {
    const who = principal(request);
    return store.upcoming(who.tenantId, clockDate(ctx), { hostId: who.id });
  });
  app.get('/events/:id', { schema: { params: IdParams, response: { 200: StaffEvent } } }, async (request) => {
    const who = principal(request);
    const event = await store.get(who.tenantId, request.params.id);
    const manager = (EVENT_MANAGER_ROLES as readonly string[]).includes(who.role);
    if (!manager && !event.hosts.some((h) => h.id === who.id)) throw new EventError('not-host');
    return event;
  });
};
