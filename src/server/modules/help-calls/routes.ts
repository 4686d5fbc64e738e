import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../../shared/fields';
import { HelpAnswerRequest, HelpAnswerResult } from '../../../shared/help-calls';
import { SERVING_ROLES } from '../../../shared/roles';
import type { AppContext } from '../../context';
import { principal, requireStaff } from '../auth/guard';
import { createGuestStore } from '../consultations/guests-store';
import { createHelpCallStore } from './help-call-store';

/**
 * Calls for help from a consultation: the clerk asks (POST /api/consultations/:id/help) or takes it back
 * (DELETE), a colleague answers (POST /api/staff/help-calls/:id/answer). Each change reaches the
 * workspaces of the office through its queue, on every process.
 */
export const helpCallRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.addHook('preHandler', requireStaff(ctx, SERVING_ROLES));
  const helpCalls = createHelpCallStore(ctx.db, createGuestStore(ctx));

  app.post('/consultations/:id/help', { schema: { params: IdParams } }, async (request, reply) => {
    const { id, officeId } = await helpCalls.request(principal(request), request.params.id);
    await ctx.visitEvents.officeChanged([officeId], []); // the help calls only, no visit moved
    return reply.code(201).send({ id });
  });

  app.delete('/consultations/:id/help', { schema: { params: IdParams } }, async (request, reply) => {
    const { officeId } = await helpCalls.withdraw(principal(request), request.params.id);
    await ctx.visitEvents.officeChanged([officeId], []); // the help calls only, no visit moved
    return reply.code(204).send();
  });

  app.post(
    '/staff/help-calls/:id/answer',
    { schema: { params: IdParams, body: HelpAnswerRequest, response: { 200: HelpAnswerResult } } },
    async (request) => {
      const { url, officeId } = await helpCalls.answer(
        principal(request),
        request.params.id,
        request.body.silent,
      );
      await ctx.visitEvents.officeChanged([officeId], []); // the help calls only, no visit moved
      return { url };
    },
  );
};
