import pg from 'pg';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createStatisticsMonthsJob } from '../../src/server/modules/statistics/month-tallies-job';
import type { Statistics } from '../../src/shared/statistics';
import { describeEachDb } from '../support/each-db';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import {
  createStatisticsWorld,
  generateSeed,
  insertSeed,
  type StatisticsWorld,
} from '../support/statistics-seed';
import { expectedStatistics } from './statistics-expected';

/**
 * The kept tallies of closed months (migration 0040): what a request reads for October once October is
 * over, and how a late change of one of its visits reaches the figures. The figures themselves are
 * checked against the seed in statistics.test.ts, whose period spans a closed month too.
 */
const OCTOBER = { from: '2026-10-01', to: '2026-10-31' };

describeEachDb('statistics of closed months', (kind) => {
  let server: TestServer;
  let world: StatisticsWorld;
  let reader: { cookie: string };

  beforeAll(async () => {
    server = await startTestServer(kind);
    // 24 November 2026: October is closed, November still open.
    server.ctx.clock = () => Temporal.Instant.from('2026-11-24T15:00:00Z');
    const tenant = await createTestTenant(server);
    world = await createStatisticsWorld(server.ctx, tenant, (await tenant.staff('agent')).id);
    const seed = generateSeed(world, { count: 400, firstDay: '2026-09-20', days: 60, seed: 20261006 });
    await insertSeed(server.ctx.db, world, seed);
    reader = await tenant.staff('reporting');
    // The figures of a period cut by its months' edges equal those counted from the seed.
    const period = { from: '2026-09-25', to: '2026-11-20' };
    const statistics = await get(period);
    expect(statistics.total.counts.cases).toBe(
      expectedStatistics(seed, { timeZone: world.timeZone, ...period, officeIds: null, serviceId: null }).get(
        'total:total',
      )!.counts.cases,
    );
  });
  afterAll(() => server.close());

  const get = async (query: Record<string, string>) => {
    const response = await server.app.inject({
      method: 'GET',
      url: `/api/statistics?${new URLSearchParams(query)}`,
      headers: { cookie: reader.cookie },
    });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as Statistics;
  };
  const keptMonths = async () =>
    (
      await server.ctx.db.query<{ month: string }>(
        'SELECT month::text AS month FROM visit_fact_months WHERE tenant_id = $1 ORDER BY month',
        [world.tenantId],
      )
    ).map((row) => row.month);
  /** An October visit whose call ended as resolved, and the outcome set on it. */
  const octoberResolved = async () => {
    const [row] = await server.ctx.db.query<{ id: string }>(
      `SELECT c.id FROM consultations c JOIN visit_facts f ON f.visit_id = c.visit_id
        WHERE f.tenant_id = $1 AND f.day BETWEEN '2026-10-01' AND '2026-10-31' AND c.outcome = 'resolved'
        ORDER BY c.id LIMIT 1`,
      [world.tenantId],
    );
    return row!.id;
  };
  const setOutcome = `UPDATE consultations SET outcome = $2 WHERE id = $1`;

  it('keeps the tallies of whole closed months only: not the open month, not a month cut by the period', async () => {
    // The first request kept October (wholly in its period and over); September and November are not.
    expect(await keptMonths()).toEqual(['2026-10-01']);
    await get({ from: '2026-11-01', to: '2026-11-23' });
    await get({ from: '2026-09-01', to: '2026-09-30' });
    expect(await keptMonths()).toEqual(['2026-09-01', '2026-10-01']);
    // Filtered by a service the facts are grouped: kept tallies hold every service.
    await server.ctx.db.query('DELETE FROM visit_fact_months WHERE tenant_id = $1', [world.tenantId]);
    await get({ ...OCTOBER, serviceId: world.services[0]!.id });
    expect(await keptMonths()).toEqual([]);
  });

  it('counts a late change of a closed month’s visit: the month is dropped and built again', async () => {
    const before = await get(OCTOBER);
    expect(await keptMonths()).toContain('2026-10-01');
    const consultation = await octoberResolved();
    await server.ctx.db.query(setOutcome, [consultation, 'other']);
    try {
      expect(await keptMonths()).not.toContain('2026-10-01');
      const after = await get(OCTOBER);
      expect(after.total.outcomes.resolved).toBe(before.total.outcomes.resolved! - 1);
      expect(after.total.outcomes.other).toBe((before.total.outcomes.other ?? 0) + 1);
      // Everything else is as it was.
      expect({ ...after.total, outcomes: null }).toEqual({ ...before.total, outcomes: null });
      expect(await keptMonths()).toContain('2026-10-01');
    } finally {
      await server.ctx.db.query(setOutcome, [consultation, 'resolved']);
    }
    expect(await get(OCTOBER)).toEqual(before);
  });

  it('keeps the closed months of the last two years ready each night, in the authority’s calendar', async () => {
    await server.ctx.db.query('DELETE FROM visit_fact_months WHERE tenant_id = $1', [world.tenantId]);
    const before = await get(OCTOBER);
    await server.ctx.db.query('DELETE FROM visit_fact_months WHERE tenant_id = $1', [world.tenantId]);
    // 1 December 2026, 00:30 in Berlin (still 30 November in UTC): November has just closed.
    const run = createStatisticsMonthsJob({
      db: server.ctx.db,
      clock: () => Temporal.Instant.from('2026-11-30T23:30:00Z'),
    });
    await run({}, { signal: new AbortController().signal });
    const kept = await keptMonths();
    expect(kept).toHaveLength(24);
    expect(kept[0]).toBe('2024-12-01');
    expect(kept.at(-1)).toBe('2026-11-01');
    expect(await get(OCTOBER)).toEqual(before);
    // The next run is planned for the next night.
    const [next] = await server.ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM jobs WHERE kind = 'statistics.months' AND run_at > now() + interval '23 hours'`,
    );
    expect(next!.n).toBe(1);
  });

  it('keeps what a closed month offered: agents away since then leave October as it was and empty the open days', async () => {
    const offered = (statistics: Statistics) =>
      statistics.capacity.reduce((sum, row) => sum + row.offered, 0);
    const november = { from: '2026-11-01', to: '2026-11-23' };
    const october = offered(await get(OCTOBER));
    expect(october).toBeGreaterThan(0);
    expect(offered(await get(november))).toBeGreaterThan(0);
    // Every agent away from September on: the booking offers nothing any more.
    const away = await server.ctx.db.query<{ id: string }>(
      `INSERT INTO staff_exceptions (tenant_id, staff_id, kind, during)
       SELECT tenant_id, id, 'absent', tstzrange('2026-09-01', '2027-01-01') FROM staff WHERE tenant_id = $1
       RETURNING id`,
      [world.tenantId],
    );
    try {
      expect(offered(await get(OCTOBER))).toBe(october);
      expect(offered(await get(november))).toBe(0);
      expect(offered(await get({ from: '2026-10-01', to: '2026-11-20' }))).toBe(october);
      // A month not kept yet is kept as it stands when first asked for.
      await server.ctx.db.query('DELETE FROM capacity_months WHERE tenant_id = $1', [world.tenantId]);
      expect(offered(await get(OCTOBER))).toBe(0);
    } finally {
      await server.ctx.db.query('DELETE FROM staff_exceptions WHERE id = ANY ($1::uuid[])', [
        away.map((row) => row.id),
      ]);
      await server.ctx.db.query('DELETE FROM capacity_months WHERE tenant_id = $1', [world.tenantId]);
    }
    expect(offered(await get(OCTOBER))).toBe(october);
  });

  it.runIf(kind === 'postgres')(
    'counts a visit that changes while its month is built: the builder waits for it',
    async () => {
      await server.ctx.db.query('DELETE FROM visit_fact_months WHERE tenant_id = $1', [world.tenantId]);
      const before = await get(OCTOBER);
      await server.ctx.db.query('DELETE FROM visit_fact_months WHERE tenant_id = $1', [world.tenantId]);
      const consultation = await octoberResolved();
      const clerk = new pg.Client({ connectionString: server.databaseUrl });
      await clerk.connect();
      try {
        // A clerk's correction, not committed yet, while the statistics are asked for.
        await clerk.query('BEGIN');
        await clerk.query(setOutcome, [consultation, 'other']);
        const asked = get(OCTOBER);
        await expect
          .poll(async () => {
            const [row] = await server.ctx.db.query<{ n: number }>(
              `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`,
            );
            return row!.n;
          })
          .toBe(1);
        await clerk.query('COMMIT');
        const during = await asked;
        expect(during.total.outcomes.resolved).toBe(before.total.outcomes.resolved! - 1);
        // And what was kept is the same: a later request reads the month built then.
        expect(await keptMonths()).toContain('2026-10-01');
        expect(await get(OCTOBER)).toEqual(during);
      } finally {
        await clerk.query(setOutcome, [consultation, 'resolved']).catch(() => undefined);
        await clerk.end();
      }
    },
  );
});
