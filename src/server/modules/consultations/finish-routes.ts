import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../../shared/fields';
import { FinishForm, FinishRequest } from '../../../shared/finish';
import { SERVING_ROLES } from '../../../shared/roles';
import type { AppContext } from '../../context';
import { notFound } from '../../http/problem';
import { principal, requireStaff } from '../auth/guard';
import { type FinishedConsultation, finishForm, recordFinish } from './finish-store';

/**
 * /api/staff/consultations/:id/finish — the finish form of the clerk's own consultation: what it offers,
 * and recording it after the call ended (the citizen hung up first) or correcting it. Ending a call
 * with the form filled in goes through …/end, in the same transaction as the end.
 */
export const finishRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.addHook('preHandler', requireStaff(ctx, SERVING_ROLES));

  const ownConsultation = async (request: Parameters<typeof principal>[0], id: string) => {
    const me = principal(request);
    const [found] = await ctx.db.query<FinishedConsultation>(
      `SELECT id, tenant_id AS "tenantId", office_id AS "officeId" FROM consultations
        WHERE id = $1 AND tenant_id = $2 AND agent_id = $3`,
      [id, me.tenantId, me.id],
    );
    if (!found) throw notFound('Consultation');
    return found;
  };

  app.get(
    '/consultations/:id/finish',
    { schema: { params: IdParams, response: { 200: FinishForm } } },
    async (request) => finishForm(ctx.db, await ownConsultation(request, request.params.id)),
  );

  app.put(
    '/consultations/:id/finish',
    { schema: { params: IdParams, body: FinishRequest, response: { 200: FinishForm } } },
    async (request) => {
      const consultation = await ownConsultation(request, request.params.id);
      await ctx.db.transaction((tx) => recordFinish(tx, consultation, request.body));
      return finishForm(ctx.db, consultation);
    },
  );
};
