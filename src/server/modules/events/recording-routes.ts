import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { EventRecording, EventRecordingList, RecordingFileParams } from '../../../shared/event-recordings';
import { IdParams } from '../../../shared/fields';
import { type AppContext, clockDate } from '../../context';
import { recordAuditNow } from '../audit/audit-log';
import { requireStaff } from '../auth/guard';
import { contentDisposition } from '../consultations/file-store';
import { answerEventErrors, EventError } from './event-errors';
import { isOpen } from './event-store';
import { hostedEvent } from './hosted';

const MIME = { video: 'video/webm', audio: 'audio/ogg' } as const;

/**
 * Recording an event (/api/staff/events/:id/recording…): its hosts start and stop it while the doors
 * are open; its hosts, administrators and leads list and download the converted files (each download
 * audited). Another authority's event is not found; without JANUS_RECORDING_DIR starting is refused.
 */
export const recordingRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  answerEventErrors(app);
  app.addHook('preHandler', requireStaff(ctx));
  app.addHook('preHandler', async () => {
    if (!ctx.events.available) throw new EventError('unavailable');
  });
  const { recordings } = ctx.events;
  const actor = (who: { tenantId: string; id: string }) => ({
    tenantId: who.tenantId,
    actor: `staff:${who.id}`,
  });

  app.post(
    '/events/:id/recording',
    { schema: { params: IdParams, response: { 201: EventRecording } } },
    async (request, reply) => {
      const { who, event } = await hostedEvent(ctx, request, request.params.id);
      if (!recordings.available) throw new EventError('recording-unavailable');
      if (!isOpen(event, clockDate(ctx))) throw new EventError('not-open');
      return reply.code(201).send(await recordings.start(actor(who), event, clockDate(ctx)));
    },
  );

  app.delete(
    '/events/:id/recording',
    { schema: { params: IdParams, response: { 200: EventRecording } } },
    async (request) => {
      const { who, event } = await hostedEvent(ctx, request, request.params.id);
      return recordings.stop(actor(who), event.id, clockDate(ctx));
    },
  );

  app.get(
    '/events/:id/recordings',
    { schema: { params: IdParams, response: { 200: EventRecordingList } } },
    async (request) => {
      const { event } = await hostedEvent(ctx, request, request.params.id, { managers: true });
      return { available: recordings.available, recordings: await recordings.list(event.id) };
    },
  );

  app.get(
    '/events/:id/recordings/:recordingId/files/:fileId',
    { schema: { params: RecordingFileParams } },
    async (request, reply) => {
      const { who, event } = await hostedEvent(ctx, request, request.params.id, { managers: true });
      const { recording, file, path } = await recordings.file(
        who.tenantId,
        event.id,
        request.params.recordingId,
        request.params.fileId,
      );
      const found = await stat(path).catch(() => undefined);
      if (!found) throw new EventError('unknown');
      await recordAuditNow(ctx.db, {
        ...actor(who),
        action: 'event.recording.downloaded',
        object: `event:${event.id}`,
        details: { recordingId: recording.id, fileId: file.id },
      });
      const day = recording.startedAt.slice(0, 10);
      const name = `veranstaltung-${day}-${file.place === 'stage' ? 'buehne' : 'wortbeitrag'}-${file.id.slice(0, 8)}.${file.media === 'video' ? 'webm' : 'opus'}`;
      return reply
        .header('content-disposition', contentDisposition(name))
        .header('x-content-type-options', 'nosniff')
        .header('content-length', String(found.size))
        .type(MIME[file.media])
        .send(createReadStream(path));
    },
  );
};
