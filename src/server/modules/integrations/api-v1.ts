import swagger from '@fastify/swagger';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  type ApiScope,
  V1Appointment,
  V1AppointmentCreate,
  V1AppointmentCreated,
  V1AppointmentList,
  V1AppointmentsQuery,
  V1Consultation,
  V1ConsultationCreate,
  V1ConsultationCreated,
  V1IdParams,
} from '../../../shared/api-v1';
import { ProtocolDownload, ProtocolRecord } from '../../../shared/consultations';
import { type AppContext, clockDate } from '../../context';
import { problemResponse } from '../../http/openapi-problem';
import { notFound } from '../../http/problem';
import { recordAuditNow } from '../audit/audit-log';
import { recordAppointmentChange } from '../booking/change-record';
import { sha256Hex } from '../consultations/protocol';
import { calendarDay } from '../consultations/protocol-format';
import { createXdomeaExport, sendXdomeaPackage } from '../xdomea/export';
import { consultationOfCase } from '../xdomea/source';
import { apiKeyOf, createApiKeyStore, requireApiKey } from './api-keys';
import { createInvitationStore, invitationUrl } from './invitations';

export const API_V1_VERSION = '1.0.0';

const DESCRIPTION = `The API for case systems (Fachverfahren): book appointments for citizens, open video
consultations straight from a case, and fetch the protocol of a finished consultation.

Authenticate with an API key created by an administrator of the authority:
\`Authorization: Bearer amk_…\`. Every key belongs to one authority and sees only its data; each operation
names the scope (right) it needs. Errors are RFC 9457 problem documents (\`application/problem+json\`).`;

const PROBLEMS = {
  400: problemResponse('Invalid input; `errors` names each offending field'),
  401: problemResponse('Missing, unknown or revoked API key'),
  403: problemResponse('The API key lacks the scope of this operation'),
  404: problemResponse('Not found in the authority of the API key'),
};
const CONFLICT = {
  409: problemResponse('The slot is no longer free, or the request conflicts with the state'),
};

interface AppointmentRow {
  id: string;
  start: Date;
  end: Date;
  status: V1Appointment['status'];
  serviceId: string;
  officeId: string;
  citizenName: string;
  citizenEmail: string;
  citizenPhone: string | null;
  caseReference: string | null;
  language: 'de' | 'en';
}

const APPOINTMENT = `SELECT a.id, a.starts_at AS start, a.ends_at AS "end", a.status, a.service_id AS "serviceId",
    a.office_id AS "officeId", a.citizen_name AS "citizenName", a.citizen_email AS "citizenEmail",
    a.citizen_phone AS "citizenPhone", a.case_reference AS "caseReference", a.language
  FROM appointments a`;

const toAppointment = (r: AppointmentRow): V1Appointment => ({
  id: r.id,
  start: new Date(r.start).toISOString(),
  end: new Date(r.end).toISOString(),
  status: r.status,
  serviceId: r.serviceId,
  officeId: r.officeId,
  citizen: { name: r.citizenName, email: r.citizenEmail, phone: r.citizenPhone },
  caseReference: r.caseReference,
  language: r.language,
});

/**
 * /api/v1: the versioned REST API for case systems, with its OpenAPI 3.1 document generated from the same
 * zod schemas that validate the requests. Swagger is registered in this scope only, so the document holds
 * exactly the /api/v1 routes.
 */
