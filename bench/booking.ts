/**
 * Booking: slot-search latency (p50/p99) for one service over 60 days with 5,000 existing appointments,
 * and booking throughput with 100 concurrent clients, on PostgreSQL (a fresh database on
 * 127.0.0.1:5432, or TEST_POSTGRES_URL's server), in-process through the real routes.
 *
 *   npx tsx bench/booking.ts
 */
import { Temporal } from 'temporal-polyfill';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { officeRepository } from '../src/server/modules/admin/offices';
import { serviceRepository } from '../src/server/modules/admin/services';
import { staffRepository } from '../src/server/modules/admin/staff';
import { unitRepository } from '../src/server/modules/admin/units';
import { createTenant } from '../src/server/modules/tenants/provision';
import { openTestDb } from '../test/support/db';
import { citizenPost } from '../test/support/proof-of-work';
import { fmt, percentile } from './support/stats';

const AGENTS = 10;
const EXISTING = 5000;
const SEARCHES = 50;
const CLIENTS = 100;
const BOOKINGS = 1000;
/** Monday 30 November 2026, 07:00 Berlin: the searches start from here. */
const NOW = Temporal.Instant.from('2026-11-30T06:00:00Z');

const testDb = await openTestDb('postgres');
const config = loadConfig({
  LOG_LEVEL: 'silent',
  DEMO_DATA: 'false',
  BOOKING_MIN_NOTICE_MINUTES: '0',
  BOOKING_HORIZON_DAYS: '90',
  // Booking speed, not abuse protection (bench/attack.ts): all clients are 127.0.0.1, the proof of work
  // is the lowest, yet each booking still fetches its challenge and is checked as a citizen's would be.
  RATE_LIMIT_FACTOR: '10000',
  POW_COST: '1',
  POW_ATTEMPTS: '1',
});
const { app, ctx } = await buildApp(config, testDb.db);
ctx.clock = () => NOW;
try {
  const tenantId = await createTenant(ctx.db, { slug: 'bench', name: 'Benchmarkstadt' });
  const unit = await unitRepository(ctx).create(tenantId, { name: 'Bürgeramt', parentId: null });
  const day = [{ from: '08:00', to: '18:00' }];
  const office = await officeRepository(ctx).create(tenantId, {
    unitId: unit.id,
    name: 'Bürgeramt',
    slug: 'buergeramt',
    openingHours: { mon: day, tue: day, wed: day, thu: day, fri: day },
    closedDays: [],
    capacity: 100,
  });
  const service = await serviceRepository(ctx).create(tenantId, {
    unitId: unit.id,
    name: 'Beratung',
    description: '',
    durationMinutes: 30,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    channel: 'video',
    requiredDocuments: [],
    intakeFields: [],
    requiresActivation: true,
  });
  const agents = [];
  for (let i = 0; i < AGENTS; i++) {
    const created = await staffRepository(ctx).create(tenantId, {
      email: `agent${i}@bench.example`,
      password: 'bench-password-long',
      displayName: `Agent ${i}`,
      role: 'agent',
      unitId: unit.id,
      officeIds: [office.id],
      active: true,
    });
    agents.push(created.id);
  }
  // 5,000 appointments: 7 of every 12 half hours of the agents' working days in the 60 days.
  await ctx.db.query(
    `INSERT INTO appointments (tenant_id, service_id, office_id, agent_id, starts_at, ends_at, blocked,
       citizen_name, citizen_email, manage_token_hash)
     SELECT $1, $2, $3, agent, s, s + interval '30 minutes', tstzrange(s, s + interval '30 minutes'),
            'Bench', 'bench@example.org', md5(agent::text || s::text)
       FROM unnest($4::uuid[]) AS agent,
            generate_series(timestamptz '2026-11-30 08:00 Europe/Berlin', timestamptz '2027-01-28 17:30 Europe/Berlin',
                            interval '30 minutes') AS s
      WHERE extract(isodow FROM s AT TIME ZONE 'Europe/Berlin') < 6
        AND (s AT TIME ZONE 'Europe/Berlin')::time BETWEEN '08:00' AND '17:30'
        AND (extract(epoch FROM s)::bigint / 1800 + hashtext(agent::text)) % 12 < 7
      LIMIT $5`,
    [tenantId, service.id, office.id, agents, EXISTING],
  );
  const [{ n } = { n: 0 }] = await ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM appointments');

  const searchTimes: number[] = [];
  let slotCount = 0;
  for (let i = 0; i < SEARCHES; i++) {
    const started = performance.now();
    const response = await app.inject({
      url: `/api/public/tenants/bench/services/${service.id}/slots?from=2026-11-30&days=60`,
    });
    searchTimes.push(performance.now() - started);
    slotCount = response.json().slots.length;
  }
  console.log(
    `slot search, 60 days, ${n} existing appointments, ${AGENTS} agents: p50 ${fmt(percentile(searchTimes, 50))}, ` +
      `p99 ${fmt(percentile(searchTimes, 99))} (${slotCount} free slots)`,
  );

  const free = (
    await app.inject({
      url: `/api/public/tenants/bench/services/${service.id}/slots?from=2026-11-30&days=60`,
    })
  ).json().slots as { start: string }[];
  let sent = 0;
  const outcomes = { booked: 0, conflict: 0, other: 0 };
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async (_, client) => {
      while (sent < BOOKINGS) {
        // Each booking its own address: one address may hold only a few open appointments.
        const email = `c${client}-${sent++}@example.org`;
        // Random free slots: popular ones fill up, and the exclusion constraint settles the races.
        const slot = free[Math.floor(Math.random() * free.length)]!;
        const response = await citizenPost(
          app,
          `/api/public/tenants/bench/services/${service.id}/appointments`,
          {
            start: slot.start,
            name: `Client ${client}`,
            email,
            consent: true,
          },
        );
        if (response.statusCode === 201) outcomes.booked++;
        else if (response.statusCode === 409) outcomes.conflict++;
        else outcomes.other++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `booking with ${CLIENTS} concurrent clients: ${outcomes.booked} booked, ${outcomes.conflict} refused as taken, ` +
      `${outcomes.other} other, in ${seconds.toFixed(1)} s = ${(outcomes.booked / seconds).toFixed(0)} bookings/s ` +
      `(${((outcomes.booked + outcomes.conflict) / seconds).toFixed(0)} requests/s)`,
  );
} finally {
  await app.close();
  await testDb.dispose();
}
