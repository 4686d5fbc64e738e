import { randomBytes, randomUUID } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import type { AppContext } from '../../src/server/context';
import type { Db } from '../../src/server/db/client';
import { officeRepository } from '../../src/server/modules/admin/offices';
import { serviceRepository } from '../../src/server/modules/admin/services';
import { unitRepository } from '../../src/server/modules/admin/units';
import type { Outcome } from '../../src/shared/consultations';
import { officeBody, serviceBody } from '../api/fixtures';
import { createPrng } from './prng';

/**
 * Visits as they end in a real office, made up by a seeded generator and written straight into the
 * database (visits, calls, performed services, booked appointments, no-shows, ratings): what the
 * statistics count, in quantities no test could produce through the API. The visit facts come from the
 * schema's own trigger, as when a clerk ends a visit.
 */

export interface StatisticsWorld {
  tenantId: string;
  /** The clerk of every call (calls need one). */
  agentId: string;
  timeZone: string;
  offices: { id: string; unitId: string }[];
  services: { id: string; unitId: string }[];
}

export type Fate = 'served' | 'leftWaiting' | 'leftInCall' | 'missed' | 'neverConnected';
export type EndReason = 'completed' | 'transferred' | 'citizen_left' | 'no_show' | 'parked';

export interface SeedCall {
  id: string;
  officeId: string;
  startedAt: Temporal.Instant;
  seconds: number;
  endReason: EndReason;
  outcome: Outcome | null;
}

export interface SeedVisit {
  id: string;
  officeId: string;
  appointment: boolean;
  arrivedAt: Temporal.Instant;
  fate: Fate;
  transferredFrom: string | null;
  missedCalls: number;
  waitedSeconds: number;
  calls: SeedCall[];
  /** Recorded on finishing, with the last call. */
  services: { serviceId: string; count: number }[];
  /** The booked service of an appointment visit. */
  bookedServiceId: string | null;
}

export interface Seed {
  visits: SeedVisit[];
  noShows: { officeId: string; serviceId: string; startsAt: Temporal.Instant }[];
  ratings: { officeId: string; day: string; stars: number }[];
}

const OUTCOMES: (Outcome | null)[] = [
  'resolved',
  'resolved',
  'resolved',
  'follow_up',
  'documents_missing',
  'forwarded',
  'other',
  null,
];
/** Arrival hours: most in the morning, few at the edges of the day (small groups to suppress). */
const HOURS = [8, 8, 9, 9, 9, 10, 10, 10, 11, 11, 11, 12, 13, 13, 14, 14, 15, 15, 16, 17, 7, 18];

/**
 * `count` visits arriving on `days` days from `firstDay` (the authority's calendar), Monday to Friday
 * and a few on Saturdays; about a tenth arrive outside the period (before and after it), so filters matter.
 */
