/**
 * Booking: slot-search latency (p50/p99) for one service over 60 days with 5,000 existing appointments,
 * and booking throughput with 100 and 1,000 concurrent clients (over HTTP, from a process of their own), with the
 * slot search's latency meanwhile, on PostgreSQL (a fresh database on 127.0.0.1:5432, or
 * TEST_POSTGRES_URL's server); then the floor of the booking's round trips through the same pool.
 *
 *   npx tsx bench/booking.ts
 */

import { fork } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Temporal } from 'temporal-polyfill';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import type { Db } from '../src/server/db/client';
import { officeRepository } from '../src/server/modules/admin/offices';
import { serviceRepository } from '../src/server/modules/admin/services';
import { staffRepository } from '../src/server/modules/admin/staff';
import { unitRepository } from '../src/server/modules/admin/units';
import { createTenant } from '../src/server/modules/tenants/provision';
import { openTestDb } from '../test/support/db';
import type { BookingClientsJob, BookingClientsResult } from './support/booking-clients';
import { fmt, percentile } from './support/stats';

/** Runs the booking citizens in a process of their own (TypeScript through tsx): they cost the server nothing. */
function bookFromClients(job: BookingClientsJob) {
  const clients = fork(fileURLToPath(new URL('./support/booking-clients.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
  });
  clients.send(job);
  return new Promise<BookingClientsResult>((resolve, reject) => {
    clients.once('message', (result) => resolve(result as BookingClientsResult));
    clients.once('error', reject);
    clients.once('exit', (code) => reject(new Error(`booking clients exited with ${code}`)));
  });
}

const AGENTS = 10;
const EXISTING = 5000;
const SEARCHES = 50;
/** Concurrent citizens booking, from a process of their own: a hundred, then a rush of a thousand. */
const CLIENT_COUNTS = [100, 1000];
/** The floor's clients: as many as the first round's. */
const CLIENTS = CLIENT_COUNTS[0]!;
const BOOKINGS = 1000;
/** Monday 30 November 2026, 07:00 Berlin: the searches start from here. */
const NOW = Temporal.Instant.from('2026-11-30T06:00:00Z');

/** What one internet booking costs in statements (challenge and booking), as PostgreSQL's log shows. */
const OUTSIDE = 7;
const INSIDE = 10;

/**
 * The most bookings per second this driver, pool and database could do at all with so many round trips:
 * each "booking" sends trivial statements instead of the real ones, from as many clients at once.
 */
async function roundTripFloor(db: Db, bookings: number) {
  let left = bookings;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      while (left-- > 0) {
        for (let i = 0; i < OUTSIDE; i++) await db.query('SELECT $1::int', [i]);
        await db.transaction(async (tx) => {
          for (let i = 0; i < INSIDE; i++) await tx.query('SELECT $1::int', [i]);
        });
      }
    }),
  );
  return bookings / ((performance.now() - started) / 1000);
}

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

  const search = async () => {
    const started = performance.now();
    const response = await app.inject({
      url: `/api/public/tenants/bench/services/${service.id}/slots?from=2026-11-30&days=60`,
    });
    if (response.statusCode !== 200) throw new Error(`slot search answered ${response.statusCode}`);
    return { ms: performance.now() - started, slots: response.json().slots.length as number };
  };
  // The first search of a service's days reads every appointment; later ones only what changed since.
  const cold = await search();
  const searchTimes: number[] = [];
  for (let i = 0; i < SEARCHES; i++) searchTimes.push((await search()).ms);
  console.log(
    `slot search, 60 days, ${n} existing appointments, ${AGENTS} agents: first ${fmt(cold.ms)}, then ` +
      `p50 ${fmt(percentile(searchTimes, 50))}, p99 ${fmt(percentile(searchTimes, 99))} (${cold.slots} free slots)`,
  );

  const free = (
    await app.inject({
      url: `/api/public/tenants/bench/services/${service.id}/slots?from=2026-11-30&days=60`,
    })
  ).json().slots as { start: string }[];
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  for (const clients of CLIENT_COUNTS) {
    // Citizens keep searching while the others book: each search must see every booking made before it.
    const rushSearches: number[] = [];
    let booking = true;
    const searching = (async () => {
      while (booking) rushSearches.push((await search()).ms);
    })();
    const result = await bookFromClients({
      url: `http://127.0.0.1:${port}/api/public/tenants/bench/services/${service.id}/appointments`,
      starts: free.map((s) => s.start),
      clients,
      bookings: BOOKINGS,
    });
    booking = false;
    await searching;
    const { booked, conflict, other, seconds } = result;
    console.log(
      `booking with ${clients} concurrent clients over HTTP: ${booked} booked, ${conflict} refused as taken, ` +
        `${other} other, in ${seconds.toFixed(1)} s = ${(booked / seconds).toFixed(0)} bookings/s ` +
        `(${((booked + conflict) / seconds).toFixed(0)} requests/s); slot search meanwhile: ` +
        `${rushSearches.length} searches, p50 ${fmt(percentile(rushSearches, 50))}, p99 ${fmt(percentile(rushSearches, 99))}`,
    );
    // The next round books into the same days again.
    await ctx.db.query(`DELETE FROM appointments WHERE citizen_email LIKE 'c%@example.org'`);
  }
  const floor = await roundTripFloor(ctx.db, BOOKINGS);
  console.log(
    `  floor: the same round trips per booking with trivial statements (${OUTSIDE} alone, then a transaction ` +
      `of ${INSIDE}), ${CLIENTS} clients through the same pool: ${floor.toFixed(0)} "bookings"/s`,
  );
} finally {
  await app.close();
  await testDb.dispose();
}
