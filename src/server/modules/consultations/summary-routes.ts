import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ProtocolRecord } from '../../../shared/consultations';
import { IdParams } from '../../../shared/fields';
import { SummaryDefaults, SummaryRequest } from '../../../shared/summary';
import type { AppContext } from '../../context';
import { conflict, HttpProblem } from '../../http/problem';
import { recordAuditNow } from '../audit/audit-log';
import { DeliveryError } from '../notifications/settings';
import { VisitAuthHeaders } from '../visits/schema';
import { createConsultationStore } from './consultation-store';
import { consultationGuard } from './participant-guard';
import { consultationSummaryMail } from './summary-mail';

/**
 * /api/consultations/:id/summary — the agent mails the citizen a summary built from the issued protocol.
 * Sent at once rather than queued: the agent sees whether it went out and can correct the address; the
 * address itself is not stored (the outbox, if used, keeps the mail until the retention days end).
 */
export const consultationSummaryRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const actorFor = consultationGuard(ctx);
  const store = createConsultationStore(ctx.db);
  const headers = VisitAuthHeaders;

  app.get(
    '/:id/summary',
    { schema: { params: IdParams, headers, response: { 200: SummaryDefaults } } },
    async (request) => {
      const { consultation } = await actorFor(request, request.params.id, ['agent']);
      const [booked] = await ctx.db.query<{ email: string; language: 'de' | 'en' }>(
        `SELECT citizen_email AS email, language FROM appointments
          WHERE visit_id = $1 AND tenant_id = $2 AND citizen_email <> ''`,
        [consultation.visitId, consultation.tenantId],
      );
      const protocol = await store.latestProtocol(consultation);
      return {
        email: booked?.email ?? null,
        language: booked?.language ?? 'de',
        protocolVersion: protocol?.version ?? null,
      };
    },
  );

  app.post(
    '/:id/summary',
    { schema: { params: IdParams, headers, body: SummaryRequest } },
    async (request, reply) => {
      const { actor, consultation } = await actorFor(request, request.params.id, ['agent']);
      const protocol = await store.latestProtocol(consultation);
      if (!protocol) throw conflict('Create the protocol first: the summary is built from it');
      const { email, message, language } = request.body;
      const mail = consultationSummaryMail(ProtocolRecord.parse(protocol.record), message, language);
      try {
        await ctx.mailer.send(consultation.tenantId, { to: email, ...mail });
      } catch (error) {
        if (!(error instanceof DeliveryError)) throw error;
        throw new HttpProblem(
          502,
          'Bad Gateway',
          'The mail could not be sent; please check the address or try again',
        );
      }
      await recordAuditNow(ctx.db, {
        tenantId: consultation.tenantId,
        actor: `staff:${actor.staff.id}`,
        action: 'consultation.summary_sent',
        object: `consultation:${consultation.id}`,
        details: { protocolVersion: protocol.version, language },
      });
      return reply.code(204).send();
    },
  );
};
