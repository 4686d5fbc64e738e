import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ClerkState, ClerkStateRequest } from '../../../shared/clerk-states';
import { type AppContext, clockDate } from '../../context';
import { principal, requireStaff } from '../auth/guard';
import { presenceOffices, saveClerkState } from './clerk-state-store';

/**
 * /api/staff/state: the clerk's break or readiness. Not audited, as presence is not: it is no act on a
 * citizen's case, and a record of every break would be a record of the staff's working behaviour.
 */
export const clerkStateRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.put(
    '/state',
    { preHandler: requireStaff(ctx), schema: { body: ClerkStateRequest, response: { 200: ClerkState } } },
    async (request) => {
      const me = principal(request);
      const saved = await saveClerkState(ctx.db, me, request.body, clockDate(ctx));
      // Citizens' estimates, the public list and colleagues' workspaces of every office I serve.
      await ctx.visitEvents.officeChanged(await presenceOffices(ctx.db, me.id), []); // chairs only
      return saved;
    },
  );
};
