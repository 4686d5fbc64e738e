import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  AppointmentContact,
  ErasureRequest,
  ErasureResult,
  ExportQuery,
  SubjectRecords,
  SubjectSearch,
  VisitName,
} from '../../../shared/data-protection';
import { IdParams } from '../../../shared/fields';
import { DATA_PROTECTION_ROLES } from '../../../shared/roles';
import { type AppContext, clockDate } from '../../context';
import { recordAuditNow } from '../audit/audit-log';
import { principal, requireStaff } from '../auth/guard';
import { loadFileMasterKey } from '../consultations/file-store';
import { sha256Hex } from '../consultations/protocol';
import { calendarDay } from '../consultations/protocol-format';
import { accessPackage } from './access-package';
import { loadDossier } from './dossier';
import { eraseSubject } from './erasure';
import { loadProcessingFacts } from './processing-facts';
import { processingRecords } from './processing-records';
import { renderProcessingRecordsPdf } from './processing-records-pdf';
import { rectifyAppointment, rectifyVisit } from './rectification';
import { resolveSubject, searchSubject } from './subject';
import { subjectRecords } from './subject-records';

/** A file to save, never to show in the browser (its name is ASCII: our own word and a date). */
const download = (reply: FastifyReply, fileName: string, type: string, bytes: Buffer) =>
  reply
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .header('x-content-type-options', 'nosniff')
    .type(type)
    .send(bytes);

/**
 * /api/admin/data-protection — citizens' data-protection requests (search, Art. 15 access package,
 * Art. 16 corrections, Art. 17 erasure) and the records of processing (Art. 30), for the
 * data-protection officer and admins (403 for other roles; other authorities' ids are unknown, 404).
 * Every search, export, correction and erasure is an audit event with ids and counts, never the
 * citizen's name, address or number.
 */
export const dataProtectionRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const officer = { preHandler: requireStaff(ctx, DATA_PROTECTION_ROLES) };
  const audit = (who: { id: string; tenantId: string }, action: string, rest: Record<string, unknown>) =>
    recordAuditNow(ctx.db, { tenantId: who.tenantId, actor: `staff:${who.id}`, action, ...rest });

  app.post(
    '/data-protection/search',
    { ...officer, schema: { body: SubjectSearch, response: { 200: SubjectRecords } } },
    async (request) => {
      const me = principal(request);
      const records = await subjectRecords(ctx.db, await searchSubject(ctx.db, me.tenantId, request.body));
      // What was searched by, and how much was found: the address or number itself stays out.
      await audit(me, 'data_protection.searched', {
        details: {
          by: request.body.by,
          appointments: records.appointments.length,
          visits: records.visits.length,
          outboxMessages: records.outboxMessages.length,
        },
      });
      return records;
    },
  );

  app.get(
    '/data-protection/export',
    { ...officer, schema: { querystring: ExportQuery } },
    async (request, reply) => {
      const me = principal(request);
      const subject = await resolveSubject(ctx.db, me.tenantId, request.query);
      const { dossier, attachments } = await loadDossier(
        {
          db: ctx.db,
          dataDir: ctx.config.dataDir,
          masterKey: await loadFileMasterKey(ctx.db, ctx.config.files.masterKey),
          now: clockDate(ctx),
        },
        subject,
      );
      const exported = await accessPackage(dossier, attachments);
      await audit(me, 'data_protection.exported', {
        details: {
          appointments: subject.appointmentIds,
          visits: subject.visitIds,
          consultations: subject.consultationIds,
          outboxMessages: subject.outboxMessageIds.length,
          attachments: attachments.size,
          sha256: sha256Hex(exported.zip),
        },
      });
      return download(reply, exported.fileName, 'application/zip', Buffer.from(exported.zip));
    },
  );

  app.put(
    '/data-protection/appointments/:id/contact',
    { ...officer, schema: { params: IdParams, body: AppointmentContact } },
    async (request, reply) => {
      await rectifyAppointment(ctx.db, principal(request), request.params.id, request.body);
      return reply.code(204).send();
    },
  );

  app.put(
    '/data-protection/visits/:id/name',
    { ...officer, schema: { params: IdParams, body: VisitName } },
    async (request, reply) => {
      await rectifyVisit(ctx.db, principal(request), request.params.id, request.body);
      return reply.code(204).send();
    },
  );

  app.post(
    '/data-protection/erasure',
    { ...officer, schema: { body: ErasureRequest, response: { 200: ErasureResult } } },
    async (request) =>
      eraseSubject(
        { db: ctx.db, dataDir: ctx.config.dataDir, now: clockDate(ctx) },
        principal(request),
        request.body,
      ),
  );

  app.get('/data-protection/records-of-processing.pdf', officer, async (request, reply) => {
    const { timeZone, ...facts } = await loadProcessingFacts(ctx, principal(request).tenantId);
    const now = clockDate(ctx);
    const pdf = await renderProcessingRecordsPdf(processingRecords(facts), now, timeZone);
    const day = calendarDay(now.toISOString(), timeZone);
    return download(reply, `verarbeitungsverzeichnis-${day}.pdf`, 'application/pdf', pdf);
  });
};
