import { useEffect, useRef, useState } from 'react';
import type { VisitView } from '../../shared/realtime';
import { citizenApi } from '../api/citizen';
import { ApiProblem } from '../api/client';
import type { CallSession } from '../call/call-session';
import type { RealtimeClient } from '../call/realtime-client';
import { forcedIcePolicy } from '../callui/devices';
import { type RealtimeConnection, useRealtimeConnection } from '../hooks/useRealtimeConnection';
import { afterPaint } from '../lib/afterPaint';

export interface VisitSession {
  visit: VisitView | null;
  session: CallSession | null;
  /** The tab's realtime client (chat messages arrive over it). */
  client: RealtimeClient | null;
  /** The latest consultation of this visit, kept after its call ended (chat, rating). */
  consultationId: string | null;
  /** call.start arrived and no call.ended since. */
  inCall: boolean;
  connection: RealtimeConnection;
  /** The token is not (any longer) valid. */
  invalid: boolean;
  /** The visit's join link was opened on another device, which has the visit now. */
  takenOver: boolean;
  /** Marks the visit as left locally once the server confirmed it. */
  markLeft(): void;
}

/**
 * The socket's and the call's code, with the message schemas (zod) they check with: loaded once there
 * is a visit, so the device check and the name form start without them, and a waiting room's first
 * paint (its data comes over HTTP) does not wait for them.
 */
const loadCallCode = () => Promise.all([import('../call/realtime-client'), import('../call/call-session')]);

/** The citizen's socket: visit.state pushes, and a CallSession that answers call.start. */
export function useVisitSession(token: string | null, localStream: MediaStream | null): VisitSession {
  const [visit, setVisit] = useState<VisitView | null>(null);
  const [session, setSession] = useState<CallSession | null>(null);
  const [client, setClient] = useState<RealtimeClient | null>(null);
  const [consultationId, setConsultationId] = useState<string | null>(null);
  const [inCall, setInCall] = useState(false);
  const [invalid, setInvalid] = useState(false);
  const [takenOver, setTakenOver] = useState(false);
  const [loadError, setLoadError] = useState<unknown>(null);
  const streamRef = useRef(localStream);
  streamRef.current = localStream;

  useEffect(() => {
    // A new visit must never be judged by what the previous one looked like.
    setVisit(null);
    setInvalid(false);
    setTakenOver(false);
    setConsultationId(null);
    if (!token) return;
    let disposed = false;
    const refresh = () =>
      citizenApi.visit(token).then(
        (view) => !disposed && setVisit(view),
        (error: unknown) => {
          if (disposed || !(error instanceof ApiProblem) || error.status !== 401) return;
          if (error.extensions.reason === 'taken-over') setTakenOver(true);
          else setInvalid(true);
        },
      );
    let teardown = () => {};
    const startSocket = () =>
      loadCallCode().then(
        ([{ RealtimeClient, realtimeUrl }, { CallSession }]) => {
          if (disposed) return;
          // The server closes with 1008 for a bad hello (unknown visit, ended session): no retries then.
          const client = new RealtimeClient();
          const call = new CallSession({ client, localStream: streamRef.current, ...forcedIcePolicy() });
          const offs = [
            client.on('visit.state', (message) => setVisit(message.visit)),
            // The server closes this socket right after: the call (if any) goes on on the other device.
            client.on('visit.taken-over', () => {
              call.dispose();
              setInCall(false);
              setTakenOver(true);
            }),
            client.onStateChange((state) => {
              if (state === 'closed') void refresh();
            }),
            call.on('start', (start) => {
              setConsultationId(start.consultationId);
              setInCall(true);
            }),
            call.on('ended', () => {
              setInCall(false);
              // Done, forwarded or left: the visit itself says which.
              void refresh();
            }),
          ];
          setSession(call);
          setClient(client);
          client.connect(realtimeUrl(window.location), { type: 'hello', as: 'citizen', visitToken: token });
          teardown = () => {
            for (const off of offs) off();
            call.dispose();
            client.close();
          };
        },
        // Offline as the code was asked for: the page's error boundary offers to load the app anew.
        (error: unknown) => !disposed && setLoadError(error),
      );
    // The socket's code (zod and the message schemas with it) comes once the visit is on screen: on a
    // slow connection it would share the bandwidth with the visit's data and delay the first paint.
    let cancelStart = () => {};
    void refresh().then(() => {
      if (!disposed) cancelStart = afterPaint(() => void startSocket());
    });
    return () => {
      disposed = true;
      cancelStart();
      teardown();
      setSession(null);
      setClient(null);
      setInCall(false);
    };
  }, [token]);

  useEffect(() => {
    if (session && localStream) void session.setLocalStream(localStream);
  }, [session, localStream]);
  const connection = useRealtimeConnection(client);
  if (loadError) throw loadError;

  return {
    visit,
    session,
    client,
    consultationId,
    inCall,
    connection,
    invalid,
    takenOver,
    markLeft: () => setVisit((v) => (v ? { ...v, status: 'left', position: null } : v)),
  };
}
