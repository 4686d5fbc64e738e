import { afterAll, describe, expect, it } from 'vitest';
import { REDIS_URL, redisReachable } from '../../../test/support/redis';
import type { BusEvent, EventBus } from './bus';
import { createMemoryBus } from './bus-memory';
import { createRedisBus } from './bus-redis';

const redisUp = await redisReachable();

const received = (bus: EventBus, channel: string) => {
  const events: BusEvent[] = [];
  const stop = bus.subscribe(channel, (e) => events.push(e));
  return { events, stop };
};
const settle = () => new Promise((r) => setTimeout(r, 100));

describe('in-process event bus', () => {
  it('delivers to every subscriber of the channel and to nobody else, until unsubscribed', async () => {
    const bus = createMemoryBus();
    const a = received(bus, 'office:1');
    const b = received(bus, 'office:1');
    const other = received(bus, 'office:2');
    await bus.publish('office:1', { kind: 'office.changed' });
    await settle();
    a.stop();
    await bus.publish('office:1', { kind: 'office.changed' });
    await settle();
    expect(a.events).toHaveLength(1);
    expect(b.events).toHaveLength(2);
    expect(other.events).toHaveLength(0);
  });
});

describe.skipIf(!redisUp)('Redis event bus', () => {
  const buses: EventBus[] = [];
  afterAll(async () => {
    for (const bus of buses) await bus.close();
  });

  it('carries an event from one process to another', async () => {
    const one = await createRedisBus(REDIS_URL);
    const two = await createRedisBus(REDIS_URL);
    buses.push(one, two);
    const channel = `test:${Math.random()}`;
    const inTwo = received(two, channel);
    await settle(); // the SUBSCRIBE must reach Redis before the publish
    await one.publish(channel, { kind: 'deliver', message: { type: 'pong' } });
    await settle();
    expect(inTwo.events).toEqual([{ kind: 'deliver', message: { type: 'pong' } }]);
    inTwo.stop();
    await settle();
    await one.publish(channel, { kind: 'visit.changed' });
    await settle();
    expect(inTwo.events).toHaveLength(1);
  });
});
