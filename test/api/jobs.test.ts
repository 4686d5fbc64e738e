import { afterAll, beforeAll, expect, it } from 'vitest';
import { createJobWorker, enqueueJob, retryDelaySeconds } from '../../src/server/jobs/queue';
import { openTestDb, type TestDb } from '../support/db';
import { describeEachDb } from '../support/each-db';

describeEachDb('job queue', (kind) => {
  let testDb: TestDb;
  beforeAll(async () => {
    testDb = await openTestDb(kind);
  });
  afterAll(() => testDb.dispose());

  it('runs each job exactly once with two workers taking from the same queue at once', async () => {
    const { db } = testDb;
    for (let i = 0; i < 60; i++) await enqueueJob(db, 'count', { n: i });
    const runs: number[] = [];
    const handler = async (payload: Record<string, unknown>) => {
      runs.push(payload.n as number);
      await new Promise((r) => setTimeout(r, 2)); // keep both workers busy at the same time
    };
    const one = createJobWorker(db, { count: handler }, { batch: 5 });
    const two = createJobWorker(db, { count: handler }, { batch: 5 });
    let ran = 0;
    do {
      const counts = await Promise.all([one.runDue(), two.runDue()]);
      ran = counts[0] + counts[1];
    } while (ran > 0);
    expect(runs).toHaveLength(60);
    expect(new Set(runs).size).toBe(60);
    const [left] = await db.query<{ open: number }>(
      `SELECT count(*)::int AS open FROM jobs WHERE kind = 'count' AND done_at IS NULL`,
    );
    expect(left!.open).toBe(0);
  });

  it('retries a failing job later with back-off, and gives up after its attempts', async () => {
    const { db } = testDb;
    await enqueueJob(db, 'flaky', {});
    let calls = 0;
    const worker = createJobWorker(db, {
      flaky: async () => {
        calls++;
        throw new Error('gateway down');
      },
    });
    expect(await worker.runDue()).toBe(1);
    expect(await worker.runDue()).toBe(0); // not due again yet
    const [job] = await db.query<{ attempts: number; last_error: string; delay: number }>(
      `SELECT attempts, last_error, extract(epoch FROM run_at - now())::float8 AS delay FROM jobs WHERE kind = 'flaky'`,
    );
    expect(job).toMatchObject({ attempts: 1, last_error: 'gateway down' });
    expect(job!.delay).toBeGreaterThan(20);
    await db.query(`UPDATE jobs SET run_at = now(), attempts = max_attempts - 1 WHERE kind = 'flaky'`);
    await worker.runDue();
    const [failed] = await db.query<{ failed: boolean }>(
      `SELECT failed_at IS NOT NULL AS failed FROM jobs WHERE kind = 'flaky'`,
    );
    expect(failed!.failed).toBe(true);
    expect(calls).toBe(2);
    expect(retryDelaySeconds(1)).toBe(30);
    expect(retryDelaySeconds(20)).toBe(3600);
  });

  it('gives up at once on an error that says retrying cannot help', async () => {
    const { db } = testDb;
    await enqueueJob(db, 'refused', {});
    const worker = createJobWorker(db, {
      refused: async () => {
        throw Object.assign(new Error('SMTP 550'), { permanent: true });
      },
    });
    await worker.runDue();
    const [job] = await db.query<{ failed: boolean; attempts: number }>(
      `SELECT failed_at IS NOT NULL AS failed, attempts FROM jobs WHERE kind = 'refused'`,
    );
    expect(job).toEqual({ failed: true, attempts: 1 });
  });

  it('does not run a job before its time, and frees a job whose worker died', async () => {
    const { db } = testDb;
    await enqueueJob(db, 'later', {}, 60);
    const seen: string[] = [];
    const worker = createJobWorker(db, {
      later: async () => void seen.push('later'),
      orphan: async () => void seen.push('orphan'),
    });
    expect(await worker.runDue()).toBe(0);
    // A job claimed by a worker that crashed: its lock ran out.
    await db.query(
      `INSERT INTO jobs (kind, locked_until, attempts) VALUES ('orphan', now() - interval '1 second', 1)`,
    );
    expect(await worker.runDue()).toBe(1);
    expect(seen).toEqual(['orphan']);
  });
});
