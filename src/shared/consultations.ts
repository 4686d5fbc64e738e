import { z } from 'zod';
import { IntakeField } from './admin';
import { Id } from './fields';
import { ChatMessage, ConsultationFile, ParticipantId, ParticipantRole } from './realtime';

export { ChatMessage, ConsultationFile };

/**
 * Request and response shapes of /api/consultations/:id/… — chat, notes and outcome, protocol and
 * rating. Texts are plain text everywhere: the UI shows them as text, never as HTML (links through
 * chat-links.ts splitLinks).
 */

/** Plain text without control characters other than tab and line breaks (PostgreSQL refuses NUL). */
export const plainText = (max: number) =>
  z
    .string()
    .max(max)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), 'control characters');

export const ChatPost = z.strictObject({
  text: plainText(2000).trim().min(1),
});
export type ChatPost = z.infer<typeof ChatPost>;

export const ChatHistory = z.object({ messages: z.array(ChatMessage) });
export type ChatHistory = z.infer<typeof ChatHistory>;

export const ChatReadRequest = z.strictObject({
  /** The newest message of another participant the reader has seen; it and all before it are read. */
  upTo: Id,
});
export type ChatReadRequest = z.infer<typeof ChatReadRequest>;

export const ChatReadResult = z.object({ marked: z.int() });

export const Outcome = z.enum(['resolved', 'follow_up', 'documents_missing', 'forwarded', 'other']);
export type Outcome = z.infer<typeof Outcome>;

export const RecordUpdate = z.strictObject({
  notes: plainText(20_000),
  outcome: Outcome.nullable(),
});
export type RecordUpdate = z.infer<typeof RecordUpdate>;

export const ProtocolSummary = z.object({
  version: z.int(),
  issuedAt: z.string(),
  pdfSha256: z.string(),
});
export type ProtocolSummary = z.infer<typeof ProtocolSummary>;

/** The agent's (or a reading admin's/lead's) view of a consultation's record. */
export const ConsultationRecord = z.object({
  notes: z.string(),
  outcome: Outcome.nullable(),
  /** Latest issued protocol, if any. */
  protocol: ProtocolSummary.nullable(),
});
export type ConsultationRecord = z.infer<typeof ConsultationRecord>;

/** What each participant may know about the consultation itself. */
export const ConsultationView = z.object({
  id: Id,
  role: z.enum(['agent', 'citizen', 'reader']),
  /** This side's and the other side's participant ids (null for a reader). */
  self: ParticipantId.nullable(),
  peer: ParticipantId.nullable(),
  office: z.object({ id: Id, name: z.string() }),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
  /** Citizen only: may rate now (the call ended and no rating was given yet). */
  canRate: z.boolean(),
});
export type ConsultationView = z.infer<typeof ConsultationView>;

export const ProtocolRequest = z
  .strictObject({
    /**
     * Copy the chat transcript into the protocol. Off by default: the chat is deleted with the authority's
     * retention days, a protocol is kept longer, so the agent decides when the chat belongs to the record.
     */
    includeChat: z.boolean().default(false),
  })
  /** No body at all: the defaults. */
  .nullish();
export type ProtocolRequest = z.infer<typeof ProtocolRequest>;

const Instant = z.string();

/** The shared form as the protocol states it: each answer with its question, and the checklist. */
export const ProtocolForm = z.object({
  fields: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      type: IntakeField.shape.type,
      /** Text, the chosen value or date ('' when unanswered), or the tick of a checkbox. */
      value: z.union([z.string(), z.boolean()]),
    }),
  ),
  /** What was written in the free-text field below the service's questions. */
  freeText: z.string(),
  /** The service's required documents and whether the agent ticked them as seen. */
  documents: z.array(z.object({ name: z.string(), ticked: z.boolean() })),
});
export type ProtocolForm = z.infer<typeof ProtocolForm>;

