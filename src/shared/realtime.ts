import { z } from 'zod';
import { ClerkOnDuty } from './clerk-states';
import { AudienceClientMessages, AudienceServerMessages } from './event-audience';
import { RecordingServerMessages } from './event-recordings';
import { EventClientMessages, EventServerMessages } from './event-signals';
import { HelpCall } from './help-calls';
import { IceCandidate } from './ice-candidate';
import { FormClientMessages, FormServerMessages } from './shared-form';

/**
 * Messages on the one WebSocket per tab (/api/ws). The first client message must be `hello`;
 * every message is validated against these schemas on arrival.
 */

/** Who takes part in a consultation, e.g. "agent:<staffId>" or "citizen:<visitId>". */
export const ParticipantId = z.string().regex(/^(agent|citizen|guest):[0-9a-f-]{36}$/);
export type ParticipantId = z.infer<typeof ParticipantId>;

/** WebRTC signaling payload relayed unchanged between two participants. */
export const SignalData = z.union([
  z.strictObject({
    description: z.strictObject({
      type: z.enum(['offer', 'answer', 'rollback', 'pranswer']),
      sdp: z.string().max(100_000).optional(),
    }),
  }),
  z.strictObject({
    candidate: IceCandidate.nullable(),
  }),
]);
export type SignalData = z.infer<typeof SignalData>;

const ActiveConsultation = {
  /** Said after a reconnect while this tab still holds the call's peer connection: keep it, don't renew. */
  activeConsultationId: z.uuid().optional(),
  /** This tab gave the call to another tab of the same person: do not take it back by reconnecting. */
  standby: z.literal(true).optional(),
};

/**
 * Discriminated by `type` (and a hello by `as`), so a refused message is told the field at fault
 * ("visitToken"), not only that it matches none of the kinds.
 */
export const ClientMessage = z.discriminatedUnion('type', [
  z.discriminatedUnion('as', [
    /** Citizens prove their visit with the resume token; staff are known by their session cookie. */
    z.strictObject({
      type: z.literal('hello'),
      as: z.literal('citizen'),
      visitToken: z.string().min(20).max(100),
      ...ActiveConsultation,
    }),
    z.strictObject({ type: z.literal('hello'), as: z.literal('staff'), ...ActiveConsultation }),
    /** Guests prove themselves with the session token their redeemed one-time link gave them. */
    z.strictObject({
      type: z.literal('hello'),
      as: z.literal('guest'),
      guestToken: z.string().min(20).max(100),
      ...ActiveConsultation,
    }),
    /** The audience of an event proves its seat with the token the admission gave (modules/events). */
    z.strictObject({
      type: z.literal('hello'),
      as: z.literal('audience'),
      audienceToken: z.string().min(20).max(100),
    }),
  ]),
  z.strictObject({
    type: z.literal('signal'),
    consultationId: z.uuid(),
    to: ParticipantId,
    data: SignalData,
  }),
  /**
   * Restarts and re-offers did not bring this side's connections back: build them afresh on both sides
   * (answered like a reloaded page: call.start with renew to this tab, call.peer-joined to the others).
   */
  z.strictObject({ type: z.literal('call.rejoin'), consultationId: z.uuid() }),
  /** This tab takes the person's running call over from their other tabs. */
  z.strictObject({ type: z.literal('call.take-over') }),
  /** Keeps the connection (and an agent's presence) alive; answered with pong. */
  z.strictObject({ type: z.literal('ping') }),
  ...FormClientMessages,
  ...EventClientMessages,
  ...AudienceClientMessages,
]);
export type ClientMessage = z.infer<typeof ClientMessage>;

