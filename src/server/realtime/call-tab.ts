import type { ServerMessage } from '../../shared/realtime';
import type { BusEvent } from './bus';

/** Messages of a running call: only the tab that holds the call gets them. */
const CALL_MESSAGES = new Set<ServerMessage['type']>([
  'call.start',
  'call.peer-joined',
  'call.peer-left',
  'call.peer-reconnected',
  'call.peer-presence',
  'signal',
]);

/**
 * One identity per tab: a person (participant id) may have several tabs or devices open, but only one
 * of them holds their call, or both would answer the same offers as the same participant. The newest tab
 * that says hello takes the call over; the tab that had it is told (call.taken-over) and gets no more call
 * messages. A tab that gave the call away says hello in standby after a reconnect, so a network blip of a
 * background tab does not take the call back. When the holding tab closes, the others hold it again.
 */
export function createCallTab(deps: {
  connectionId: string;
  /** Publishes on the participant's channel, which all their tabs on every process hear. */
  publish: (event: BusEvent) => Promise<void>;
  /** This tab lost the call to another tab: it must stop taking part (and is told so). */
  lost: (consultationId: string) => void;
}) {
  let holds = false;
  /** Calls this tab has been in, to tell it which one it lost. */
  const calls = new Set<string>();

  return {
    get holdsCall() {
      return holds;
    },
    /** This tab holds the person's call from now on; their other tabs let go. */
    async takeCall() {
      holds = true;
      await deps.publish({ kind: 'tab.took-call', connectionId: deps.connectionId });
    },
    /** Handles the tab.* events of the participant's channel; false for any other event. */
    heard(event: BusEvent): boolean {
      if (event.kind === 'tab.took-call') {
        if (event.connectionId !== deps.connectionId && holds) {
          holds = false;
          for (const consultationId of calls) deps.lost(consultationId);
          calls.clear();
        }
        return true;
      }
      if (event.kind === 'tab.left') {
        if (event.connectionId !== deps.connectionId) holds = true;
        return true;
      }
      return false;
    },
    /** Whether this message may reach this tab; remembers the calls it passes on. */
    admits(message: ServerMessage): boolean {
      if (message.type === 'call.ended') calls.delete(message.consultationId);
      if (!CALL_MESSAGES.has(message.type)) return true;
      if (holds && message.type === 'call.start') calls.add(message.consultationId);
      return holds;
    },
    /** The socket closed: if it held the call, the person's other tabs take it back. */
    async closed() {
      if (holds) await deps.publish({ kind: 'tab.left', connectionId: deps.connectionId });
    },
  };
}
export type CallTab = ReturnType<typeof createCallTab>;
