import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../../shared/fields';
import type { AppContext } from '../../context';
import { consultationGuard } from '../consultations/participant-guard';
import { createXdomeaExport, sendXdomeaPackage } from './export';

/**
 * GET /api/consultations/:id/export/xdomea — the finished consultation as an xdomea message (ZIP) for the
 * e-file: for its agent, and for admins and leads who may read it (participant-guard.ts).
 */
export const xdomeaRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const actorFor = consultationGuard(ctx);
  const exportConsultation = createXdomeaExport(ctx);

  app.get('/:id/export/xdomea', { schema: { params: IdParams } }, async (request, reply) => {
    const { actor, consultation } = await actorFor(request, request.params.id, ['agent', 'reader']);
    return sendXdomeaPackage(reply, await exportConsultation(consultation, `staff:${actor.staff.id}`));
  });
};
