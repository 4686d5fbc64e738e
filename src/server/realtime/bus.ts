import type { ServerMessage } from '../../shared/realtime';

/** What travels between server processes; sockets only ever see ServerMessage. */
export type BusEvent =
  /** Hand this message to every socket of the channel's participant. */
  | { kind: 'deliver'; message: ServerMessage }
  /**
   * An office queue changed: whoever shows it reloads it. `visitIds`: only these visits' places (or
   * none, only the office's figures: chairs, help calls, parked and missed) changed, so only they
   * are read again; absent: anything may have changed, the whole office is read.
   */
  | { kind: 'office.changed'; visitIds?: string[] }
  /** The operator disabled or enabled an authority: every process reloads which are switched off. */
  | { kind: 'authorities.changed' }
  /** A visit's state changed (called, transferred, ended): its citizen's sockets reload it. */
  | { kind: 'visit.changed' }
  /** A tab of the channel's participant took their call over (see call-tab.ts). */
  | { kind: 'tab.took-call'; connectionId: string }
  /** The tab that held the participant's call closed its socket. */
  | { kind: 'tab.left'; connectionId: string }
  /**
   * Staff sessions ended (sign-out, account disabled, password changed, ended by an admin): the sockets
   * of that session close at once, or every socket of the staff member when tokenHash is null. The hash
   * is what the database keys sessions by; it opens no session.
   */
  | { kind: 'session.ended'; tokenHash: string | null };

export type BusHandler = (event: BusEvent) => void;

/** Fans events out to every server process; in-process by default, Redis when several run. */
export interface EventBus {
  publish(channel: string, event: BusEvent): Promise<void>;
  /** Returns the function that ends this subscription. */
  subscribe(channel: string, handler: BusHandler): () => void;
  close(): Promise<void>;
}

export const channels = {
  authorities: 'authorities',
  office: (officeId: string) => `office:${officeId}`,
  participant: (participantId: string) => `participant:${participantId}`,
  /** Everyone who joined a consultation's shared form, on any process. */
  form: (consultationId: string) => `form:${consultationId}`,
  /** Everyone on stage or watching an event, on any process: whether a host is on stage, the event's end. */
  event: (eventId: string) => `event:${eventId}`,
  /** The sockets of one staff member, on any process, told that sessions of theirs ended. */
  staffSessions: (staffId: string) => `staff-sessions:${staffId}`,
};