export const apiV1Routes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Amtsraum API', version: API_V1_VERSION, description: DESCRIPTION },
      components: {
        securitySchemes: {
          apiKey: {
            type: 'http',
            scheme: 'bearer',
            description: 'An API key of the authority, created under Administration → API keys',
          },
        },
      },
      tags: [
        { name: 'appointments', description: 'Appointments with a booked slot' },
        { name: 'consultations', description: 'Video consultations opened from a case, and protocols' },
        { name: 'meta', description: 'This document' },
      ],
    },
    transform: jsonSchemaTransform,
  });

  const keys = createApiKeyStore(ctx.db);
  const invitations = createInvitationStore(ctx.db, () => ctx.clock());
  /** Authentication and scope before anything is parsed; the scope is stated in the document too. */
  const guarded = (scope: ApiScope) => ({ onRequest: requireApiKey(keys, scope) });
  const security = (scope: ApiScope) => [{ apiKey: [scope] }];
  const actor = (id: string) => `api_key:${id}`;
  const exportXdomea = createXdomeaExport(ctx);

  app.get(
    '/openapi.json',
    {
      schema: {
        tags: ['meta'],
        summary: 'This OpenAPI 3.1 document',
        security: [],
        response: { 200: z.looseObject({ openapi: z.string() }) },
      },
    },
    async () => app.swagger() as unknown as { openapi: string },
  );

  // Appointments -----------------------------------------------------------------------------------------

  app.get(
    '/appointments',
    {
      ...guarded('appointments:read'),
      schema: {
        tags: ['appointments'],
        summary: 'Appointments of the authority in a time range, by start',
        security: security('appointments:read'),
        querystring: V1AppointmentsQuery,
        response: { 200: V1AppointmentList, ...PROBLEMS },
      },
    },
    async (request) => {
      const key = apiKeyOf(request);
      const from = request.query.from ? new Date(request.query.from) : clockDate(ctx);
      const to = request.query.to ? new Date(request.query.to) : new Date(from.getTime() + 31 * 86_400_000);
      const rows = await ctx.db.query<AppointmentRow>(
        `${APPOINTMENT} WHERE a.tenant_id = $1 AND a.starts_at >= $2 AND a.starts_at < $3
            AND ($4::text IS NULL OR a.case_reference = $4)
          ORDER BY a.starts_at, a.id LIMIT $5`,
        [
          key.tenantId,
          from.toISOString(),
          to.toISOString(),
          request.query.caseReference ?? null,
          request.query.limit,
        ],
      );
      return { appointments: rows.map(toAppointment) };
    },
  );

  app.get(
    '/appointments/:id',
    {
      ...guarded('appointments:read'),
      schema: {
        tags: ['appointments'],
        summary: 'One appointment',
        security: security('appointments:read'),
        params: V1IdParams,
        response: { 200: V1Appointment, ...PROBLEMS },
      },
    },
    async (request) => {
      const [row] = await ctx.db.query<AppointmentRow>(
        `${APPOINTMENT} WHERE a.tenant_id = $1 AND a.id = $2`,
        [apiKeyOf(request).tenantId, request.params.id],
      );
      if (!row) throw notFound('Appointment');
      return toAppointment(row);
    },
  );

  app.post(
    '/appointments',
    {
      ...guarded('appointments:write'),
      schema: {
        tags: ['appointments'],
        summary: 'Book a free slot of a service for a citizen; the citizen gets the confirmation mail',
        security: security('appointments:write'),
        body: V1AppointmentCreate,
        response: { 201: V1AppointmentCreated, ...PROBLEMS, ...CONFLICT },
      },
    },
    async (request, reply) => {
      const key = apiKeyOf(request);
      const { serviceId, citizen, caseReference, start, language, intake } = request.body;
      const recordBooking = recordAppointmentChange(key.tenantId, actor(key.id), 'appointment.booked');
      const booked = await ctx.bookings.book(
        key.tenantId,
        serviceId,
        {
          start,
          name: citizen.name,
          email: citizen.email,
          ...(citizen.phone ? { phone: citizen.phone } : {}),
          language,
          intake,
        },
        null,
        async (tx, appointmentId) => {
          // Before the webhook event is built, so it carries the case reference.
          if (caseReference) {
            await tx.query('UPDATE appointments SET case_reference = $2 WHERE id = $1', [
              appointmentId,
              caseReference,
            ]);
          }
          await recordBooking(tx, appointmentId);
        },
      );
      return reply.code(201).send({
        id: booked.appointmentId,
        start: booked.start,
        end: booked.end,
        manageUrl: booked.manageUrl,
        joinUrl: booked.joinUrl,
      });
    },
  );

  // Consultations ----------------------------------------------------------------------------------------

  app.post(
    '/consultations',
    {
      ...guarded('consultations:write'),
      schema: {
        tags: ['consultations'],
        summary: "Open a video consultation from a case: a link that puts the citizen in the office's queue",
        description:
          'Hand the joinUrl to the citizen (e.g. by mail from the case system). Opening it places them in ' +
          "the office's waiting room at once, ahead of walk-ins, regardless of opening hours. The link " +
          "expires at the end of the day (authority's time zone) unless validMinutes asks for less, and " +
          'opens one visit: opened on a second device it moves that visit there (the first device is told); ' +
          'once the visit is over it answers 410.',
        security: security('consultations:write'),
        body: V1ConsultationCreate,
        response: { 201: V1ConsultationCreated, ...PROBLEMS },
      },
    },
    async (request, reply) => {
      const key = apiKeyOf(request);
      const created = await invitations.create(key.tenantId, key.id, request.body);
      await recordAuditNow(ctx.db, {
        tenantId: key.tenantId,
        actor: actor(key.id),
        action: 'invitation.created',
        object: `invitation:${created.id}`,
        details: { officeId: request.body.officeId },
      });
      return reply.code(201).send({
        id: created.id,
        joinUrl: invitationUrl(ctx.config.publicUrl, created.tenantSlug, created.token),
        expiresAt: created.expiresAt,
      });
    },
  );

  app.get(
    '/consultations/:id',
    {
      ...guarded('consultations:read'),
      schema: {
        tags: ['consultations'],
        summary: 'State of a consultation opened with POST /consultations',
        security: security('consultations:read'),
        params: V1IdParams,
        response: { 200: V1Consultation, ...PROBLEMS },
      },
    },
    async (request) => {
      const found = await invitations.get(apiKeyOf(request).tenantId, request.params.id);
      if (!found) throw notFound('Consultation');
      return found;
    },
  );

  /** The latest protocol of the consultation(s) of an invitation or an appointment of the key's authority. */
  const latestProtocol = async (tenantId: string, id: string) => {
    const known = await ctx.db.query(
      `SELECT 1 FROM visit_invitations WHERE id = $1 AND tenant_id = $2
       UNION ALL SELECT 1 FROM appointments WHERE id = $1 AND tenant_id = $2`,
      [id, tenantId],
    );
    if (known.length === 0) throw notFound('Consultation');
    const [protocol] = await ctx.db.query<{ record: unknown; pdf: Uint8Array; pdfSha256: string }>(
      `SELECT p.record, p.pdf, p.pdf_sha256 AS "pdfSha256"
         FROM consultation_protocols p JOIN consultations c ON c.id = p.consultation_id AND c.tenant_id = p.tenant_id
        WHERE p.tenant_id = $2 AND c.visit_id IN (
                SELECT visit_id FROM visit_invitations WHERE id = $1 AND tenant_id = $2
                UNION ALL SELECT visit_id FROM appointments WHERE id = $1 AND tenant_id = $2)
        ORDER BY p.issued_at DESC, p.version DESC LIMIT 1`,
      [id, tenantId],
    );
    if (!protocol) throw notFound('Protocol');
    const record = ProtocolRecord.parse(protocol.record);
    return { protocol, record, day: calendarDay(record.times.startedAt, record.authority.timeZone) };
  };
  const protocolDoc = (format: string) => ({
    tags: ['consultations'],
    summary: `The latest protocol as ${format}`,
    description:
      'The id is that of a consultation opened with POST /consultations, or of an appointment. 404 until ' +
      'the agent has issued a protocol.',
    security: security('consultations:read'),
    params: V1IdParams,
  });
  const auditDownload = (keyId: string, tenantId: string, consultationId: string, format: string) =>
    recordAuditNow(ctx.db, {
      tenantId,
      actor: actor(keyId),
      action: 'protocol.downloaded',
      object: `consultation:${consultationId}`,
      details: { format },
    });

  app.get(
    '/consultations/:id/protocol.pdf',
    {
      ...guarded('consultations:read'),
      schema: {
        ...protocolDoc('PDF/A'),
        response: {
          200: {
            description: 'The protocol as PDF/A',
            content: { 'application/pdf': { schema: z.string().meta({ format: 'binary' }) } },
          },
          ...PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const key = apiKeyOf(request);
      const { protocol, record, day } = await latestProtocol(key.tenantId, request.params.id);
      await auditDownload(key.id, key.tenantId, record.consultationId, 'pdf');
      return (
        reply
          .header('content-disposition', `attachment; filename="protocol-${day}.pdf"`)
          .type('application/pdf')
          // Bytes go out as they are; the string schema only describes them (format: binary) in the document.
          .send(Buffer.from(protocol.pdf) as unknown as string)
      );
    },
  );

  app.get(
    '/consultations/:id/protocol.json',
    {
      ...guarded('consultations:read'),
      schema: { ...protocolDoc('JSON'), response: { 200: ProtocolDownload, ...PROBLEMS } },
    },
    async (request, reply) => {
      const key = apiKeyOf(request);
      const { protocol, record, day } = await latestProtocol(key.tenantId, request.params.id);
      const pdf = Buffer.from(protocol.pdf);
      if (sha256Hex(pdf) !== protocol.pdfSha256) {
        request.log.error({ consultationId: record.consultationId }, 'protocol PDF does not match its hash');
      }
      await auditDownload(key.id, key.tenantId, record.consultationId, 'json');
      return reply
        .header('content-disposition', `attachment; filename="protocol-${day}.json"`)
        .send({ ...record, pdf: { sha256: protocol.pdfSha256, bytes: pdf.length } });
    },
  );

  app.get(
    '/consultations/:id/xdomea',
    {
      ...guarded('consultations:read'),
      schema: {
        tags: ['consultations'],
        summary:
          'The finished consultation for the e-file: an xdomea 3.0.0 message (Abgabe.Abgabe.0401) as ZIP',
        description:
          'The ZIP "<ProzessID>_Abgabe.Abgabe.0401.zip" holds the message XML and the primary documents: ' +
          'the latest protocol (PDF/A) and every file shared in the consultation, each with its SHA-256. ' +
          'The id is that of a consultation opened with POST /consultations, or of an appointment. Each ' +
          'export is written to the audit trail.',
        security: security('consultations:read'),
        params: V1IdParams,
        response: {
          200: {
            description: 'The xdomea message and its primary documents as ZIP',
            content: { 'application/zip': { schema: z.string().meta({ format: 'binary' }) } },
          },
          ...PROBLEMS,
          409: problemResponse(
            'The citizen has not been in a consultation yet, it is still running, or no protocol has been issued',
          ),
        },
      },
    },
    async (request, reply) => {
      const key = apiKeyOf(request);
      const consultation = await consultationOfCase(ctx.db, key.tenantId, request.params.id);
      return sendXdomeaPackage(reply, await exportXdomea(consultation, actor(key.id)));
    },
  );
};
