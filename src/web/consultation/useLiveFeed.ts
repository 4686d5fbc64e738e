import { useEffect, useState } from 'react';
import type { RealtimeClient } from '../call/realtime-client';

/** What a live feed needs of the tab's realtime client. */
export type FeedClient = Pick<RealtimeClient, 'on' | 'onStateChange'>;

/**
 * A consultation's list that is loaded and then kept live: loaded on mount and again when the socket
 * comes back after a drop (what happened meanwhile arrives with the reload), with live events applied
 * in between. `load`, `apply` and `listen` must be stable (useCallback); returns whether a first load
 * has finished (also when it failed: the view then shows what it has).
 */
export function useLiveFeed<T>(
  client: FeedClient | null,
  load: () => Promise<T>,
  apply: (result: T) => void,
  listen: (client: FeedClient) => (() => void)[],
): boolean {
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    let disposed = false;
    const reload = () =>
      load().then(
        (result) => {
          if (disposed) return;
          apply(result);
          setLoaded(true);
        },
        () => !disposed && setLoaded(true),
      );
    void reload();
    if (!client) return;
    const offs = [
      ...listen(client),
      client.onStateChange((state, previous) => {
        // Back after a drop, short (reconnecting) or long (offline): catch up on what was missed.
        if (state === 'open' && (previous === 'reconnecting' || previous === 'offline')) void reload();
      }),
    ];
    return () => {
      disposed = true;
      for (const off of offs) off();
    };
  }, [client, load, apply, listen]);
  return loaded;
}
