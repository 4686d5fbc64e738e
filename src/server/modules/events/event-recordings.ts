import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { EventRecording, RecordingFile } from '../../../shared/event-recordings';
import type { ServerMessage } from '../../../shared/realtime';
import type { JanusRecordingSettings } from '../../config';
import type { Db, Queryable } from '../../db/client';
import { enqueueJob, type JobContext } from '../../jobs/queue';
import { recordAudit } from '../audit/audit-log';
import { EventError } from './event-errors';
import type { FeedPlace } from './event-rooms';

const run = promisify(execFile);

/** Converts a stopped recording's .mjr files (payload: recordingId). */
export const RECORDING_CONVERT_JOB = 'event.recording.convert';
/** Stops a recording still running when its event ends (payload: recordingId). */
export const RECORDING_END_JOB = 'event.recording.end';

/** A .mjr is complete once Janus has not written to it for this long (it closes files on stop or hang-up). */
const QUIET_MS = 2_000;
/** How long a conversion waits for files still being written before it tries again later. */
const SETTLE_MS = 30_000;
const PP_TIMEOUT_MS = 10 * 60_000;

/** The converted files of one recording: DATA_DIR/event-recordings/<tenant>/<recording>/<file>.<ext>. */
export const recordingFolder = (dataDir: string, tenantId: string, recordingId: string) =>
  join(dataDir, 'event-recordings', tenantId, recordingId);
const extensionOf = (media: RecordingFile['media']) => (media === 'video' ? 'webm' : 'opus');
export const recordingFilePath = (
  dataDir: string,
  tenantId: string,
  recordingId: string,
  file: RecordingFile,
) => join(recordingFolder(dataDir, tenantId, recordingId), `${file.id}.${extensionOf(file.media)}`);

/** Janus's files of a recording start with this; it names them "<base>-<audio|video>-<mindex>.mjr". */
const sourcePrefix = (recordingId: string) => `amtsraum-${recordingId}-`;
const SOURCE_NAME = /^amtsraum-[0-9a-f-]{36}-(stage|floor)-[0-9a-f]+-(audio|video)-\d+\.mjr$/;

/** Removes what is left of these recordings in Janus's directory (a conversion that never ran). */
export async function removeRecordingSources(dir: string | undefined, recordingIds: string[]) {
  if (!dir || recordingIds.length === 0) return;
  const names = await readdir(dir).catch(() => [] as string[]);
  const prefixes = recordingIds.map(sourcePrefix);
  for (const name of names)
    if (prefixes.some((p) => name.startsWith(p))) await rm(join(dir, name), { force: true });
}

interface RecordingRow {
  id: string;
  status: EventRecording['status'];
  startedAt: Date;
  stoppedAt: Date | null;
  files: RecordingFile[];
}
const toRecording = (row: RecordingRow): EventRecording => ({
  ...row,
  startedAt: row.startedAt.toISOString(),
  stoppedAt: row.stoppedAt?.toISOString() ?? null,
});
const COLUMNS = `r.id, r.status, r.started_at AS "startedAt", r.stopped_at AS "stoppedAt",
  coalesce((SELECT json_agg(json_build_object('id', f.id, 'media', f.media, 'place', f.place, 'bytes', f.bytes,
      'durationMs', f.duration_ms) ORDER BY f.place DESC, f.media DESC, f.id)
    FROM event_recording_files f WHERE f.recording_id = r.id), '[]'::json) AS files`;

/** Who starts or stops: a host (staff) or, at the event's end, the system. */
export interface RecordingActor {
  tenantId: string;
  actor: string;
}

/**
 * Recordings of events: which one runs (every socket with a publisher asks when it hears of a change),
 * starting and stopping them (audited), and the job that turns Janus's .mjr files into webm and opus.
 * Without JANUS_RECORDING_DIR nothing runs and starting is refused.
 */
