import { useEffect, useState } from 'react';
import { RealtimeClient, realtimeUrl } from '../call/realtime-client';

/**
 * The one socket of an event page, shared by the stage, the questions and the hands: a seat's (with its
 * audience token) or a staff member's. `closed`: the event ended, or the server refused the seat.
 */
export function useEventSocket(audienceToken?: string) {
  const [client, setClient] = useState<RealtimeClient | null>(null);
  const [closed, setClosed] = useState(false);
  useEffect(() => {
    const next = new RealtimeClient();
    const offs = [
      next.on('event.closed', () => setClosed(true)),
      next.onStateChange((state) => state === 'closed' && setClosed(true)),
    ];
    next.connect(
      realtimeUrl(window.location),
      audienceToken ? { type: 'hello', as: 'audience', audienceToken } : { type: 'hello', as: 'staff' },
    );
    setClient(next);
    return () => {
      for (const off of offs) off();
      next.close();
      setClient(null);
    };
  }, [audienceToken]);
  return { client, closed };
}
