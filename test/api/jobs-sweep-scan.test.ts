import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Db } from '../../src/server/db/client';
import { createDisconnectSweepJob } from '../../src/server/modules/visits/disconnect-sweep';
import type { VisitEvents } from '../../src/server/modules/visits/visit-events';
import type { VisitStore } from '../../src/server/modules/visits/visit-store';
import { openTestDb, type TestDb } from '../support/db';
import { describeEachDb } from '../support/each-db';

/**
 * How often the visits table was read whole. Sequential queries run on one connection (PGlite has one;
 * the pg pool hands back the one just released), so flushing that connection's counters is enough.
 */
async function visitTableScans(db: Db): Promise<number> {
  await db.query('SELECT pg_stat_force_next_flush()');
  await db.query('SELECT pg_stat_clear_snapshot()');
  const [row] = await db.query<{ n: number }>(
    `SELECT seq_scan::int AS n FROM pg_stat_user_tables WHERE relname = 'visits'`,
  );
  return row!.n;
}

describeEachDb('disconnect sweep scans', (kind) => {
  let testDb: TestDb;
  beforeAll(async () => {
    testDb = await openTestDb(kind);
  });
  afterAll(() => testDb.dispose());

  it('the per-minute sweep reads live visits by index, not every ended one', async () => {
    const { db } = testDb;
    // Years of ended (anonymised) visits and a few waiting ones; the rows' owners do not matter here,
    // so foreign keys are not checked while they are written.
    await db.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query(
        `INSERT INTO visits (tenant_id, office_id, display_name, status, resume_token_hash, ended_at)
         SELECT gen_random_uuid(), gen_random_uuid(), '–', 'done', 'deleted:' || i, now()
           FROM generate_series(1, 20000) i`,
      );
      await tx.query(
        `INSERT INTO visits (tenant_id, office_id, display_name, status, resume_token_hash, disconnected_at)
         SELECT gen_random_uuid(), gen_random_uuid(), 'W', 'waiting', 'w' || i, now()
           FROM generate_series(1, 5) i`,
      );
    });
    await db.query('ANALYZE visits');
    const sweep = createDisconnectSweepJob({
      db,
      visits: {} as VisitStore, // nobody is overdue: removing is never asked for
      visitEvents: {
        citizenFlipped: async () => undefined,
        officeChanged: async () => undefined,
      } as unknown as VisitEvents,
      graceMinutes: 5,
      onError: (error) => {
        throw error;
      },
    });

    const before = await visitTableScans(db);
    await sweep({}, { signal: new AbortController().signal });
    expect(await visitTableScans(db)).toBe(before);
  });
});
