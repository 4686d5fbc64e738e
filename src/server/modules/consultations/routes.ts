import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ChatHistory,
  ChatMessage,
  ChatPost,
  ChatReadRequest,
  ChatReadResult,
  ConsultationRecord,
  ConsultationView,
  type Outcome,
  ProtocolDownload,
  ProtocolRecord,
  ProtocolRequest,
  ProtocolSummary,
  RatingRequest,
  RecordUpdate,
} from '../../../shared/consultations';
import { IdParams } from '../../../shared/fields';
import type { AppContext } from '../../context';
import { HttpProblem, notFound } from '../../http/problem';
import { createTokenBucket } from '../../realtime/rate-limit';
import { VisitAuthHeaders } from '../visits/schema';
import { deliverToAudience } from './consultation-audience';
import { createConsultationStore } from './consultation-store';
import { consultationGuard, labelOf } from './participant-guard';
import { issueProtocol, sha256Hex } from './protocol';
import { calendarDay } from './protocol-format';

/** Chat messages one participant may send: a burst of 10, then one every 2 seconds on average. */
const CHAT_BURST = 10;
const CHAT_PER_SECOND = 0.5;

/**
 * /api/consultations/:id/… — what happens in and after a consultation: chat, notes and outcome, the
 * protocol and the citizen's rating. Citizens authenticate with `Authorization: Bearer <visit token>`,
 * guests with `Authorization: Bearer <guest session token>`, staff with their session cookie; see
 * participant-guard.ts for who may do what. Guests take part in the chat while the call lasts.
 */
