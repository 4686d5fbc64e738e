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
    const fanout = createOfficeFanout(failing, bus, (e) => errors.push(e));
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
  const idOf = (i: number) => `00000000-0000-4000-8000-00000000000${i}`;
  const arrived = (i: number) => new Date(Date.UTC(2026, 0, 1, 9, i));
  const db = {
    async query(sql: string, params: unknown[] = []) {
      if (sql.includes('AS lapsed')) return [{ lapsed: 0 }];
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
            chairs: [],
            talks: [],
          },
        ];
      }
      if (sql.includes("status = 'waiting'")) {
        // Packed as the keys query does: [id, arrived, booked, priority, held, holds, gone, client].
        const keys = JSON.stringify(
          waiting.map((_name, i) => [idOf(i), arrived(i).getTime(), null, 0, false, true, false, null]),
        );
        await hold;
        return [{ keys }];
      }
      if (sql.includes('v.id = ANY')) {
        const ids = params[0] as string[];
        return waiting.flatMap((name, i) =>
          ids.includes(idOf(i))
            ? [
                {
                  visitId: idOf(i),
                  displayName: name,
                  concern: '',
                  kind: 'walk_in',
                  arrivedAt: arrived(i),
                  queuedAt: arrived(i),
                  transferNote: null,
                  transferredFrom: null,
                  audioOnly: false,
                  appointmentStartsAt: null,
                  disconnectedAt: null,
                },
              ]
            : [],
        );
      }
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
    const fanout = createOfficeFanout(office.db, bus);
    const names = (s: { head: { displayName: string }[] } | undefined) => s?.head.map((w) => w.displayName);
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

describe('office fan-out before the bus speaks', () => {
  it('reloads for a caller the last snapshot does not answer, though no change was announced yet', async () => {
    const office = fakeOfficeDb();
    const bus = createMemoryBus();
    const fanout = createOfficeFanout(office.db, bus);
    const names = (s: { head: { displayName: string }[] } | undefined) => s?.head.map((w) => w.displayName);
    fanout.watch('office-1', () => {});
    office.waiting.push('Anna');
    await bus.publish('office:office-1', { kind: 'office.changed' });
    expect(names(await fanout.current('office-1'))).toEqual(['Anna']);
    // Cem's entry is committed, but its announcement has not arrived (Redis delivers it later).
    office.waiting.push('Cem');
    expect(names(await fanout.current('office-1'))).toEqual(['Anna']);
    const showsCem = (s: { head: { displayName: string }[] }) => s.head.some((w) => w.displayName === 'Cem');
    expect(names(await fanout.current('office-1', showsCem))).toEqual(['Anna', 'Cem']);
    fanout.close();
  });
});

describe('office fan-out to many sockets', () => {
  it('tells a long queue’s sockets over several turns of the event loop, so requests are not held up', async () => {
    const office = fakeOfficeDb();
    const bus = createMemoryBus();
    const fanout = createOfficeFanout(office.db, bus);
    const told = new Set<number>();
    let toldWhenOthersRan: number | undefined;
    const all = new Promise<void>((resolve) => {
      for (let i = 0; i < 1200; i++) {
        fanout.watch('office-1', () => {
          // Something else that waits for the event loop (an incoming request, say) runs in between.
          if (i === 0) setImmediate(() => (toldWhenOthersRan = told.size));
          told.add(i);
          if (told.size === 1200) resolve();
        });
      }
    });
    await bus.publish('office:office-1', { kind: 'office.changed' });
    await all;
    expect(toldWhenOthersRan).toBeGreaterThan(0);
    expect(toldWhenOthersRan).toBeLessThan(1200);
    fanout.close();
  });
});

