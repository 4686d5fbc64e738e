import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createJobWorker } from '../../src/server/jobs/queue';
import { createRetentionJob, RETENTION_JOB } from '../../src/server/modules/retention/retention-job';
import { openTestDb, type TestDb } from '../support/db';
import { describeEachDb } from '../support/each-db';

describeEachDb('job purge', (kind) => {
  let testDb: TestDb;
  let dataDir: string;
  beforeAll(async () => {
    testDb = await openTestDb(kind);
    dataDir = await mkdtemp(join(tmpdir(), 'amtsraum-purge-'));
  });
  afterAll(async () => {
    await testDb.dispose();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('the retention sweep deletes finished jobs after their retention and keeps the rest', async () => {
    const { db } = testDb;
    // Ages are relative to the database's clock, as the sweep's are.
    await db.query(
      `INSERT INTO jobs (kind, payload, run_at, done_at, failed_at) VALUES
         ('mail', '{"name": "done-old"}', now() - interval '9 days', now() - interval '8 days', NULL),
         ('mail', '{"name": "done-recent"}', now() - interval '6 days', now() - interval '6 days', NULL),
         ('mail', '{"name": "failed-old"}', now() - interval '32 days', NULL, now() - interval '31 days'),
         ('mail', '{"name": "failed-recent"}', now() - interval '20 days', NULL, now() - interval '20 days'),
         ('mail', '{"name": "pending-old"}', now() - interval '60 days', NULL, NULL)`,
    );
    await db.query(`INSERT INTO jobs (kind, payload) VALUES ($1, '{"singleton": "true"}')`, [RETENTION_JOB]);
    const worker = createJobWorker(db, { [RETENTION_JOB]: createRetentionJob({ db, dataDir }) });
    expect(await worker.runDue()).toBe(1);

    const left = await db.query<{ name: string }>(
      `SELECT payload ->> 'name' AS name FROM jobs WHERE kind = 'mail' ORDER BY name`,
    );
    expect(left.map((j) => j.name)).toEqual(['done-recent', 'failed-recent', 'pending-old']);
    // The sweep itself, just done, stays; its successor is planned.
    const sweeps = await db.query<{ done: boolean }>(
      'SELECT done_at IS NOT NULL AS done FROM jobs WHERE kind = $1 ORDER BY id',
      [RETENTION_JOB],
    );
    expect(sweeps).toEqual([{ done: true }, { done: false }]);
  });
});
