/**
 * Statistics: how long the statistics page's request takes for a year of one authority, on PostgreSQL
 * (a fresh database on 127.0.0.1:5432, or TEST_POSTGRES_URL's server, dropped afterwards) holding
 * `visits` ended visits in all. The measured authority has `share` of them, spread over the measured
 * year 2026 and (a third as many) 2025; the rest belong to a second authority. Visits are made up by
 * the seeded generator of the tests and written as the app leaves them (the visit facts come from the
 * trigger, as when clerks end visits). Prints p50/p99 of GET /api/statistics (the whole request:
 * four statements at once, the figures computed and serialised) for the year, one office, one service
 * and one month, and of the statements alone for the year, with the app's clock on 29 December (eleven
 * months closed: their kept tallies are built by the first request, which is printed on its own).
 *
 *   npx tsx bench/statistics.ts [visits=1000000] [share=0.5] [runs=40]
 */

import { Temporal } from 'temporal-polyfill';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { loadCapacity } from '../src/server/modules/statistics/statistics-capacity';
import { loadTallies } from '../src/server/modules/statistics/statistics-query';
import { openTestDb } from '../test/support/db';
import { createTestTenant, type TestServer } from '../test/support/server';
import {
  createStatisticsWorld,
  generateSeed,
  insertSeed,
  type StatisticsWorld,
} from '../test/support/statistics-seed';
import { fmt, percentile, progress } from './support/stats';

const [visitsArg, shareArg, runsArg] = process.argv.slice(2);
const VISITS = Number(visitsArg ?? 1_000_000);
const SHARE = Number(shareArg ?? 0.5);
const RUNS = Number(runsArg ?? 40);
/** Visits generated and written at once: bounds the bench's memory. */
const CHUNK = 20_000;

const testDb = await openTestDb('postgres');
const config = loadConfig({ LOG_LEVEL: 'silent', DEMO_DATA: 'false', RATE_LIMIT_FACTOR: '10000' });
const { app, ctx } = await buildApp(config, testDb.db);
try {
  // The test fixtures need only the app and its context of a test server.
  const server = { app, ctx } as TestServer;
  const big = await createTestTenant(server, 'Großstadt');
  const other = await createTestTenant(server, 'Nachbarkreis');
  const reader = await big.staff('reporting');
  const worldOf = async (tenant: typeof big) =>
    createStatisticsWorld(ctx, tenant, (await tenant.staff('agent')).id);
  const bigWorld = await worldOf(big);
  const otherWorld = await worldOf(other);

  let analyzed = false;
  /** `count` visits over `days` days from `firstDay`, written in chunks. */
  const seed = async (
    world: StatisticsWorld,
    count: number,
    firstDay: string,
    days: number,
    salt: number,
  ) => {
    for (let done = 0, chunk = 0; done < count; done += CHUNK, chunk += 1) {
      const n = Math.min(CHUNK, count - done);
      await insertSeed(
        ctx.db,
        world,
        generateSeed(world, { count: n, firstDay, days, seed: salt * 1000 + chunk }),
      );
      progress(
        `${world === bigWorld ? 'measured' : 'other'} authority from ${firstDay}: ${done + n} of ${count}`,
      );
      // Autovacuum may be off (it is on the test cluster): without statistics the visit-facts trigger's
      // generic plan scans every consultation per ended visit and the seeding slows to a halt. The
      // fractions the first chunk gives hold as the tables grow, as a live server's autovacuum keeps them.
      if (!analyzed) {
        await ctx.db.query('ANALYZE visits, consultations, consultation_services, appointments');
        analyzed = true;
      }
    }
  };
  const measured = Math.round(VISITS * SHARE);
  const started = performance.now();
  await seed(bigWorld, Math.round(measured * 0.75), '2026-01-01', 362, 1);
  await seed(bigWorld, measured - Math.round(measured * 0.75), '2025-01-01', 362, 2);
  await seed(otherWorld, VISITS - measured, '2025-01-01', 727, 3);
  // Every table as a live server's autovacuum would leave it (the statistics from the first chunk only
  // know its first days: the planner would take a year's rows for a few).
  await ctx.db.query('VACUUM ANALYZE');
  // A live server writes a visit's facts when it ends, so a month's facts lie together in the table;
  // the seed writes each chunk across the whole year. Ordered by day, as time would have left them.
  await ctx.db.query('CLUSTER visit_facts USING visit_facts_period');
  await ctx.db.query('VACUUM ANALYZE visit_facts');
  const [counts] = await ctx.db.query<{ visits: number; facts: number; year: number }>(
    `SELECT (SELECT count(*) FROM visits)::int AS visits, (SELECT count(*) FROM visit_facts)::int AS facts,
            (SELECT count(*) FROM visit_facts WHERE tenant_id = $1 AND day BETWEEN '2026-01-01' AND '2026-12-31')::int AS year`,
    [big.tenantId],
  );
  progress(`seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(
    `${counts!.visits} visits (${counts!.facts} ended ones counted); the measured authority's year 2026: ${counts!.year}`,
  );

  const request = async (query: Record<string, string>) => {
    const t0 = performance.now();
    const response = await app.inject({
      method: 'GET',
      url: `/api/statistics?${new URLSearchParams(query)}`,
      headers: { cookie: reader.cookie },
    });
    if (response.statusCode !== 200)
      throw new Error(`statistics answered ${response.statusCode}: ${response.body}`);
    return performance.now() - t0;
  };
  const year = { from: '2026-01-01', to: '2026-12-31' };
  const cases: [string, Record<string, string>][] = [
    ['year, whole authority', year],
    ['year, one office', { ...year, officeId: bigWorld.offices[0]!.id }],
    ['year, one service', { ...year, serviceId: bigWorld.services[0]!.id }],
    ['one month', { from: '2026-03-01', to: '2026-03-31' }],
  ];
  // Near the year's end: eleven months are closed, December's days so far are grouped from the facts.
  ctx.clock = () => Temporal.Instant.from('2026-12-29T11:00:00Z');
  let cold = true;
  for (const [name, query] of cases) {
    const first = await request(query);
    if (cold) console.log(`first request (builds the closed months' tallies and offers): ${fmt(first)}`);
    cold = false;
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) samples.push(await request(query));
    console.log(
      `GET /api/statistics, ${name}: p50 ${fmt(percentile(samples, 50))}, p99 ${fmt(percentile(samples, 99))}`,
    );
  }
  const statements: number[] = [];
  const scope = {
    tenantId: big.tenantId,
    timeZone: bigWorld.timeZone,
    ...year,
    officeIds: null,
    serviceId: null,
    openFrom: '2026-12-01',
  };
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await loadTallies(ctx.db, scope);
    statements.push(performance.now() - t0);
  }
  console.log(
    `the statements alone, year: p50 ${fmt(percentile(statements, 50))}, p99 ${fmt(percentile(statements, 99))}`,
  );
  // The capacity: eleven closed months' kept offers, December's slots per service, and one statement.
  const lists = {
    offices: bigWorld.offices.map((o) => ({ id: o.id, name: bigWorld.names.get(o.id)! })),
    services: bigWorld.services.map((s) => ({ id: s.id, name: bigWorld.names.get(s.id)! })),
  };
  const capacity: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await loadCapacity(ctx.db, scope, lists);
    capacity.push(performance.now() - t0);
  }
  console.log(
    `the capacity alone, year: p50 ${fmt(percentile(capacity, 50))}, p99 ${fmt(percentile(capacity, 99))}`,
  );
} finally {
  await app.close();
  await testDb.dispose();
}
