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

/** A database of one office whose waiting list the test changes, and whose queue reads it can hold up. */
function fakeOfficeDb() {
  const waiting: string[] = [];
  let hold: Promise<void> | undefined;
  const db = {
    async query(sql: string) {
      if (sql.includes('FROM offices o JOIN tenants t')) {
        return [
          {
            id: 'office-1',
            tenantId: 'tenant-1',
            slug: 'buero',
            name: 'Büro',
            capacity: 20,
            openingHours: {},
            closedDays: [],
            timeZone: 'Europe/Berlin',
            holidayState: 'BE',
          },
        ];
      }
      if (sql.includes("v.status = 'waiting'")) {
        const read = waiting.map((name, i) => ({
          visitId: `00000000-0000-4000-8000-00000000000${i}`,
          displayName: name,
          concern: '',
          kind: 'walk_in',
          arrivedAt: new Date(Date.UTC(2026, 0, 1, 9, i)),
          queuedAt: new Date(Date.UTC(2026, 0, 1, 9, i)),
          transferNote: null,
          transferredFrom: null,
          audioOnly: false,
          appointmentStartsAt: null,
          disconnectedAt: null,
        }));
        await hold;
        return read;
      }
      if (sql.includes('agent_presence')) return [{ serving: 0, free: 0 }];
      return [];
    },
  } as unknown as Db;
  let release = () => {};
  return {
    db,
    waiting,
    holdReads() {
      hold = new Promise((resolve) => {
        release = () => {
          hold = undefined;
          resolve();
        };
      });
    },
    release: () => release(),
  };
}

describe('office fan-out under changes', () => {
  it('answers a socket that asks after a change with a reload that began after that change', async () => {
    const office = fakeOfficeDb();
    const bus = createMemoryBus();
    const fanout = createOfficeFanout(office.db, bus, () => new Date());
    const names = (s: { waiting: { displayName: string }[] } | undefined) =>
      s?.waiting.map((w) => w.displayName);
    fanout.watch('office-1', () => {});
    office.waiting.push('Anna');
    await bus.publish('office:office-1', { kind: 'office.changed' });
    // A reload is under way, reading the queue as it is (Anna only), when Cem enters.
    office.holdReads();
    const first = fanout.current('office-1');
    await new Promise((resolve) => setTimeout(resolve, 30));
    office.waiting.push('Cem');
    await bus.publish('office:office-1', { kind: 'office.changed' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    const cems = fanout.current('office-1');
    office.release();
    expect(names(await first)).toEqual(['Anna']);
    expect(names(await cems)).toEqual(['Anna', 'Cem']);
    fanout.close();
  });
});