export function createEventRecordings(deps: {
  db: Db;
  dataDir: string;
  settings: JanusRecordingSettings | undefined;
  tell: (eventId: string, message: ServerMessage) => Promise<unknown>;
}) {
  const { db, settings } = deps;
  const audit = (tx: Queryable, who: RecordingActor, action: string, eventId: string, details = {}) =>
    recordAudit(tx, {
      tenantId: who.tenantId,
      actor: who.actor,
      action: `event.recording.${action}`,
      object: `event:${eventId}`,
      details,
    });
  const get = async (q: Queryable, id: string) => {
    const [row] = await q.query<RecordingRow>(`SELECT ${COLUMNS} FROM event_recordings r WHERE r.id = $1`, [
      id,
    ]);
    return row ? toRecording(row) : undefined;
  };

  /** Waits until Janus has stopped writing the recording's files; their names, or throws (retry later). */
  async function settledSources(dir: string, recordingId: string, signal: AbortSignal) {
    const until = Date.now() + SETTLE_MS;
    for (;;) {
      const names = (await readdir(dir)).filter((n) => n.startsWith(sourcePrefix(recordingId)));
      const times = await Promise.all(names.map(async (n) => (await stat(join(dir, n))).mtimeMs));
      if (times.every((t) => t < Date.now() - QUIET_MS)) return names.filter((n) => SOURCE_NAME.test(n));
      if (Date.now() > until) throw new Error('the recording is still being written');
      await new Promise((resolve) => setTimeout(resolve, 500));
      signal.throwIfAborted();
    }
  }

  /** janus-pp-rec's report of a source: the seconds from its first to its last packet. */
  async function durationOf(postProcessor: string, source: string, signal: AbortSignal) {
    const { stdout } = await run(postProcessor, ['-d', '0', '-e', source], {
      signal,
      timeout: PP_TIMEOUT_MS,
    });
    const json = stdout.slice(stdout.indexOf('{'), stdout.lastIndexOf('}') + 1);
    const duration = (JSON.parse(json) as { extended?: { duration?: unknown } }).extended?.duration;
    if (typeof duration !== 'number') throw new Error('janus-pp-rec reported no duration');
    return Math.round(duration * 1000);
  }

  async function convertOne(folder: string, name: string, signal: AbortSignal) {
    if (!settings) throw new Error('recording is not configured');
    const [, place, media] = name.match(SOURCE_NAME) as [string, FeedPlace, RecordingFile['media']];
    const source = join(settings.dir, name);
    const durationMs = await durationOf(settings.postProcessor, source, signal);
    const id = randomUUID();
    const target = join(folder, `${id}.${extensionOf(media)}`);
    // Written under a temporary name (janus-pp-rec picks the format by the last extension): a
    // half-written file is never offered for download.
    const partial = join(folder, `${id}.part.${extensionOf(media)}`);
    await run(settings.postProcessor, ['-d', '0', source, partial], { signal, timeout: PP_TIMEOUT_MS });
    const written = await stat(partial).catch(() => undefined);
    // A stream without a single frame (the feed left at once): nothing to offer.
    if (!written || written.size === 0) return void (await rm(partial, { force: true }));
    await rename(partial, target);
    return { id, media, place, bytes: written.size, durationMs } satisfies RecordingFile;
  }

  return {
    available: settings !== undefined,

    /** The recording of the event running now, if any. */
    async running(eventId: string) {
      const [row] = await db.query<{ id: string }>(
        'SELECT id FROM event_recordings WHERE event_id = $1 AND stopped_at IS NULL',
        [eventId],
      );
      return row;
    },

    /** Janus's base name for one feed's files in a recording (unique per publisher). */
    fileBase: (recordingId: string, place: FeedPlace) =>
      `${sourcePrefix(recordingId)}${place}-${randomBytes(4).toString('hex')}`,

    /** A citizen on the floor agreed on screen and is recorded: the audit keeps the seat, not the name. */
    async consented(eventId: string, seatId: string, recordingId: string) {
      const [event] = await db.query<{ tenantId: string }>(
        'SELECT tenant_id AS "tenantId" FROM events WHERE id = $1',
        [eventId],
      );
      if (!event) return;
      const who = { tenantId: event.tenantId, actor: `seat:${seatId}` };
      await audit(db, who, 'consented', eventId, { recordingId });
    },

    /** Starts recording the event; the recording stops at the event's end at the latest. */
    async start(who: RecordingActor, event: { id: string; endsAt: string }, now: Date) {
      if (!settings) throw new EventError('recording-unavailable');
      const id = randomUUID();
      const started = await db.transaction(async (tx) => {
        const inserted = await tx.query(
          `INSERT INTO event_recordings (id, tenant_id, event_id, started_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT (event_id) WHERE stopped_at IS NULL DO NOTHING RETURNING id`,
          [id, who.tenantId, event.id, now],
        );
        if (inserted.length === 0) return undefined;
        const untilEnd = Math.max(0, (Date.parse(event.endsAt) - now.getTime()) / 1000);
        await enqueueJob(tx, RECORDING_END_JOB, { recordingId: id }, untilEnd);
        await audit(tx, who, 'started', event.id, { recordingId: id });
        return get(tx, id);
      });
      if (!started) throw new EventError('recording-running');
      await deps.tell(event.id, { type: 'event.recording', eventId: event.id, recording: true });
      return started;
    },

    /** Stops the running recording; each publisher's socket hears it and Janus closes the files. */
    async stop(who: RecordingActor, eventId: string, now: Date) {
      const stopped = await db.transaction(async (tx) => {
        const [row] = await tx.query<{ id: string }>(
          `UPDATE event_recordings SET stopped_at = greatest(started_at, $3), status = 'converting'
            WHERE tenant_id = $1 AND event_id = $2 AND stopped_at IS NULL RETURNING id`,
          [who.tenantId, eventId, now],
        );
        if (!row) return undefined;
        await enqueueJob(tx, RECORDING_CONVERT_JOB, { recordingId: row.id });
        await audit(tx, who, 'stopped', eventId, { recordingId: row.id });
        return get(tx, row.id);
      });
      if (!stopped) throw new EventError('not-recording');
      await deps.tell(eventId, { type: 'event.recording', eventId, recording: false });
      return stopped;
    },

    /** The event's recordings, oldest first, with their converted files. */
    async list(eventId: string) {
      const rows = await db.query<RecordingRow>(
        `SELECT ${COLUMNS} FROM event_recordings r WHERE r.event_id = $1 ORDER BY r.started_at, r.id`,
        [eventId],
      );
      return rows.map(toRecording);
    },

    /** One converted file of one of the event's recordings, with where it lies. */
    async file(tenantId: string, eventId: string, recordingId: string, fileId: string) {
      const recording = (await this.list(eventId)).find((r) => r.id === recordingId);
      const file = recording?.files.find((f) => f.id === fileId);
      if (!recording || !file) throw new EventError('unknown');
      return { recording, file, path: recordingFilePath(deps.dataDir, tenantId, recordingId, file) };
    },

    /** The job at the event's end: a recording still running stops (the system stops it). */
    async endJob(payload: Record<string, unknown>) {
      const [row] = await db.query<{ tenantId: string; eventId: string }>(
        `SELECT tenant_id AS "tenantId", event_id AS "eventId" FROM event_recordings
          WHERE id = $1 AND stopped_at IS NULL`,
        [String(payload.recordingId)],
      );
      if (!row) return;
      await this.stop({ tenantId: row.tenantId, actor: 'system' }, row.eventId, new Date()).catch(
        (error: unknown) => {
          if (!(error instanceof EventError)) throw error;
        },
      );
    },

    /**
     * The conversion job: each .mjr of the recording through janus-pp-rec (video to webm, audio to
     * opus) into DATA_DIR, its duration from janus-pp-rec's report; then the sources go.
     */
    async convertJob(payload: Record<string, unknown>, { signal }: JobContext) {
      const recordingId = String(payload.recordingId);
      const [row] = await db.query<{ tenantId: string; status: string }>(
        'SELECT tenant_id AS "tenantId", status FROM event_recordings WHERE id = $1',
        [recordingId],
      );
      if (row?.status !== 'converting') return;
      if (!settings) throw new Error('JANUS_RECORDING_DIR is not set: the recording cannot be converted');
      const names = await settledSources(settings.dir, recordingId, signal);
      const folder = recordingFolder(deps.dataDir, row.tenantId, recordingId);
      await mkdir(folder, { recursive: true });
      const files: RecordingFile[] = [];
      try {
        for (const name of names) {
          const file = await convertOne(folder, name, signal);
          if (file) files.push(file);
        }
      } catch (error) {
        if (signal.aborted) throw error;
        await db.query(`UPDATE event_recordings SET status = 'failed' WHERE id = $1`, [recordingId]);
        throw Object.assign(error instanceof Error ? error : new Error(String(error)), { permanent: true });
      }
      await db.transaction(async (tx) => {
        for (const f of files) {
          await tx.query(
            `INSERT INTO event_recording_files (id, recording_id, media, place, bytes, duration_ms)
             VALUES ($1, $2, $3, $4, $5, $6)`,
            [f.id, recordingId, f.media, f.place, f.bytes, f.durationMs],
          );
        }
        await tx.query(`UPDATE event_recordings SET status = 'ready' WHERE id = $1`, [recordingId]);
      });
      await removeRecordingSources(settings.dir, [recordingId]);
    },
  };
}
export type EventRecordings = ReturnType<typeof createEventRecordings>;