export function generateSeed(
  world: StatisticsWorld,
  { count, firstDay, days, seed }: { count: number; firstDay: string; days: number; seed: number },
): Seed {
  const prng = createPrng(seed);
  const start = Temporal.PlainDate.from(firstDay);
  const dayOf = () => {
    let day = start.add({ days: prng.int(-3, days + 2) });
    if (day.dayOfWeek === 7) day = day.add({ days: 1 });
    if (day.dayOfWeek === 6 && !prng.chance(0.05)) day = day.subtract({ days: 1 });
    return day;
  };
  const servicesOf = (officeId: string) => {
    const unitId = world.offices.find((o) => o.id === officeId)!.unitId;
    return world.services.filter((s) => s.unitId === unitId);
  };
  const weightedOffice = () =>
    world.offices[Math.min(world.offices.length - 1, Math.floor(prng.next() ** 1.6 * world.offices.length))]!;

  const visits = Array.from({ length: count }, (): SeedVisit => {
    const office = weightedOffice();
    const appointment = prng.chance(0.3);
    const arrivedAt = dayOf()
      .toPlainDateTime({ hour: prng.pick(HOURS), minute: prng.int(0, 59), second: prng.int(0, 59) })
      .toZonedDateTime(world.timeZone)
      .toInstant();
    const r = prng.next();
    const fate: Fate =
      r < 0.68
        ? 'served'
        : r < 0.8
          ? 'leftWaiting'
          : r < 0.86
            ? 'leftInCall'
            : r < 0.92
              ? 'missed'
              : r < 0.95
                ? 'neverConnected'
                : 'served';
    const talked = fate === 'served' || fate === 'leftInCall';
    const others = world.offices.filter((o) => o.id !== office.id);
    const transferredFrom = talked && others.length > 0 && prng.chance(0.1) ? prng.pick(others).id : null;
    const waitedSeconds = fate === 'neverConnected' ? 0 : Math.floor(prng.next() ** 2 * 3600);
    const calls: Omit<SeedCall, 'startedAt'>[] = [];
    const call = (officeId: string, seconds: number, endReason: EndReason, outcome: Outcome | null = null) =>
      calls.push({ id: randomUUID(), officeId, seconds, endReason, outcome });
    let missedCalls = 0;
    if (transferredFrom)
      call(transferredFrom, prng.int(60, 600), 'transferred', prng.chance(0.3) ? 'forwarded' : null);
    if (fate === 'missed') {
      missedCalls = 4;
      for (let i = 0; i < 4; i++) call(office.id, prng.int(20, 90), 'no_show');
    } else if (talked && prng.chance(0.08)) {
      missedCalls = 1;
      call(office.id, prng.int(20, 90), 'no_show');
    }
    if (fate === 'served' && prng.chance(0.06)) call(office.id, prng.int(60, 900), 'parked');
    if (fate === 'served') call(office.id, prng.int(90, 2700), 'completed', prng.pick(OUTCOMES));
    if (fate === 'leftInCall')
      call(office.id, prng.int(15, 1200), 'citizen_left', prng.chance(0.3) ? prng.pick(OUTCOMES) : null);
    const offered = servicesOf(office.id);
    const services =
      fate === 'served' && offered.length > 0 && prng.chance(0.85)
        ? [...new Set([prng.pick(offered), prng.pick(offered)])]
            .slice(0, prng.int(1, 2))
            .map((s) => ({ serviceId: s.id, count: prng.chance(0.15) ? prng.int(2, 3) : 1 }))
        : [];
    let at = arrivedAt.add({ seconds: waitedSeconds });
    const timed = calls.map((c) => {
      const startedAt = at;
      at = at.add({ seconds: c.seconds + 5 });
      return { ...c, startedAt };
    });
    return {
      id: randomUUID(),
      officeId: office.id,
      appointment,
      arrivedAt,
      fate,
      transferredFrom,
      missedCalls,
      waitedSeconds,
      calls: timed,
      services,
      bookedServiceId: appointment && offered.length > 0 ? prng.pick(offered).id : null,
    };
  });

  const noShows = Array.from({ length: Math.round(count / 25) }, () => {
    const office = weightedOffice();
    return {
      officeId: office.id,
      serviceId: prng.pick(servicesOf(office.id)).id,
      startsAt: dayOf()
        .toPlainDateTime({ hour: prng.pick(HOURS), minute: prng.pick([0, 15, 30, 45]) })
        .toZonedDateTime(world.timeZone)
        .toInstant(),
    };
  });
  const ratings = Array.from({ length: Math.round(count / 5) }, () => ({
    officeId: weightedOffice().id,
    day: dayOf().toString(),
    stars: prng.pick([5, 5, 5, 5, 4, 4, 4, 3, 3, 2, 1]),
  }));
  return { visits, noShows, ratings };
}

const STATUS: Record<Fate, { status: string; leftReason: string | null }> = {
  served: { status: 'done', leftReason: null },
  leftWaiting: { status: 'left', leftReason: 'citizen' },
  leftInCall: { status: 'left', leftReason: 'citizen' },
  missed: { status: 'missed', leftReason: null },
  neverConnected: { status: 'left', leftReason: 'never_connected' },
};

/** Rows of `items` in chunks, so no statement's arrays grow without bound. */
async function inChunks<T>(items: T[], write: (chunk: T[]) => Promise<unknown>, size = 5000) {
  for (let i = 0; i < items.length; i += size) await write(items.slice(i, i + size));
}