/** A file shared in the consultation: what identifies it, not its content. */
export const ProtocolFile = z.object({
  name: z.string(),
  size: z.int(),
  mime: z.string(),
  /** SHA-256 of the file's bytes (hex), to match a copy filed elsewhere. */
  sha256: z.string(),
  uploaderRole: ParticipantRole,
  /** A guest uploader's label ('' when none); absent for agent and citizen, and in older records. */
  uploaderLabel: z.string().optional(),
  sharedAt: Instant,
});
export type ProtocolFile = z.infer<typeof ProtocolFile>;

/** The JSON record of an issued protocol (the PDF shows the same content). */
export const ProtocolRecord = z.object({
  format: z.literal('amtsraum.protocol/1'),
  consultationId: Id,
  version: z.int(),
  issuedAt: Instant,
  authority: z.object({ name: z.string(), timeZone: z.string() }),
  office: z.object({ id: Id, name: z.string() }),
  /** Known for appointments (the booked service); null for walk-ins. */
  service: z.object({ id: Id, name: z.string() }).nullable(),
  /** What the citizen wrote as their concern when entering (walk-ins). */
  concern: z.string(),
  participants: z.object({
    agent: z.object({ name: z.string() }),
    citizen: z.object({ name: z.string() }),
  }),
  times: z.object({
    startedAt: Instant,
    endedAt: Instant,
    waitedSeconds: z.int(),
    durationSeconds: z.int(),
    endReason: z.enum(['completed', 'transferred', 'citizen_left']),
  }),
  notes: z.string(),
  outcome: Outcome.nullable(),
  /** The services performed as recorded on finishing, by name. Absent in older records. */
  performedServices: z.array(z.object({ id: Id, name: z.string(), count: z.int() })).optional(),
  chat: z.object({
    messageCount: z.int(),
    /** Present only when the agent chose to include the transcript. */
    transcript: z
      .array(
        z.object({
          at: Instant,
          role: ParticipantRole,
          /** A guest author's label ('' when none); absent for agent and citizen, and in older records. */
          label: z.string().optional(),
          text: z.string(),
        }),
      )
      .nullable(),
  }),
  /** The form filled together in the call; null when it was never opened. Absent in older records. */
  form: ProtocolForm.nullable().optional(),
  /** Files shared in the call, oldest first (their bytes are not part of the protocol). Absent in older records. */
  files: z.array(ProtocolFile).optional(),
});
export type ProtocolRecord = z.infer<typeof ProtocolRecord>;

/** The JSON download: the record plus the fingerprint of the PDF issued with it. */
export const ProtocolDownload = ProtocolRecord.extend({
  pdf: z.object({ sha256: z.string(), bytes: z.int() }),
});
export type ProtocolDownload = z.infer<typeof ProtocolDownload>;

export const RatingRequest = z.strictObject({
  stars: z.int().min(1).max(5),
  comment: plainText(1000).trim().default(''),
});
export type RatingRequest = z.infer<typeof RatingRequest>;

/** German labels of the outcomes, as the protocol prints them. */
export const OUTCOME_LABELS_DE: Record<Outcome, string> = {
  resolved: 'Erledigt',
  follow_up: 'Folgetermin nötig',
  documents_missing: 'Unterlagen fehlen',
  forwarded: 'Weitergeleitet',
  other: 'Sonstiges',
};

/** The files shared in a consultation, oldest first. */
export const ConsultationFileList = z.object({
  files: z.array(ConsultationFile),
  /** The largest file an upload may have, in bytes (FILE_MAX_BYTES). */
  maxBytes: z.int(),
});
export type ConsultationFileList = z.infer<typeof ConsultationFileList>;

export const FileParams = z.strictObject({ id: Id, fileId: Id });
export type FileParams = z.infer<typeof FileParams>;

/** An upload: the raw bytes as application/octet-stream, the name percent-encoded in X-File-Name. */
export const FileUploadHeaders = z.object({
  authorization: z.string().max(200).optional(),
  'x-file-name': z.string().max(2000).optional(),
});