export const consultationRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const actorFor = consultationGuard(ctx);
  const store = createConsultationStore(ctx.db);

  const buckets = new Map<string, ReturnType<typeof createTokenBucket>>();
  const takeChatToken = (participant: string) => {
    if (buckets.size > 10_000) buckets.clear();
    let bucket = buckets.get(participant);
    if (!bucket) {
      bucket = createTokenBucket(CHAT_PER_SECOND, CHAT_BURST);
      buckets.set(participant, bucket);
    }
    if (!bucket.take())
      throw new HttpProblem(429, 'Too Many Requests', 'Too many chat messages; wait a moment');
  };

  const headers = VisitAuthHeaders;

  app.get(
    '/:id',
    { schema: { params: IdParams, headers, response: { 200: ConsultationView } } },
    async (request) => {
      const { actor, consultation } = await actorFor(request, request.params.id, [
        'agent',
        'citizen',
        'reader',
      ]);
      const [office] = await ctx.db.query<{ name: string }>(
        'SELECT name FROM offices WHERE id = $1 AND tenant_id = $2',
        [consultation.officeId, consultation.tenantId],
      );
      return {
        id: consultation.id,
        role: actor.role,
        self: actor.role === 'reader' ? null : actor.self,
        peer: actor.role === 'reader' ? null : actor.peer,
        office: { id: consultation.officeId, name: office?.name ?? '' },
        startedAt: new Date(consultation.startedAt).toISOString(),
        endedAt: consultation.endedAt ? new Date(consultation.endedAt).toISOString() : null,
        canRate: actor.role === 'citizen' && consultation.endedAt !== null && !consultation.rated,
      };
    },
  );

  // (A) Chat ------------------------------------------------------------------------------------------

  app.get(
    '/:id/chat',
    { schema: { params: IdParams, headers, response: { 200: ChatHistory } } },
    async (request) => {
      const { consultation } = await actorFor(request, request.params.id, ['agent', 'citizen', 'guest']);
      return { messages: await store.history(consultation) };
    },
  );

  app.post(
    '/:id/chat',
    { schema: { params: IdParams, headers, body: ChatPost, response: { 201: ChatMessage } } },
    async (request, reply) => {
      const { actor, consultation } = await actorFor(request, request.params.id, [
        'agent',
        'citizen',
        'guest',
      ]);
      takeChatToken(actor.self);
      const message = await store.postMessage(
        consultation,
        { participant: actor.self, role: actor.role, label: labelOf(actor) },
        request.body.text,
      );
      await deliverToAudience(ctx, consultation, {
        type: 'chat.message',
        consultationId: consultation.id,
        message,
      });
      return reply.code(201).send(message);
    },
  );

  app.post(
    '/:id/chat/read',
    { schema: { params: IdParams, headers, body: ChatReadRequest, response: { 200: ChatReadResult } } },
    async (request) => {
      const { actor, consultation } = await actorFor(request, request.params.id, [
        'agent',
        'citizen',
        'guest',
      ]);
      const { marked, readAt } = await store.markRead(consultation, actor.self, request.body.upTo);
      if (marked > 0) {
        await deliverToAudience(ctx, consultation, {
          type: 'chat.read',
          consultationId: consultation.id,
          reader: actor.self,
          upTo: request.body.upTo,
          readAt,
        });
      }
      return { marked };
    },
  );

  // (B) Notes and outcome -----------------------------------------------------------------------------

  app.get(
    '/:id/record',
    { schema: { params: IdParams, headers, response: { 200: ConsultationRecord } } },
    async (request) => {
      const { consultation } = await actorFor(request, request.params.id, ['agent', 'reader']);
      return {
        notes: consultation.notes,
        outcome: consultation.outcome as Outcome | null,
        protocol: await store.protocolSummary(consultation),
      };
    },
  );

  app.put(
    '/:id/record',
    { schema: { params: IdParams, headers, body: RecordUpdate, response: { 200: ConsultationRecord } } },
    async (request) => {
      const { consultation } = await actorFor(request, request.params.id, ['agent']);
      await store.updateRecord(consultation, request.body);
      return { ...request.body, protocol: await store.protocolSummary(consultation) };
    },
  );

  // (C) Protocol --------------------------------------------------------------------------------------

  app.post(
    '/:id/protocol',
    {
      schema: { params: IdParams, headers, body: ProtocolRequest, response: { 201: ProtocolSummary } },
    },
    async (request, reply) => {
      const { actor, consultation } = await actorFor(request, request.params.id, ['agent']);
      // Issuing the protocol of a live call ends it first, as the end button would.
      if (!consultation.endedAt) {
        try {
          await ctx.visitEvents.published(await ctx.visits.end(actor.staff, consultation.id));
        } catch (error) {
          // Ended in the meantime (the citizen left): the protocol is issued all the same.
          if (!(error instanceof HttpProblem && error.status === 404)) throw error;
        }
      }
      const issued = await issueProtocol(ctx.db, consultation, actor.staff.id, {
        includeChat: request.body?.includeChat ?? false,
      });
      return reply.code(201).send(issued);
    },
  );

  const latestProtocol = async (id: string, request: Parameters<typeof actorFor>[0]) => {
    const { consultation } = await actorFor(request, id, ['agent', 'reader']);
    const protocol = await store.latestProtocol(consultation);
    if (!protocol) throw notFound('Protocol');
    const record = ProtocolRecord.parse(protocol.record);
    return { protocol, record, day: calendarDay(record.times.startedAt, record.authority.timeZone) };
  };

  app.get('/:id/protocol.pdf', { schema: { params: IdParams, headers } }, async (request, reply) => {
    const { protocol, day } = await latestProtocol(request.params.id, request);
    return reply
      .header('content-disposition', `attachment; filename="protocol-${day}.pdf"`)
      .header('cache-control', 'no-store')
      .type('application/pdf')
      .send(Buffer.from(protocol.pdf));
  });

  app.get(
    '/:id/protocol.json',
    { schema: { params: IdParams, headers, response: { 200: ProtocolDownload } } },
    async (request, reply) => {
      const { protocol, record, day } = await latestProtocol(request.params.id, request);
      const pdf = Buffer.from(protocol.pdf);
      // The stored hash was taken when the PDF was issued; a mismatch would mean the stored bytes changed.
      if (sha256Hex(pdf) !== protocol.pdfSha256) {
        request.log.error({ consultationId: request.params.id }, 'protocol PDF does not match its hash');
      }
      return reply
        .header('content-disposition', `attachment; filename="protocol-${day}.json"`)
        .header('cache-control', 'no-store')
        .send({ ...record, pdf: { sha256: protocol.pdfSha256, bytes: pdf.length } });
    },
  );

  // (D) Rating ----------------------------------------------------------------------------------------

  app.post(
    '/:id/rating',
    { schema: { params: IdParams, headers, body: RatingRequest } },
    async (request, reply) => {
      const { actor, consultation } = await actorFor(request, request.params.id, ['citizen']);
      await store.rate({ ...consultation, visitId: actor.visitId }, request.body);
      return reply.code(204).send();
    },
  );
};
