import { describe, expect, it } from 'vitest';
import type { Db } from '../db/client';
import { createMemoryBus } from './bus-memory';
import { createOfficeFanout } from './office-fanout';

describe('office fan-out', () => {
  it('survives a failing reload: waiters get nothing, the error is reported, nothing is left unhandled', async () => {
    const failing = {
      query: async () => {
        throw new Error('connection lost');
      },
    } as unknown as Db;
    const errors: unknown[] = [];
    const bus = createMemoryBus();
    const fanout = createOfficeFanout(
      failing,
      bus,
      () => new Date(),
      (e) => errors.push(e),
    );
    const shown: unknown[] = [];
    fanout.watch('office-1', (s) => shown.push(s));
    await bus.publish('office:office-1', { kind: 'office.changed' });
    expect(await fanout.current('office-1')).toBeUndefined();
    expect(shown).toEqual([]);
    expect(errors.map((e) => (e as Error).message)).toContain('connection lost');
    fanout.close();
  });
});
