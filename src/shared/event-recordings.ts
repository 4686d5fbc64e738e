import { z } from 'zod';
import { Id } from './fields';

/**
 * Recording of a public event with consent: the hosts on stage are recorded, a citizen given the floor
 * only after agreeing on screen, the audience never. Janus writes each stream; after the stop Amtsraum
 * converts them into webm (video) and opus (audio) files that staff download.
 */

export const RecordingStatus = z.enum(['recording', 'converting', 'ready', 'failed']);
export type RecordingStatus = z.infer<typeof RecordingStatus>;

/** One converted file: one medium of one feed (a host on stage, or the citizen who agreed). */
export const RecordingFile = z.object({
  id: Id,
  media: z.enum(['video', 'audio']),
  place: z.enum(['stage', 'floor']),
  bytes: z.int(),
  /** From the first to the last packet. */
  durationMs: z.int(),
});
export type RecordingFile = z.infer<typeof RecordingFile>;

export const EventRecording = z.object({
  id: Id,
  status: RecordingStatus,
  startedAt: z.string(),
  /** Null while it runs. */
  stoppedAt: z.string().nullable(),
  files: z.array(RecordingFile),
});
export type EventRecording = z.infer<typeof EventRecording>;

/** An event's recordings, and whether this server records at all (JANUS_RECORDING_DIR). */
export const EventRecordingList = z.object({ available: z.boolean(), recordings: z.array(EventRecording) });
export type EventRecordingList = z.infer<typeof EventRecordingList>;

export const RecordingFileParams = z.strictObject({ id: Id, recordingId: Id, fileId: Id });

export const RecordingServerMessages = [
  /** Whether the event is being recorded now: every page shows it (sent on follow, then on each change). */
  z.object({ type: z.literal('event.recording'), eventId: Id, recording: z.boolean() }),
] as const;