const iso = (instant: Temporal.Instant) => instant.toString();
const token = () => randomBytes(16).toString('hex');

/**
 * Writes the seed as the app would have left it: visits wait (their calls, services and appointments
 * are written), then end with one status update each, which fires the visit-facts trigger.
 */
export async function insertSeed(db: Db, world: StatisticsWorld, seed: Seed) {
  const { tenantId, agentId } = world;
  await inChunks(seed.visits, (chunk) =>
    db.query(
      `INSERT INTO visits (id, tenant_id, office_id, kind, display_name, status, arrived_at, queued_at,
         waited_seconds, transferred_from_office_id, resume_token_hash, appointment_starts_at, missed_calls)
       SELECT v.id, $1, v.office, CASE WHEN v.appointment THEN 'appointment' ELSE 'walk_in' END, 'Gast', 'waiting',
              v.arrived, v.arrived, v.waited, v.transferred, v.token,
              CASE WHEN v.appointment THEN v.arrived END, v.missed
         FROM unnest($2::uuid[], $3::uuid[], $4::boolean[], $5::timestamptz[], $6::int[], $7::uuid[], $8::text[],
                     $9::int[]) AS v (id, office, appointment, arrived, waited, transferred, token, missed)`,
      [
        tenantId,
        chunk.map((v) => v.id),
        chunk.map((v) => v.officeId),
        chunk.map((v) => v.appointment),
        chunk.map((v) => iso(v.arrivedAt)),
        chunk.map((v) => v.waitedSeconds),
        chunk.map((v) => v.transferredFrom),
        chunk.map(() => token()),
        chunk.map((v) => v.missedCalls),
      ],
    ),
  );
  const calls = seed.visits.flatMap((v) => v.calls.map((c) => ({ ...c, visitId: v.id })));
  await inChunks(calls, (chunk) =>
    db.query(
      `INSERT INTO consultations (id, tenant_id, visit_id, office_id, agent_id, started_at, ended_at, end_reason, outcome)
       SELECT c.id, $1, c.visit, c.office, $2, c.started, c.started + make_interval(secs => c.seconds), c.reason, c.outcome
         FROM unnest($3::uuid[], $4::uuid[], $5::uuid[], $6::timestamptz[], $7::int[], $8::text[], $9::text[])
           AS c (id, visit, office, started, seconds, reason, outcome)`,
      [
        tenantId,
        agentId,
        chunk.map((c) => c.id),
        chunk.map((c) => c.visitId),
        chunk.map((c) => c.officeId),
        chunk.map((c) => iso(c.startedAt)),
        chunk.map((c) => c.seconds),
        chunk.map((c) => c.endReason),
        chunk.map((c) => c.outcome),
      ],
    ),
  );
  const performed = seed.visits.flatMap((v) =>
    v.services.map((s) => ({ ...s, consultationId: v.calls[v.calls.length - 1]!.id })),
  );
  await inChunks(performed, (chunk) =>
    db.query(
      `INSERT INTO consultation_services (tenant_id, consultation_id, service_id, count)
       SELECT $1, s.consultation, s.service, s.count FROM unnest($2::uuid[], $3::uuid[], $4::int[]) AS s (consultation, service, count)`,
      [
        tenantId,
        chunk.map((s) => s.consultationId),
        chunk.map((s) => s.serviceId),
        chunk.map((s) => s.count),
      ],
    ),
  );
  const appointments = [
    ...seed.visits
      .filter((v) => v.bookedServiceId)
      .map((v) => ({
        officeId: v.officeId,
        serviceId: v.bookedServiceId!,
        startsAt: v.arrivedAt,
        visitId: v.id,
        status: 'done',
      })),
    ...seed.noShows.map((n) => ({ ...n, visitId: null, status: 'no_show' })),
  ];
  await inChunks(appointments, (chunk) =>
    db.query(
      `INSERT INTO appointments (tenant_id, service_id, office_id, agent_id, starts_at, ends_at, blocked, status,
         citizen_name, citizen_email, manage_token_hash, visit_id)
       SELECT $1, a.service, a.office, $2, a.starts, a.starts + interval '15 minutes',
              tstzrange(a.starts, a.starts + interval '15 minutes'), a.status, 'Gast', 'gast@example.org', a.token, a.visit
         FROM unnest($3::uuid[], $4::uuid[], $5::timestamptz[], $6::text[], $7::text[], $8::uuid[])
           AS a (service, office, starts, status, token, visit)`,
      [
        tenantId,
        agentId,
        chunk.map((a) => a.serviceId),
        chunk.map((a) => a.officeId),
        chunk.map((a) => iso(a.startsAt)),
        chunk.map((a) => a.status),
        chunk.map(() => token()),
        chunk.map((a) => a.visitId),
      ],
    ),
  );
  await inChunks(seed.ratings, (chunk) =>
    db.query(
      `INSERT INTO consultation_ratings (tenant_id, office_id, day, stars)
       SELECT $1, r.office, r.day, r.stars FROM unnest($2::uuid[], $3::date[], $4::int[]) AS r (office, day, stars)`,
      [tenantId, chunk.map((r) => r.officeId), chunk.map((r) => r.day), chunk.map((r) => r.stars)],
    ),
  );
  await inChunks(seed.visits, (chunk) =>
    db.query(
      `UPDATE visits SET status = e.status, left_reason = e.reason, ended_at = e.ended
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) AS e (id, status, reason, ended)
        WHERE visits.id = e.id`,
      [
        chunk.map((v) => v.id),
        chunk.map((v) => STATUS[v.fate].status),
        chunk.map((v) => STATUS[v.fate].leftReason),
        chunk.map((v) => {
          const last = v.calls[v.calls.length - 1];
          return iso(
            last
              ? last.startedAt.add({ seconds: last.seconds })
              : v.arrivedAt.add({ seconds: v.waitedSeconds }),
          );
        }),
      ],
    ),
  );
}

