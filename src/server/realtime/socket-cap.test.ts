import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { REDIS_URL, redisReachable } from '../../../test/support/redis';
import { createMemorySocketCap, createRedisSocketCap, type SocketCap } from './socket-cap';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('socket cap in memory', () => {
  it('counts open sockets per client up to the cap, and a released place is free again', async () => {
    const cap = createMemorySocketCap(2);
    expect(await cap.claim('a', 's1')).toBe(true);
    expect(await cap.claim('a', 's2')).toBe(true);
    expect(await cap.claim('a', 's3')).toBe(false);
    expect(await cap.claim('b', 's4')).toBe(true);
    cap.release('a', 's1');
    cap.release('a', 's1'); // a second close of the same socket frees nothing more
    expect(await cap.claim('a', 's5')).toBe(true);
    expect(await cap.claim('a', 's6')).toBe(false);
  });
});

const redisUp = await redisReachable();

describe.skipIf(!redisUp)('socket cap shared through Redis', () => {
  const redis = new Redis(REDIS_URL);
  const caps: SocketCap[] = [];
  const failures: unknown[] = [];
  /** One server process's cap; claims lapse after ttlMs unless this process's heartbeat renews them. */
  const processCap = (max: number, ttlMs?: number) => {
    const cap = createRedisSocketCap(redis, max, (error) => failures.push(error), ttlMs);
    caps.push(cap);
    return cap;
  };
  afterAll(async () => {
    for (const cap of caps) cap.close();
    await redis.quit();
    expect(failures).toEqual([]);
  });

  it('counts the sockets of one client on all processes together', async () => {
    const client = randomUUID();
    const [first, second] = [processCap(2), processCap(2)];
    expect(await first.claim(client, 's1')).toBe(true);
    expect(await second.claim(client, 's2')).toBe(true);
    expect(await first.claim(client, 's3')).toBe(false);
    expect(await second.claim(client, 's4')).toBe(false);
    first.release(client, 's1');
    await expect.poll(() => second.claim(client, 's5')).toBe(true);
  });

  it("keeps a live process's sockets counted, and frees a crashed process's places after the claim time", async () => {
    const client = randomUUID();
    const crashing = processCap(1, 1_000);
    const surviving = processCap(1, 1_000);
    expect(await crashing.claim(client, 's1')).toBe(true);
    await sleep(1_500); // longer than a claim lasts: only the heartbeat keeps it
    expect(await surviving.claim(client, 's2')).toBe(false);
    crashing.close(); // its heartbeat stops without releasing, as when the process dies
    await sleep(1_500);
    expect(await surviving.claim(client, 's2')).toBe(true);
  });
});
