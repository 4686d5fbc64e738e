import type { ServerMessage } from '../../shared/realtime';

/** What travels between server processes; sockets only ever see ServerMessage. */
export type BusEvent =
  /** Hand this message to every socket of the channel's participant. */
  | { kind: 'deliver'; message: ServerMessage }
  /** An office queue changed: whoever shows it reloads it. */
  | { kind: 'office.changed' }
  /** A visit's state changed (called, transferred, ended): its citizen's sockets reload it. */
  | { kind: 'visit.changed' };

export type BusHandler = (event: BusEvent) => void;

/** Fans events out to every server process; in-process by default, Redis when several run. */
export interface EventBus {
  publish(channel: string, event: BusEvent): Promise<void>;
  /** Returns the function that ends this subscription. */
  subscribe(channel: string, handler: BusHandler): () => void;
  close(): Promise<void>;
}

export const channels = {
  office: (officeId: string) => `office:${officeId}`,
  participant: (participantId: string) => `participant:${participantId}`,
  /** Everyone who joined a consultation's shared form, on any process. */
  form: (consultationId: string) => `form:${consultationId}`,
};