/** Two units with offices and services of their own, as an authority's statistics would span. */
export async function createStatisticsWorld(
  ctx: AppContext,
  tenant: { tenantId: string; unitId: string },
  agentId: string,
): Promise<StatisticsWorld & { names: Map<string, string> }> {
  const building = await unitRepository(ctx).create(tenant.tenantId, { name: 'Bauamt', parentId: null });
  const names = new Map<string, string>();
  const office = async (unitId: string, slug: string, name: string) => {
    const created = await officeRepository(ctx).create(tenant.tenantId, {
      ...officeBody(unitId, slug),
      name,
    });
    names.set(created.id, name);
    return { id: created.id, unitId };
  };
  const service = async (unitId: string, name: string) => {
    const created = await serviceRepository(ctx).create(tenant.tenantId, { ...serviceBody(unitId), name });
    names.set(created.id, name);
    return { id: created.id, unitId };
  };
  const [timeZone] = await ctx.db.query<{ timeZone: string }>(
    'SELECT time_zone AS "timeZone" FROM tenants WHERE id = $1',
    [tenant.tenantId],
  );
  const offices = [
    await office(tenant.unitId, 'mitte', 'Bürgerbüro Mitte'),
    await office(tenant.unitId, 'nord', 'Bürgerbüro Nord'),
    await office(building.id, 'bauamt', 'Bauberatung'),
  ];
  // The clerk serves every office in its hours: the appointment capacity counts them.
  await ctx.db.query(
    `INSERT INTO staff_offices (tenant_id, staff_id, office_id)
     SELECT $1, $2, unnest($3::uuid[]) ON CONFLICT DO NOTHING`,
    [tenant.tenantId, agentId, offices.map((o) => o.id)],
  );
  return {
    tenantId: tenant.tenantId,
    agentId,
    timeZone: timeZone!.timeZone,
    names,
    offices,
    services: [
      await service(tenant.unitId, 'Personalausweis beantragen'),
      await service(tenant.unitId, 'Reisepass beantragen'),
      await service(tenant.unitId, 'Wohnsitz anmelden'),
      await service(tenant.unitId, 'Führungszeugnis'),
      await service(building.id, 'Bauantrag'),
      await service(building.id, 'Bauvoranfrage'),
    ],
  };
}
