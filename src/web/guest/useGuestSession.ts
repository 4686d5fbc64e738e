import { useEffect, useRef, useState } from 'react';
import type { GuestSelf } from '../../shared/guests';
import { ApiProblem } from '../api/client';
import { guestApi } from '../api/guests';
import { CallSession } from '../call/call-session';
import { RealtimeClient, realtimeUrl } from '../call/realtime-client';
import { forcedIcePolicy } from '../callui/devices';
import { type RealtimeConnection, useRealtimeConnection } from '../hooks/useRealtimeConnection';

/** Why a guest is no longer in the call: it ended, they left, they were removed, or the token is unknown. */
export type GuestEnd = Exclude<GuestSelf['status'], 'live'> | 'invalid';

export interface GuestSession {
  session: CallSession | null;
  /** The tab's realtime client (chat, form and files arrive over it). */
  client: RealtimeClient | null;
  connection: RealtimeConnection;
  /** Set once the call is over for this guest. */
  end: GuestEnd | null;
}

/** Asks the server where the guest stands; null while still in the call (or unreachable). */
export async function guestEnd(token: string): Promise<GuestEnd | null> {
  try {
    const self = await guestApi.me(token);
    return self.status === 'live' ? null : self.status;
  } catch (error) {
    return error instanceof ApiProblem && error.status === 401 ? 'invalid' : null;
  }
}

/** The guest's socket and CallSession; when the call ends or the socket is refused, it finds out why. */
export function useGuestSession(token: string | null, localStream: MediaStream | null): GuestSession {
  const [session, setSession] = useState<CallSession | null>(null);
  const [client, setClient] = useState<RealtimeClient | null>(null);
  const [end, setEnd] = useState<GuestEnd | null>(null);
  const streamRef = useRef(localStream);
  streamRef.current = localStream;

  useEffect(() => {
    if (!token) return;
    let disposed = false;
    // The server closes with 1008 for an unknown or ended guest: no retries then, and we ask why.
    const client = new RealtimeClient();
    const check = () =>
      void guestEnd(token).then((found) => {
        if (disposed || !found) return;
        setEnd(found);
        // Over for good: nothing more to hear on this socket.
        client.close();
      });
    const call = new CallSession({ client, localStream: streamRef.current, ...forcedIcePolicy() });
    const offs = [
      client.onStateChange((state) => {
        if (state === 'closed') check();
      }),
      call.on('ended', check),
    ];
    setSession(call);
    setClient(client);
    client.connect(realtimeUrl(window.location), { type: 'hello', as: 'guest', guestToken: token });
    return () => {
      disposed = true;
      for (const off of offs) off();
      call.dispose();
      client.close();
      setSession(null);
      setClient(null);
    };
  }, [token]);

  useEffect(() => {
    if (session && localStream) void session.setLocalStream(localStream);
  }, [session, localStream]);

  const connection = useRealtimeConnection(client);
  return { session, client, connection, end };
}
