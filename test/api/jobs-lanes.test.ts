import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/server/db/client';
import { createJobWorker, enqueueJob, type JobHandler, type JobWorker } from '../../src/server/jobs/queue';
import { openTestDb, type TestDb } from '../support/db';
import { describeEachDb } from '../support/each-db';

/** Short leases, so a handler outlasts its first lease within seconds. */
const LEASE = { lockSeconds: 2, renewSeconds: 0.5, pollMs: 20 };
const LANES = [
  { name: 'webhooks', kinds: ['hook'], concurrency: 2 },
  { name: 'notifications', kinds: ['mail'], concurrency: 2 },
];

/**
 * A webhook receiver that holds every request open until released (a case system that hangs); counts
 * the requests it got per delivery, and how many it held at once.
 */
async function hangingEndpoint() {
  const requests = new Map<string, number>();
  const open = new Set<http.ServerResponse>();
  let holding = true;
  let mostOpen = 0;
  const server = http.createServer((request, response) => {
    const n = new URL(request.url ?? '/', 'http://x').searchParams.get('n') ?? '?';
    requests.set(n, (requests.get(n) ?? 0) + 1);
    request.resume();
    if (!holding) return void response.end('ok');
    open.add(response);
    mostOpen = Math.max(mostOpen, open.size);
    response.on('close', () => open.delete(response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const release = () => {
    holding = false;
    for (const response of open) response.end('ok');
  };
  return {
    url,
    requests,
    open,
    mostOpen: () => mostOpen,
    release,
    close: () => {
      release();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** POSTs like the webhook delivery job; resolves once the answer's head arrives. */
const post = (url: string, signal: AbortSignal) =>
  new Promise<number>((resolve, reject) => {
    const request = http.request(url, { method: 'POST', agent: false, signal }, (response) => {
      resolve(response.statusCode ?? 0);
      response.resume();
    });
    request.on('error', reject);
    request.end('{}');
  });

/** A database handle that stops answering, as a worker's process that died would. */
function mortal(db: Db) {
  let dead = false;
  const died = () => Promise.reject(new Error('process died'));
  const handle: Db = {
    ...db,
    query: (sql, params) => (dead ? died() : db.query(sql, params)),
    exec: (sql) => (dead ? died() : db.exec(sql)),
    transaction: (work) => (dead ? died() : db.transaction(work)),
  };
  const kill = () => {
    dead = true;
  };
  return { db: handle, kill };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describeEachDb('job lanes and leases', (kind) => {
  let testDb: TestDb;
  const workers: JobWorker[] = [];
  const worker = (db: Db, handlers: Record<string, JobHandler>, options = {}) => {
    const created = createJobWorker(db, handlers, { ...LEASE, lanes: LANES, ...options });
    workers.push(created);
    return created;
  };
  beforeAll(async () => {
    testDb = await openTestDb(kind);
  });
  afterEach(async () => {
    await Promise.all(workers.splice(0).map((w) => w.stop().catch(() => undefined)));
    await testDb.db.query('DELETE FROM jobs');
  });
  afterAll(() => testDb.dispose());

  /** How many jobs of a kind are done, and whether any other stays unfinished. */
  const doneCount = async (jobKind: string) => {
    const [row] = await testDb.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM jobs WHERE kind = $1 AND done_at IS NOT NULL',
      [jobKind],
    );
    return row!.n;
  };
  /** Whether the database's clock has passed an instant plus some seconds. */
  const dbPassed = async (instant: string, seconds: number) => {
    const [row] = await testDb.db.query<{ passed: boolean }>(
      `SELECT now() > $1::timestamptz + make_interval(secs => $2) AS passed`,
      [instant, seconds],
    );
    return row!.passed;
  };
  const dbNow = async () => {
    const [row] = await testDb.db.query<{ now: string }>(`SELECT now()::text AS now`);
    return row!.now;
  };

  it('delivers each hanging webhook once across two workers, and sends mail while they hang', async () => {
    const { db } = testDb;
    const endpoint = await hangingEndpoint();
    try {
      const ran = new Map<string, number>();
      let mails = 0;
      const handlers: Record<string, JobHandler> = {
        hook: async (payload, { signal }) => {
          const n = String(payload.n);
          ran.set(n, (ran.get(n) ?? 0) + 1);
          const status = await post(`${endpoint.url}?n=${n}`, signal);
          if (status !== 200) throw new Error(`HTTP ${status}`);
        },
        mail: async () => void mails++,
      };
      // Five deliveries and a reminder, all due at the same instant (one transaction, one now()).
      await db.transaction(async (tx) => {
        for (let n = 0; n < 5; n++) await enqueueJob(tx, 'hook', { n });
        await enqueueJob(tx, 'mail', {});
      });
      const one = worker(db, handlers);
      const two = worker(db, handlers);
      one.start();
      two.start();

      // Both workers' webhook lanes are full of hanging requests (2 slots each) ...
      await expect.poll(() => endpoint.open.size, { timeout: 10_000 }).toBe(4);
      // ... and the reminder went out all the same, while every one of them still hangs.
      await expect.poll(() => doneCount('mail'), { timeout: 10_000 }).toBe(1);
      expect(mails).toBe(1);
      expect(endpoint.open.size).toBe(4);

      // The hanging requests outlast their first lease, with both workers looking for due jobs.
      const hungSince = await dbNow();
      await expect.poll(() => dbPassed(hungSince, LEASE.lockSeconds + 1), { timeout: 10_000 }).toBe(true);
      expect(endpoint.open.size).toBe(4);
      expect([...endpoint.requests.values()]).toEqual([1, 1, 1, 1]);

      endpoint.release();
      await expect.poll(() => doneCount('hook'), { timeout: 10_000 }).toBe(5);
      expect(endpoint.mostOpen()).toBe(4); // the lanes' bound: 2 per worker
      expect([...endpoint.requests.keys()].sort()).toEqual(['0', '1', '2', '3', '4']);
      expect([...endpoint.requests.values()]).toEqual([1, 1, 1, 1, 1]);
      expect([...ran.values()]).toEqual([1, 1, 1, 1, 1]);
      expect(mails).toBe(1);
    } finally {
      await endpoint.close();
    }
  });

  it('renews the lease of a running job, and frees the job of a worker that died', async () => {
    const { db } = testDb;
    await enqueueJob(db, 'mail', { to: 'someone' });
    const started = deferred();
    const finish = deferred();
    const first = mortal(db);
    const a = worker(first.db, {
      mail: async () => {
        started.resolve();
        await finish.promise;
      },
    });
    const bRuns: string[] = [];
    const b = worker(db, { mail: async () => void bRuns.push('b') });

    const aRound = a.runDue().catch(() => -1);
    await started.promise;
    const claimedBy = await dbNow();
    await expect.poll(() => dbPassed(claimedBy, LEASE.lockSeconds + 0.5), { timeout: 10_000 }).toBe(true);
    // Past the first lease: A renewed it, so B finds nothing to take.
    expect(await b.runDue()).toBe(0);
    const [held] = await db.query<{ leased: boolean; attempts: number }>(
      `SELECT locked_until > now() AS leased, attempts FROM jobs WHERE kind = 'mail'`,
    );
    expect(held).toEqual({ leased: true, attempts: 1 });

    // A's process dies mid-job: nothing it does reaches the database any more.
    first.kill();
    let taken = 0;
    await expect.poll(async () => (taken += await b.runDue()), { timeout: 10_000 }).toBe(1);
    expect(bRuns).toEqual(['b']);

    // A's handler ends late; its lost lease keeps it from touching B's run.
    finish.resolve();
    await aRound;
    const [job] = await db.query<{ done: boolean; attempts: number; error: string | null }>(
      `SELECT done_at IS NOT NULL AS done, attempts, last_error AS error FROM jobs WHERE kind = 'mail'`,
    );
    expect(job).toEqual({ done: true, attempts: 2, error: null });
  });

  it('tells a running handler that its lease went to another worker, and ignores its outcome', async () => {
    const { db } = testDb;
    await enqueueJob(db, 'hook', {});
    let aborted = false;
    const started = deferred();
    const a = worker(db, {
      hook: async (_payload, { signal }) => {
        started.resolve();
        await new Promise<void>((_resolve, reject) =>
          signal.addEventListener('abort', () => {
            aborted = true;
            reject(new Error('lease lost'));
          }),
        );
      },
    });
    const round = a.runDue();
    await started.promise;
    // Another worker took it over (its lease had run out while this one stalled).
    await db.query(
      `UPDATE jobs SET attempts = attempts + 1, locked_until = now() + interval '1 hour' WHERE kind = 'hook'`,
    );
    await expect.poll(() => aborted, { timeout: 10_000 }).toBe(true);
    await round;
    const [job] = await db.query<{ taken: boolean; attempts: number; error: string | null }>(
      `SELECT locked_until > now() + interval '30 minutes' AS taken, attempts, last_error AS error
         FROM jobs WHERE kind = 'hook'`,
    );
    expect(job).toEqual({ taken: true, attempts: 2, error: null });
  });

  it('on stop, aborts running handlers and gives their jobs back without counting the attempt', async () => {
    const { db } = testDb;
    await enqueueJob(db, 'hook', {});
    const started = deferred();
    const a = worker(db, {
      hook: (_payload, { signal }) => {
        started.resolve();
        return new Promise<void>((_resolve, reject) =>
          signal.addEventListener('abort', () => reject(signal.reason)),
        );
      },
    });
    a.start();
    await started.promise;
    await a.stop();
    const [job] = await db.query<{ free: boolean; attempts: number; due: boolean }>(
      `SELECT locked_until IS NULL AS free, attempts, run_at <= now() AS due FROM jobs WHERE kind = 'hook'`,
    );
    expect(job).toEqual({ free: true, attempts: 0, due: true });
  });

  it('runDue runs the due jobs of every lane once and says how many', async () => {
    const { db } = testDb;
    for (let n = 0; n < 3; n++) await enqueueJob(db, 'hook', { n });
    await enqueueJob(db, 'mail', {});
    await enqueueJob(db, 'other', {}); // a kind of no lane gets a lane of its own
    const seen: string[] = [];
    const a = worker(db, {
      hook: async (payload) => void seen.push(`hook${payload.n}`),
      mail: async () => void seen.push('mail'),
      other: async () => void seen.push('other'),
    });
    expect(await a.runDue()).toBe(5);
    expect(seen.sort()).toEqual(['hook0', 'hook1', 'hook2', 'mail', 'other']);
    expect(await a.runDue()).toBe(0);
  });
});