export const IceServer = z.object({
  urls: z.array(z.string()),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof IceServer>;

/**
 * parked: the clerk set the case aside for later in the day; missed: the citizen did not answer the call
 * and its recalls. Both wait outside the line until a clerk calls them or puts them back.
 */
export const VisitStatus = z.enum(['waiting', 'in_consultation', 'done', 'left', 'parked', 'missed']);
export type VisitStatus = z.infer<typeof VisitStatus>;

/**
 * Why a visit ended as left: the citizen left; no tab was connected for the grace period; the walk-in's
 * page never connected after entering; staff removed the entry (e.g. one of many from one client); or
 * it was still parked or missed when its day ended.
 */
export const LeftReason = z.enum([
  'citizen',
  'disconnected',
  'never_connected',
  'removed_by_staff',
  'day_ended',
]);
export type LeftReason = z.infer<typeof LeftReason>;

/** What a citizen sees of their own visit. */
export const VisitView = z.object({
  visitId: z.uuid(),
  status: VisitStatus,
  office: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
  /** 1 = next in line; null when not waiting. */
  position: z.int().nullable(),
  /** Estimated minutes until called; null when nobody serves the office right now. */
  estimatedWaitMinutes: z.int().nullable(),
  /** Set while the visit was forwarded from another office. */
  transferredFrom: z.string().nullable(),
  consultationId: z.uuid().nullable(),
  /** Why a left visit ended (see LeftReason). */
  leftReason: LeftReason.nullable(),
  /** A waiting citizen whose tabs are all closed this long loses the place (shown as a hint). */
  disconnectGraceMinutes: z.int(),
  /** Calls the citizen did not answer; while waiting after one, not called again before recallAt. */
  missedCalls: z.int(),
  recallAt: z.string().nullable(),
  /** The clerk sent the citizen back for a moment and calls them back (first in line). */
  held: z.boolean(),
  /** The clerk's note to the citizen when sending back or parking. */
  clerkNote: z.string().nullable(),
});
export type VisitView = z.infer<typeof VisitView>;

export const WaitingEntry = z.object({
  visitId: z.uuid(),
  displayName: z.string(),
  concern: z.string(),
  kind: z.enum(['walk_in', 'appointment']),
  /** Original arrival, kept across transfers. */
  arrivedAt: z.string(),
  /** When the visit entered this office's queue. */
  queuedAt: z.string(),
  transferNote: z.string().nullable(),
  transferredFrom: z.string().nullable(),
  audioOnly: z.boolean(),
  /** Booked start of an appointment visit; null for walk-ins. */
  appointmentStartsAt: z.string().nullable(),
  /** Since when none of the citizen's tabs is connected (ISO instant); null while one is. */
  disconnectedAt: z.string().nullable(),
  /**
   * Whether the entry counts toward the office's capacity: false for a walk-in whose page has not
   * connected within the grace after entering (it leaves the queue at the next sweep).
   */
  holdsPlace: z.boolean(),
  /**
   * How many walk-ins waiting in this office entered from the same client (address) as this one, this
   * one included; null when it is the only one. Staff see such groups marked; the address stays unknown.
   */
  sameClient: z.int().nullable(),
  /** 1 when a clerk raised the priority, with their reason. */
  priority: z.int(),
  priorityReason: z.string().nullable(),
  /** The clerk who sent the citizen back for a moment, and their note. */
  heldBy: z.uuid().nullable(),
  clerkNote: z.string().nullable(),
  /** Calls not answered so far; call-next passes over the citizen until recallAt. */
  missedCalls: z.int(),
  recallAt: z.string().nullable(),
});
export type WaitingEntry = z.infer<typeof WaitingEntry>;

/** How many wait in an office's queue in all: staff are pushed only its head. */
export const QueueCounts = z.object({
  /** Everyone waiting. */
  waiting: z.int(),
  /** Of those, the entries that count toward the capacity (see WaitingEntry.holdsPlace). */
  holdingPlace: z.int(),
  /** Of those, the citizens none of whose tabs is connected. */
  disconnected: z.int(),
});
export type QueueCounts = z.infer<typeof QueueCounts>;

/** A parked case or a citizen who missed their calls: listed for every clerk of the office. */
export const SetAsideEntry = z.object({
  visitId: z.uuid(),
  status: z.enum(['parked', 'missed']),
  displayName: z.string(),
  concern: z.string(),
  kind: z.enum(['walk_in', 'appointment']),
  arrivedAt: z.string(),
  /** Since when parked or missed. */
  since: z.string(),
  clerkNote: z.string().nullable(),
  missedCalls: z.int(),
  disconnectedAt: z.string().nullable(),
});
export type SetAsideEntry = z.infer<typeof SetAsideEntry>;

export const OfficeQueue = z.object({
  officeId: z.uuid(),
  name: z.string(),
  agentsServing: z.int(),
  /** The head of the queue, in order: at most the first 50 (counts.waiting says how many wait in all). */
  waiting: z.array(WaitingEntry),
  /** Always sent by the server; optional so that a page may show an office it has no message for yet. */
  counts: QueueCounts.optional(),
  /** Who serves the office and what they do (breaks, follow-up work); sent by the server like counts. */
  clerks: z.array(ClerkOnDuty).optional(),
  /** Parked cases and missed citizens, oldest first (at most 50). */
  setAside: z.array(SetAsideEntry).optional(),
  /** Clerks of the office asking for help in a call, oldest first; answered ones until the call ends. */
  helpCalls: z.array(HelpCall).optional(),
});
export type OfficeQueue = z.infer<typeof OfficeQueue>;

/** Another participant of a call, as one side sees it: each pair has a peer connection of its own (mesh). */
export const CallPeer = z.object({
  id: ParticipantId,
  /**
   * This side's role towards that peer in perfect negotiation: the polite side yields when offers collide,
   * the impolite side makes the first offer. The agent is impolite to everyone; of any other pair, the
   * one who joined earlier.
   */
  polite: z.boolean(),
  /** A guest's label as the agent gave it (e.g. "Dolmetscherin"); null for agent and citizen. */
  label: z.string().nullable(),
});
export type CallPeer = z.infer<typeof CallPeer>;

export const CallStart = z.object({
  type: z.literal('call.start'),
  consultationId: z.uuid(),
  /** This side's id, and the call's other main side (agent ↔ citizen; a guest's is the agent). */
  self: ParticipantId,
  peer: ParticipantId,
  /** This side's role towards `peer` (see CallPeer.polite). */
  polite: z.boolean(),
  /** Everyone else in the call, `peer` included: one peer connection each. */
  peers: z.array(CallPeer),
  /**
   * true: build new peer connections (first start, or this page was reloaded);
   * false: this tab reconnected its socket and keeps its peer connections (adding or dropping peers
   * that joined or left meanwhile).
   */
  renew: z.boolean(),
  iceServers: z.array(IceServer),
  /**
   * Since when none of the citizen's pages is open (ISO instant): called, but not there to answer until
   * the page is back. null while one is open, and always for the citizen.
   */
  citizenAwaySince: z.string().nullable(),
});
export type CallStart = z.infer<typeof CallStart>;

/** Who writes or shares in a consultation: the kind of participant (the prefix of a ParticipantId). */
export const ParticipantRole = z.enum(['agent', 'citizen', 'guest']);
export type ParticipantRole = z.infer<typeof ParticipantRole>;

/** One chat message in a consultation; its text is plain text, to be shown as text (never as HTML). */
export const ChatMessage = z.object({
  id: z.uuid(),
  consultationId: z.uuid(),
  author: ParticipantId,
  role: ParticipantRole,
  /** A guest author's label as the agent gave it ('' when none, shown as "Gast"); null for agent and citizen. */
  label: z.string().nullable(),
  text: z.string(),
  /** ISO instant. */
  createdAt: z.string(),
  /** When a participant other than its author first read it (ISO instant); null while unread. */
  readAt: z.string().nullable(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

/** A file shared in a consultation; its bytes are downloaded from /api/consultations/:id/files/:fileId. */
export const ConsultationFile = z.object({
  id: z.uuid(),
  /** The uploader's file name, made safe: no path, no control characters. */
  name: z.string(),
  size: z.number().int(),
  /** The type detected from the content, e.g. application/pdf. */
  mime: z.string(),
  uploader: ParticipantId,
  uploaderRole: ParticipantRole,
  /** A guest uploader's label as the agent gave it ('' when none); null for agent and citizen. */
  uploaderLabel: z.string().nullable(),
  /** SHA-256 of the file's bytes (hex). */
  sha256: z.string(),
  /** ISO instant. */
  createdAt: z.string(),
});
export type ConsultationFile = z.infer<typeof ConsultationFile>;

export const ServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), as: z.enum(['citizen', 'staff', 'guest', 'audience']) }),
  z.object({ type: z.literal('visit.state'), visit: VisitView }),
  z.object({ type: z.literal('queues.state'), offices: z.array(OfficeQueue) }),
  CallStart,
  z.object({ type: z.literal('call.ended'), consultationId: z.uuid() }),
  /**
   * Someone joined the running call, or came back after reloading their page: connect to them afresh
   * (replacing an old connection to them), keeping every other connection.
   */
  z.object({ type: z.literal('call.peer-joined'), consultationId: z.uuid(), peer: CallPeer }),
  /** Someone left the running call (a guest left or was removed): close the connection to them only. */
  z.object({ type: z.literal('call.peer-left'), consultationId: z.uuid(), peer: ParticipantId }),
  /**
   * Someone's socket came back while their tab kept its connections (a network drop): whatever this side
   * sent them meanwhile was lost, so re-send a pending offer or restart ICE towards them.
   */
  z.object({ type: z.literal('call.peer-reconnected'), consultationId: z.uuid(), peer: ParticipantId }),
  /** The citizen's every page of the call closed (awaySince), or one is open again (null). */
  z.object({
    type: z.literal('call.peer-presence'),
    consultationId: z.uuid(),
    peer: ParticipantId,
    awaySince: z.string().nullable(),
  }),
  /**
   * The visit's join link was opened on another device, which has it now: this tab's token is dead and
   * its socket closes right after this message.
   */
  z.object({ type: z.literal('visit.taken-over') }),
  /** Another tab (or device) of the same person took the call over: this tab stops its media. */
  z.object({ type: z.literal('call.taken-over'), consultationId: z.uuid() }),
  z.object({ type: z.literal('signal'), consultationId: z.uuid(), from: ParticipantId, data: SignalData }),
  z.object({ type: z.literal('pong') }),
  /** A chat message was sent in the consultation (to everyone in it, the author's other tabs included). */
  z.object({ type: z.literal('chat.message'), consultationId: z.uuid(), message: ChatMessage }),
  /** `reader` read the others' messages up to and including `upTo` (to everyone in the consultation). */
  z.object({
    type: z.literal('chat.read'),
    consultationId: z.uuid(),
    reader: ParticipantId,
    upTo: z.uuid(),
    readAt: z.string(),
  }),
  /** A file was shared in the consultation (to everyone in it). */
  z.object({ type: z.literal('file.shared'), consultationId: z.uuid(), file: ConsultationFile }),
  ...FormServerMessages,
  ...EventServerMessages,
  ...AudienceServerMessages,
  ...RecordingServerMessages,
  /** A message was refused; the connection stays open. `field`: where in the message ("data.candidate"). */
  z.object({ type: z.literal('error'), code: z.string(), message: z.string(), field: z.string().optional() }),
]);
export type ServerMessage = z.infer<typeof ServerMessage>;