/** An office whose waiting visits the test sets by id, counting the statements that read visit keys. */
function countedOfficeDb() {
  const waiting = new Map<string, number>(); // id → minute of arrival
  const reads = { all: 0, some: [] as string[][] };
  const office = fakeOfficeDb();
  const db = {
    async query(sql: string, params: unknown[] = []) {
      if (!sql.includes('json_agg(json_build_array(id')) return office.db.query(sql, params);
      const only = sql.includes('id = ANY($2') ? (params[1] as string[]) : undefined;
      if (only) reads.some.push(only);
      else reads.all++;
      const keys = [...waiting]
        .filter(([id]) => !only || only.includes(id))
        .map(([id, minute]) => [id, Date.UTC(2026, 0, 1, 9, minute), null, 0, false, true, false, null]);
      return [{ keys: JSON.stringify(keys) }];
    },
  } as unknown as Db;
  return { db, waiting, reads };
}

describe('office fan-out of a change that names its visits', () => {
  const id = (n: number) => `00000000-0000-4000-8000-0000000000${String(n).padStart(2, '0')}`;
  const positionsOf = (snapshot: { positions: ReadonlyMap<string, number> } | undefined) =>
    snapshot && Object.fromEntries(snapshot.positions);

  it('reads only the visits named, puts them in their place, and reads the whole office when a change names none', async () => {
    const office = countedOfficeDb();
    const bus = createMemoryBus();
    const fanout = createOfficeFanout(office.db, bus);
    const shown: { positions: ReadonlyMap<string, number> }[] = [];
    fanout.watch('office-1', (s) => shown.push(s));
    /** Publishes the events and waits until the one reload they cause told the socket. */
    const change = async (...visitIds: (string[] | undefined)[]) => {
      const before = shown.length;
      for (const ids of visitIds)
        await bus.publish('office:office-1', { kind: 'office.changed', ...(ids ? { visitIds: ids } : {}) });
      await expect.poll(() => shown.length).toBe(before + 1);
    };
    for (const n of [1, 2, 3]) office.waiting.set(id(n), n);
    await change([id(1)]);
    // The first reload reads everything: there is no line yet to apply a change to.
    expect(office.reads).toEqual({ all: 1, some: [] });
    expect(positionsOf(shown.at(-1))).toEqual({ [id(1)]: 0, [id(2)]: 1, [id(3)]: 2 });

    // The first is called, someone arrives earlier than the last (a transfer keeps its arrival).
    office.waiting.delete(id(1));
    office.waiting.set(id(4), 2.5);
    await change([id(1)], [id(4)]);
    expect(office.reads).toEqual({ all: 1, some: [[id(1), id(4)]] });
    expect(positionsOf(shown.at(-1))).toEqual({ [id(2)]: 0, [id(4)]: 1, [id(3)]: 2 });
    expect(shown.at(-1)).toMatchObject({ counts: { waiting: 3, holdingPlace: 3, disconnected: 0 } });

    // Only the office's figures changed (a chair): no visit is read.
    await change([]);
    expect(office.reads).toEqual({ all: 1, some: [[id(1), id(4)]] });

    // A change that does not say which visits it touched: everything is read again.
    office.waiting.delete(id(2));
    await change(undefined);
    expect(office.reads.all).toBe(2);
    expect(positionsOf(shown.at(-1))).toEqual({ [id(4)]: 0, [id(3)]: 1 });
    fanout.close();
  });

  it('reads the caller’s own visit when the last snapshot does not show it yet (its entry not announced)', async () => {
    const office = countedOfficeDb();
    const bus = createMemoryBus();
    const fanout = createOfficeFanout(office.db, bus);
    fanout.watch('office-1', () => {});
    office.waiting.set(id(1), 1);
    expect(positionsOf(await fanout.current('office-1'))).toEqual({ [id(1)]: 0 });
    office.waiting.set(id(2), 2);
    const mine = await fanout.current('office-1', (s) => s.positions.has(id(2)), id(2));
    expect(positionsOf(mine)).toEqual({ [id(1)]: 0, [id(2)]: 1 });
    expect(office.reads).toEqual({ all: 1, some: [[id(2)]] });
    fanout.close();
  });
});
