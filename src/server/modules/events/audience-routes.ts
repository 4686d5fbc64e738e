import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { HandInput, Question, QuestionInput } from '../../../shared/event-audience';
import { Id } from '../../../shared/fields';
import { type AppContext, clockDate } from '../../context';
import { bearerToken } from '../consultations/guest-session-token';
import { answerEventErrors, EventError } from './event-errors';
import { isOpen } from './event-store';
import { EventParams } from './public-routes';

const QuestionParams = EventParams.extend({ questionId: Id });

/**
 * What a seat of the audience says (/api/public/tenants/:tenantSlug/events/:eventId/…): questions,
 * upvotes and a raised hand. The page proves its seat with its audience token as a Bearer header; the
 * seat must be held (its page not gone) and the event open. Everyone following hears of it at once.
 */
export const audienceRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  answerEventErrors(app);
  app.addHook('preHandler', async () => {
    if (!ctx.events.available) throw new EventError('unavailable');
  });
  const { store, seats, questions, hands, news } = ctx.events;

  /** The seat of the request's token in the event named by the path, which must be the slug's and open. */
  const seatOf = async (
    params: { tenantSlug: string; eventId: string },
    authorization: string | undefined,
  ) => {
    const token = bearerToken(authorization);
    const seat = token ? await seats.holding(token, params.eventId) : undefined;
    if (!seat) throw new EventError('no-seat');
    const [tenant] = await ctx.db.query<{ id: string }>('SELECT id FROM tenants WHERE slug = $1', [
      params.tenantSlug,
    ]);
    const event = tenant && (await store.get(tenant.id, seat.eventId));
    if (!event || !tenant) throw new EventError('unknown');
    if (!isOpen(event, clockDate(ctx))) throw new EventError('not-open');
    return { ...seat, tenantId: tenant.id };
  };

  app.post(
    '/tenants/:tenantSlug/events/:eventId/questions',
    { schema: { params: EventParams, body: QuestionInput, response: { 201: Question } } },
    async (request, reply) => {
      const seat = await seatOf(request.params, request.headers.authorization);
      const question = await questions.ask(seat, request.body.text, clockDate(ctx));
      await news.question(seat.eventId, question);
      return reply.code(201).send(question);
    },
  );

  app.post(
    '/tenants/:tenantSlug/events/:eventId/questions/:questionId/vote',
    { schema: { params: QuestionParams, response: { 200: Question } } },
    async (request) => {
      const seat = await seatOf(request.params, request.headers.authorization);
      const question = await questions.vote(seat, request.params.questionId);
      await news.question(seat.eventId, question);
      return question;
    },
  );

  app.put(
    '/tenants/:tenantSlug/events/:eventId/hand',
    { schema: { params: EventParams, body: HandInput } },
    async (request, reply) => {
      const seat = await seatOf(request.params, request.headers.authorization);
      await hands.raise(seat, request.body, clockDate(ctx));
      await news.hands(seat.eventId);
      return reply.code(204).send();
    },
  );
};
