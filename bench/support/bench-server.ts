/**
 * A real Amtsraum server in its own process for benchmarks, so its memory is measured alone.
 * Seeds one authority with BENCH_OFFICES offices open around the clock (the first is the one the benches
 * queue in) and BENCH_AGENTS agents, then prints one JSON line. With BENCH_JOIN (the line another bench
 * server printed) it seeds nothing and serves that authority: several processes on one PostgreSQL, with
 * REDIS_URL as their bus, as deploy/ runs them.
 */
import { Temporal } from 'temporal-polyfill';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { type Db, openPglite, openPostgres, type Queryable } from '../../src/server/db/client';
import { migrate } from '../../src/server/db/migrate';
import { officeRepository } from '../../src/server/modules/admin/offices';
import { staffRepository } from '../../src/server/modules/admin/staff';
import { unitRepository } from '../../src/server/modules/admin/units';
import { createTenant } from '../../src/server/modules/tenants/provision';
import { createMemoryBus } from '../../src/server/realtime/bus-memory';
import { createRedisBus } from '../../src/server/realtime/bus-redis';
import type { BenchServer } from './spawn-server';

/** Counts every statement the server sends, for the benches' "statements per request". */
let statements = 0;
const counting = <Q extends Queryable>(target: Q): Q => ({
  ...target,
  query: (sql: string, params?: unknown[]) => {
    statements++;
    return target.query(sql, params);
  },
  exec: (sql: string) => {
    statements++;
    return target.exec(sql);
  },
});
const raw = process.env.DATABASE_URL ? openPostgres(process.env.DATABASE_URL) : await openPglite();
const db: Db = {
  ...counting(raw),
  transaction: (work) => raw.transaction((tx) => work(counting(tx))),
};
await migrate(db);
const bus = process.env.REDIS_URL ? await createRedisBus(process.env.REDIS_URL) : createMemoryBus();
// The benchmarks measure fan-out and booking, all from 127.0.0.1: the per-address limits and the proof of
// work would measure abuse protection instead (bench/attack.ts does that), so they are set out of the way.
// Every process of one run shares the secrets, as an installation's processes do.
const config = loadConfig({
  LOG_LEVEL: 'silent',
  DEMO_DATA: 'false',
  PORT: '0',
  RATE_LIMIT_FACTOR: '10000',
  QUEUE_ENTRIES_PER_ADDRESS: '100000',
  // Entering 20,000 walk-ins takes minutes before their sockets connect.
  QUEUE_CONNECT_GRACE_SECONDS: '3600',
  POW_COST: '1',
  POW_ATTEMPTS: '1',
  LINK_SECRET: 'bench-link-secret-0123456789abcdefghij',
  FILE_MASTER_KEY: 'bench-file-master-key-0123456789abcdef',
  AUDIT_KEY: 'bench-audit-key-0123456789abcdefghijkl',
  ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
});
const { app, ctx } = await buildApp(config, db, bus);
app.get('/bench/statements', async () => ({ statements }));
app.get('/bench/queue-reloads', async () => ctx.queues.reloads());
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
if (typeof address !== 'object' || !address) throw new Error('not listening');
ctx.config.publicUrl = new URL(`http://127.0.0.1:${address.port}`);
// Opening hours must not decide whether a benchmark runs: a Wednesday morning, always.
ctx.clock = () => Temporal.Instant.from('2026-11-25T09:00:00Z');

async function seed(): Promise<Omit<BenchServer['info'], 'baseUrl'>> {
  const slug = `bench-${process.pid}`;
  const tenantId = await createTenant(db, { slug, name: 'Benchmarkstadt' });
  const unit = await unitRepository(ctx).create(tenantId, { name: 'Bürgeramt', parentId: null });
  const offices = [];
  for (let i = 0; i < Number(process.env.BENCH_OFFICES ?? 1); i++) {
    offices.push(
      await officeRepository(ctx).create(tenantId, {
        unitId: unit.id,
        name: i === 0 ? 'Virtuelles Bürgeramt' : `Virtuelles Büro ${i + 1}`,
        slug: i === 0 ? 'buergeramt' : `buero-${i + 1}`,
        openingHours: { wed: [{ from: '00:00', to: '23:59' }] },
        closedDays: [],
        capacity: 10_000, // the most the schema allows
      }),
    );
  }
  const office = offices[0]!;
  const agents = [];
  for (let i = 0; i < Number(process.env.BENCH_AGENTS ?? 1); i++) {
    const email = `agent${i}@${slug}.example`;
    const password = `bench-password-${i}`;
    await staffRepository(ctx).create(tenantId, {
      email,
      password,
      displayName: `Agent ${i}`,
      role: 'agent',
      unitId: unit.id,
      officeIds: offices.map((o) => o.id),
      active: true,
    });
    agents.push({ email, password });
  }
  return {
    tenantSlug: slug,
    officeSlug: office.slug,
    officeId: office.id,
    offices: offices.map((o) => ({ id: o.id, slug: o.slug })),
    agents,
  };
}

const seeded = process.env.BENCH_JOIN ? JSON.parse(process.env.BENCH_JOIN) : await seed();
console.log(JSON.stringify({ ...seeded, baseUrl: ctx.config.publicUrl.origin }));

const stop = async () => {
  await app.close();
  await bus.close();
  await db.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
// A bench killed before it could stop its servers leaves none behind.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void stop();
}, 1_000).unref();
