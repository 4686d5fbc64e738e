import { useEffect, useState } from 'react';
import type { RealtimeClient, RealtimeState } from '../call/realtime-client';

/** What a live page shows of its socket: the state, since when it is gone, and a way to retry now. */
export interface RealtimeConnection {
  state: RealtimeState;
  /** When the connection was lost (ms since the epoch, the browser's clock); null while it is not. */
  lostAt: number | null;
  /** Tries to reconnect at once (the "try again" button). */
  retry(): void;
}

type Client = Pick<RealtimeClient, 'state' | 'lostAt' | 'onStateChange' | 'retryNow'>;

const NONE = { state: 'closed', lostAt: null } as const;

/** Follows a realtime client's state; a page's client is created in an effect, so null until then. */
export function useRealtimeConnection(client: Client | null): RealtimeConnection {
  const [seen, setSeen] = useState<{ state: RealtimeState; lostAt: number | null }>(NONE);
  useEffect(() => {
    if (!client) {
      setSeen(NONE);
      return;
    }
    // The client may have changed state before this effect subscribed (connect() runs first).
    const read = () => setSeen({ state: client.state, lostAt: client.lostAt });
    read();
    return client.onStateChange(read);
  }, [client]);
  return { ...seen, retry: () => client?.retryNow() };
}
