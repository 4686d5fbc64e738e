import { useEffect, useRef, useState } from 'react';
import type { CallStart, OfficeQueue } from '../../shared/realtime';
import { CallSession } from '../call/call-session';
import { RealtimeClient, type RealtimeState, realtimeUrl } from '../call/realtime-client';
import { forcedIcePolicy } from '../callui/devices';

export interface StaffSession {
  queues: Map<string, OfficeQueue>;
  session: CallSession | null;
  /** The tab's realtime client (chat messages arrive over it). */
  client: RealtimeClient | null;
  /** The running call (call.start seen, call.ended not yet). */
  call: CallStart | null;
  connection: RealtimeState;
  /**
   * The server closed the socket because the session is gone (signed out in another tab, disabled,
   * ended by an admin, expired): queues are cleared and the page should say so.
   */
  signedOut: boolean;
}

/** The agent's socket: live queues (merged by office) and the agent's own call. */
export function useStaffSession(
  enabled: boolean,
  initialQueues: OfficeQueue[] | undefined,
  localStream: MediaStream | null,
  onCallEnded: () => void,
): StaffSession {
  const [queues, setQueues] = useState<Map<string, OfficeQueue>>(new Map());
  const [session, setSession] = useState<CallSession | null>(null);
  const [client, setClient] = useState<RealtimeClient | null>(null);
  const [call, setCall] = useState<CallStart | null>(null);
  const [connection, setConnection] = useState<RealtimeState>('closed');
  const [signedOut, setSignedOut] = useState(false);
  const streamRef = useRef(localStream);
  streamRef.current = localStream;
  const endedRef = useRef(onCallEnded);
  endedRef.current = onCallEnded;

  useEffect(() => {
    if (initialQueues) setQueues(new Map(initialQueues.map((q) => [q.officeId, q])));
  }, [initialQueues]);

  useEffect(() => {
    if (!enabled) return;
    // The server closes with 1008 for a bad hello (unknown visit, ended session): no retries then.
    const client = new RealtimeClient();
    const callSession = new CallSession({ client, localStream: streamRef.current, ...forcedIcePolicy() });
    const offs = [
      // Each push carries one or more offices: merge them into what is shown.
      client.on('queues.state', (message) =>
        setQueues((previous) => {
          const next = new Map(previous);
          for (const office of message.offices) next.set(office.officeId, office);
          return next;
        }),
      ),
      client.onStateChange((state) => {
        setConnection(state);
        // Only a fatal close (1008) ends in 'closed' while subscribed (our own close() comes after the
        // unsubscribe below): for staff that means the session is gone. No citizen's name stays shown.
        if (state !== 'closed') return;
        setSignedOut(true);
        setQueues(new Map());
        setCall(null);
      }),
      callSession.on('start', setCall),
      callSession.on('ended', () => {
        setCall(null);
        endedRef.current();
      }),
    ];
    setSession(callSession);
    setClient(client);
    client.connect(realtimeUrl(window.location), { type: 'hello', as: 'staff' });
    return () => {
      for (const off of offs) off();
      callSession.dispose();
      client.close();
      setSession(null);
      setClient(null);
      setCall(null);
    };
  }, [enabled]);

  useEffect(() => {
    if (session && localStream) void session.setLocalStream(localStream);
  }, [session, localStream]);

  return { queues, session, client, call, connection, signedOut };
}
