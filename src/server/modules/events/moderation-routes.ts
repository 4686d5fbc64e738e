import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LockInput, Question, QuestionDecision, RoomState } from '../../../shared/event-audience';
import { Id, IdParams } from '../../../shared/fields';
import { type AppContext, clockDate } from '../../context';
import { requireStaff } from '../auth/guard';
import { answerEventErrors, EventError } from './event-errors';
import { hostedEvent } from './hosted';

const QuestionParams = IdParams.extend({ questionId: Id });
const FloorInput = z.strictObject({ seatId: Id });
const SeatParams = IdParams.extend({ seatId: Id });

/**
 * The hosts' moderation of an event (/api/staff/events/:id/…): deciding on questions, giving the floor
 * to a raised hand and taking it back, locking the room against newcomers and removing someone. Only the
 * event's hosts; the event of another authority is not found.
 */
export const moderationRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  answerEventErrors(app);
  app.addHook('preHandler', requireStaff(ctx));
  app.addHook('preHandler', async () => {
    if (!ctx.events.available) throw new EventError('unavailable');
  });
  const { questions, hands, news, moderation } = ctx.events;

  const hosted = async (request: FastifyRequest, eventId: string) =>
    (await hostedEvent(ctx, request, eventId)).event;

  app.get(
    '/events/:id/questions',
    { schema: { params: IdParams, response: { 200: z.array(Question) } } },
    async (request) => questions.list((await hosted(request, request.params.id)).id, false),
  );

  app.post(
    '/events/:id/questions/:questionId',
    { schema: { params: QuestionParams, body: QuestionDecision, response: { 200: Question } } },
    async (request) => {
      const event = await hosted(request, request.params.id);
      const question = await questions.decide(event.id, request.params.questionId, request.body);
      await news.question(event.id, question);
      return question;
    },
  );

  app.put('/events/:id/floor', { schema: { params: IdParams, body: FloorInput } }, async (request, reply) => {
    const event = await hosted(request, request.params.id);
    await hands.give(event.id, request.body.seatId, clockDate(ctx));
    await news.hands(event.id);
    return reply.code(204).send();
  });

  app.delete('/events/:id/floor', { schema: { params: IdParams } }, async (request, reply) => {
    const event = await hosted(request, request.params.id);
    await hands.take(event.id);
    await news.hands(event.id);
    return reply.code(204).send();
  });

  app.put(
    '/events/:id/lock',
    { schema: { params: IdParams, body: LockInput, response: { 200: RoomState } } },
    async (request) => {
      const event = await hosted(request, request.params.id);
      await moderation.lock(event.id, request.body.locked, clockDate(ctx));
      await news.room(event.id, clockDate(ctx));
      return moderation.room(event.id, clockDate(ctx));
    },
  );

  /** The seat's page hears it and its socket closes (event-socket.ts); its token is refused from then on. */
  app.delete('/events/:id/audience/:seatId', { schema: { params: SeatParams } }, async (request, reply) => {
    const event = await hosted(request, request.params.id);
    const { seatId } = request.params;
    await moderation.remove(event.id, seatId, clockDate(ctx));
    await news.tell(event.id, { type: 'event.removed', eventId: event.id, seatId });
    await news.hands(event.id);
    await news.room(event.id, clockDate(ctx));
    return reply.code(204).send();
  });
};
