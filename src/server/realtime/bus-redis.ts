import { Redis } from 'ioredis';
import type { BusEvent, BusHandler, EventBus } from './bus';

const PREFIX = 'amtsraum:';

/** Redis pub/sub: every process subscribes once per channel it has local listeners for. */
export async function createRedisBus(url: string): Promise<EventBus> {
  const publisher = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  const subscriber = new Redis(url, { lazyConnect: true });
  await Promise.all([publisher.connect(), subscriber.connect()]);
  const handlers = new Map<string, Set<BusHandler>>();
  subscriber.on('message', (channel: string, payload: string) => {
    const set = handlers.get(channel.slice(PREFIX.length));
    if (!set) return;
    const event = JSON.parse(payload) as BusEvent;
    for (const handler of set) handler(event);
  });
  return {
    async publish(channel, event) {
      await publisher.publish(PREFIX + channel, JSON.stringify(event));
    },
    subscribe(channel, handler) {
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        void subscriber.subscribe(PREFIX + channel).catch(() => {});
      }
      set.add(handler);
      return () => {
        set.delete(handler);
        if (set.size === 0 && handlers.get(channel) === set) {
          handlers.delete(channel);
          void subscriber.unsubscribe(PREFIX + channel).catch(() => {});
        }
      };
    },
    async close() {
      handlers.clear();
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
