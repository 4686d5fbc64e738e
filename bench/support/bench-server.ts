/**
 * A real Amtsraum server in its own process for benchmarks, so its memory is measured alone.
 * Seeds one authority with one office open around the clock and one agent, then prints one JSON line.
 */
import { Temporal } from 'temporal-polyfill';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { openPglite, openPostgres } from '../../src/server/db/client';
import { migrate } from '../../src/server/db/migrate';
import { officeRepository } from '../../src/server/modules/admin/offices';
import { staffRepository } from '../../src/server/modules/admin/staff';
import { unitRepository } from '../../src/server/modules/admin/units';
import { createTenant } from '../../src/server/modules/tenants/provision';

const db = process.env.DATABASE_URL ? openPostgres(process.env.DATABASE_URL) : await openPglite();
await migrate(db);
// The benchmarks measure fan-out and booking, all from 127.0.0.1: the per-address limits and the proof of
// work would measure abuse protection instead (bench/attack.ts does that), so they are set out of the way.
const config = loadConfig({
  LOG_LEVEL: 'silent',
  DEMO_DATA: 'false',
  PORT: '0',
  RATE_LIMIT_FACTOR: '10000',
  QUEUE_ENTRIES_PER_ADDRESS: '100000',
  POW_COST: '1',
  POW_ATTEMPTS: '1',
});
const { app, ctx } = await buildApp(config, db);
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
if (typeof address !== 'object' || !address) throw new Error('not listening');
ctx.config.publicUrl = new URL(`http://127.0.0.1:${address.port}`);
// Opening hours must not decide whether a benchmark runs: a Wednesday morning, always.
ctx.clock = () => Temporal.Instant.from('2026-11-25T09:00:00Z');

const slug = `bench-${process.pid}`;
const tenantId = await createTenant(db, { slug, name: 'Benchmarkstadt' });
const unit = await unitRepository(ctx).create(tenantId, { name: 'Bürgeramt', parentId: null });
const office = await officeRepository(ctx).create(tenantId, {
  unitId: unit.id,
  name: 'Virtuelles Bürgeramt',
  slug: 'buergeramt',
  openingHours: { wed: [{ from: '00:00', to: '23:59' }] },
  closedDays: [],
  capacity: 10_000,
});
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
    officeIds: [office.id],
    active: true,
  });
  agents.push({ email, password });
}
console.log(
  JSON.stringify({
    baseUrl: ctx.config.publicUrl.origin,
    tenantSlug: slug,
    officeSlug: 'buergeramt',
    officeId: office.id,
    agents,
  }),
);
process.on('SIGTERM', async () => {
  await app.close();
  await db.close();
  process.exit(0);
});
