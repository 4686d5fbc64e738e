import type { BusHandler, EventBus } from './bus';

/** One process: delivery is asynchronous like Redis, so callers never depend on synchronous delivery. */
export function createMemoryBus(): EventBus {
  const subscribers = new Map<string, Set<BusHandler>>();
  return {
    async publish(channel, event) {
      for (const handler of subscribers.get(channel) ?? []) queueMicrotask(() => handler(event));
    },
    subscribe(channel, handler) {
      let set = subscribers.get(channel);
      if (!set) {
        set = new Set();
        subscribers.set(channel, set);
      }
      set.add(handler);
      return () => {
        set.delete(handler);
        if (set.size === 0) subscribers.delete(channel);
      };
    },
    async close() {
      subscribers.clear();
    },
  };
}
