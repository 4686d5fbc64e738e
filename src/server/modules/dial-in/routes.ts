import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { DialInCallParams, DialInCalls, DialInInfo, DialInPin } from '../../../shared/dial-in';
import { IdParams } from '../../../shared/fields';
import type { AppContext } from '../../context';
import { HttpProblem, notFound } from '../../http/problem';
import { consultationGuard } from '../consultations/participant-guard';
import { PIN_DIGITS } from './dial-in-pins';

const notConfigured = () =>
  new HttpProblem(404, 'Not Found', 'Dial-in by phone is not configured on this server', {
    reason: 'dial-in-not-configured',
  });

const sipOf = (ctx: AppContext) => {
  if (!ctx.config.sip || !ctx.dialIn) throw notConfigured();
  return { sip: ctx.config.sip, ...ctx.dialIn };
};

/** GET /api/public/dial-in — whether (and under which number) citizens can call in at all. */
export const publicDialInRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.get('/dial-in', { schema: { response: { 200: DialInInfo } } }, async () => {
    const { sip } = sipOf(ctx);
    return { number: sip.dialInNumber, pinDigits: PIN_DIGITS };
  });
};

/**
 * /api/consultations/:id/dial-in — the agent of a live consultation gets a (new) phone PIN for it, sees
 * the callers in the call and removes one (Janus hangs up on them).
 */
export const dialInRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const actorFor = consultationGuard(ctx);
  const agentOf = async (request: FastifyRequest, id: string) => {
    const { actor, consultation } = await actorFor(request, id, ['agent']);
    if (actor.role !== 'agent')
      throw new HttpProblem(403, 'Forbidden', 'Only the agent manages phone callers');
    return { agentId: actor.staff.id, consultation };
  };

  app.post(
    '/:id/dial-in',
    { schema: { params: IdParams, response: { 201: DialInPin } } },
    async (request, reply) => {
      const { pins } = sipOf(ctx);
      const { agentId, consultation } = await agentOf(request, request.params.id);
      return reply.code(201).send(await pins.issue(consultation, agentId));
    },
  );

  app.get(
    '/:id/dial-in/calls',
    { schema: { params: IdParams, response: { 200: DialInCalls } } },
    async (request) => {
      const { pins } = sipOf(ctx);
      const { consultation } = await agentOf(request, request.params.id);
      return { calls: await pins.liveCalls(consultation) };
    },
  );

  app.delete(
    '/:id/dial-in/calls/:callId',
    { schema: { params: DialInCallParams } },
    async (request, reply) => {
      const { pins, line } = sipOf(ctx);
      const { consultation } = await agentOf(request, request.params.id);
      const live = await pins.liveCalls(consultation);
      if (!live.some((c) => c.id === request.params.callId)) throw notFound('Phone caller');
      // The line hangs up; the leave (reason "removed") is recorded when Janus reports the hang-up.
      if (!line.remove(request.params.callId)) {
        throw new HttpProblem(409, 'Conflict', 'This call is carried by another Amtsraum process', {
          reason: 'call-elsewhere',
        });
      }
      return reply.code(204).send();
    },
  );
};
