import type { Db } from '../../db/client';
import { emptyTally, type Histogram, type Tally } from '../../domain/statistics';
import { APPOINTMENT_FLAG, readFlags } from './visit-flags';

/** What one request reads: an authority's period (its own calendar days) and the filters. */
export interface StatisticsScope {
  tenantId: string;
  timeZone: string;
  /** First and last day, YYYY-MM-DD. */
  from: string;
  to: string;
  /** The offices to count (a lead's own, or the one chosen); null: all of the authority's. */
  officeIds: string[] | null;
  serviceId: string | null;
}

/** Tallies by the groups the database forms; weekdays, weeks, months and the total come from days. */
export interface RawTallies {
  day: Map<string, Tally>;
  office: Map<string, Tally>;
  hour: Map<string, Tally>;
  kind: Map<string, Tally>;
  /** By service id; "" for visits without a service. */
  service: Map<string, Tally>;
  /** Ratings with 1…5 stars; null when they cannot be filtered as asked (by service). */
  stars: number[] | null;
}

type Dimension = 'day' | 'office' | 'hour' | 'kind' | 'service';

/** The visit facts of the scope ($1 authority, $2–$3 days, $4 offices or null, $5 service or null). */
const IN_SCOPE = `WHERE f.tenant_id = $1 AND f.day BETWEEN $2::date AND $3::date
    AND ($4::uuid[] IS NULL OR f.office_id = ANY ($4::uuid[]))
    AND ($5::uuid IS NULL OR f.service_ids @> ARRAY[$5::uuid])`;

/**
 * Each statement groups the scope's visits twice in one pass: by day (weekdays, weeks, months and the
 * total are summed from days) and by a grid of office, hour and kind (offices, hours and kinds are
 * summed from its cells). Two groupings instead of one per dimension: each costs a pass of hashing
 * over a year of visits, and the grid stays small.
 */
const GRID = `f.office_id, f.hour, ${APPOINTMENT_FLAG}`;
const BY_DAY_OR_GRID = `CASE WHEN GROUPING(f.day) = 0 THEN 'day' ELSE 'grid' END AS grouping, f.day::text AS day,
  f.office_id AS "officeId", f.hour, ${APPOINTMENT_FLAG} = 1 AS appointment`;

/**
 * Counts of visits, each group split by how its visits went (visit-flags.ts): one count per group
 * instead of a dozen filtered ones, and a day holds only a few of the combinations.
 */
const COUNTS = `
  SELECT ${BY_DAY_OR_GRID}, f.flags, count(*)::int AS n, sum(f.performed)::int AS performed
    FROM visit_facts f ${IN_SCOPE}
   GROUP BY GROUPING SETS ((f.day, f.flags), (${GRID}, f.flags))`;

/** How many visits waited and talked each whole number of minutes (visits whose call was answered). */
const MINUTES = `
  SELECT ${BY_DAY_OR_GRID}, CASE WHEN GROUPING(f.wait_minutes) = 0 THEN 'wait' ELSE 'talk' END AS measure,
         coalesce(f.wait_minutes, f.talk_minutes) AS minutes, count(*)::int AS n
    FROM visit_facts f ${IN_SCOPE} AND f.wait_minutes IS NOT NULL
   GROUP BY GROUPING SETS ((f.day, f.wait_minutes), (${GRID}, f.wait_minutes), (f.day, f.talk_minutes),
                           (${GRID}, f.talk_minutes))`;

/**
 * The same by service, in one pass: a visit counts for each service performed (with that service's
 * count), and once under "" without one.
 */
const BY_SERVICE = `
  SELECT CASE WHEN GROUPING(f.wait_minutes) = 0 THEN 'wait' WHEN GROUPING(f.talk_minutes) = 0 THEN 'talk'
              ELSE 'counts' END AS measure,
         coalesce(s.id::text, '') AS key, f.flags, coalesce(f.wait_minutes, f.talk_minutes) AS minutes,
         count(*)::int AS n, sum(s.count)::int AS performed
    FROM visit_facts f CROSS JOIN LATERAL unnest(
      CASE WHEN f.performed = 0 THEN ARRAY[NULL::uuid] ELSE f.service_ids END,
      CASE WHEN f.performed = 0 THEN ARRAY[0] ELSE f.service_counts END) AS s (id, count)
    ${IN_SCOPE}
   GROUP BY GROUPING SETS ((s.id, f.flags), (s.id, f.wait_minutes), (s.id, f.talk_minutes))`;

/** No-shows are appointments, not visits: by their booked start in the authority's time zone ($6). */
const NO_SHOWS = `
  SELECT CASE WHEN GROUPING(local.day) = 0 THEN 'day' WHEN GROUPING(a.office_id) = 0 THEN 'office'
              WHEN GROUPING(local.hour) = 0 THEN 'hour' ELSE 'service' END AS dim,
         coalesce(local.day::text, a.office_id::text, local.hour::text, a.service_id::text) AS key,
         count(*)::int AS n
    FROM appointments a
    CROSS JOIN LATERAL (SELECT a.starts_at AT TIME ZONE $6 AS at) l
    CROSS JOIN LATERAL (SELECT l.at::date AS day, extract(hour FROM l.at)::int AS hour) local
   WHERE a.tenant_id = $1 AND a.status = 'no_show'
     AND a.starts_at >= ($2::date::timestamp AT TIME ZONE $6)
     AND a.starts_at < (($3::date + 1)::timestamp AT TIME ZONE $6)
     AND ($4::uuid[] IS NULL OR a.office_id = ANY ($4::uuid[]))
     AND ($5::uuid IS NULL OR a.service_id = $5::uuid)
   GROUP BY GROUPING SETS ((local.day), (a.office_id), (local.hour), (a.service_id))`;

/** Ratings have office and day only (no time of day, nothing that leads back to a visit). */
const STARS = `
  SELECT r.stars, count(*)::int AS n FROM consultation_ratings r
   WHERE r.tenant_id = $1 AND r.day BETWEEN $2::date AND $3::date
     AND ($4::uuid[] IS NULL OR r.office_id = ANY ($4::uuid[]))
   GROUP BY r.stars`;

/** A group of visits that went alike (the same flags). */
interface FlagRow {
  flags: number;
  n: number;
  performed: number;
}

/** Adds a group of visits that went alike to a tally. */
function addFlags(tally: Tally, row: FlagRow) {
  const { counts } = tally;
  const { n } = row;
  const went = readFlags(row.flags);
  counts.cases += n;
  counts[went.appointment ? 'appointments' : 'walkIns'] += n;
  if (went.status === 'done') counts.served += n;
  else if (went.status === 'missed') counts.missed += n;
  else counts[went.answered ? 'leftInCall' : 'leftWaiting'] += n;
  if (went.transferred) counts.transferred += n;
  if (went.recalled) counts.recalled += n;
  if (went.parked) counts.parked += n;
  counts.performed += row.performed;
  tally.outcomes[went.outcome ?? 'none'] += n;
}

const addMinutes = (histogram: Histogram, minutes: number, n: number) =>
  histogram.set(minutes, (histogram.get(minutes) ?? 0) + n);

/** A row of COUNTS or MINUTES: a day's group, or a cell of the office–hour–kind grid. */
interface DayOrGrid {
  grouping: 'day' | 'grid';
  day: string | null;
  officeId: string | null;
  hour: number | null;
  appointment: boolean | null;
}

/**
 * A year's groupings need hash tables of some 10–20 MB: under PostgreSQL's default work_mem (4 MB) the
 * planner sorts the visits to disk instead, three times slower. JIT compiling costs more than it saves
 * for one pass. Both for the statement alone, in a transaction of its own.
 */
const grouped = <T>(db: Db, sql: string, params: unknown[]) =>
  db.transaction(async (tx) => {
    await tx.query("SELECT set_config('work_mem', '64MB', true), set_config('jit', 'off', true)");
    return tx.query<T>(sql, params);
  });

/** Reads the scope's tallies: five statements, sent at once (on PostgreSQL over several connections). */
export async function loadTallies(db: Db, scope: StatisticsScope): Promise<RawTallies> {
  const params = [scope.tenantId, scope.from, scope.to, scope.officeIds, scope.serviceId];
  const [counts, minutes, services, noShows, stars] = await Promise.all([
    grouped<DayOrGrid & FlagRow>(db, COUNTS, params),
    grouped<DayOrGrid & { measure: 'wait' | 'talk'; minutes: number; n: number }>(db, MINUTES, params),
    grouped<{ measure: 'counts' | 'wait' | 'talk'; key: string; minutes: number | null } & FlagRow>(
      db,
      BY_SERVICE,
      params,
    ),
    db.query<{ dim: Dimension; key: string; n: number }>(NO_SHOWS, [...params, scope.timeZone]),
    scope.serviceId
      ? Promise.resolve(null)
      : db.query<{ stars: number; n: number }>(STARS, params.slice(0, 4)),
  ]);
  const tallies: RawTallies = {
    day: new Map(),
    office: new Map(),
    hour: new Map(),
    kind: new Map(),
    service: new Map(),
    stars: stars ? [1, 2, 3, 4, 5].map((n) => stars.find((s) => s.stars === n)?.n ?? 0) : null,
  };
  const tallyOf = (dim: Dimension, key: string) => {
    let tally = tallies[dim].get(key);
    if (!tally) {
      tally = emptyTally();
      tallies[dim].set(key, tally);
    }
    return tally;
  };
  /** The tallies a row adds to: its day's, or its cell's office, hour and kind. */
  const targets = (row: DayOrGrid) =>
    row.grouping === 'day'
      ? [tallyOf('day', row.day!)]
      : [
          tallyOf('office', row.officeId!),
          tallyOf('hour', String(row.hour)),
          tallyOf('kind', row.appointment ? 'appointment' : 'walk_in'),
        ];
  for (const row of counts) for (const tally of targets(row)) addFlags(tally, row);
  for (const row of minutes)
    for (const tally of targets(row)) addMinutes(tally[row.measure], row.minutes, row.n);
  for (const row of services) {
    const tally = tallyOf('service', row.key);
    if (row.measure === 'counts') addFlags(tally, row);
    else if (row.minutes !== null) addMinutes(tally[row.measure], row.minutes, row.n);
  }
  for (const row of noShows) tallyOf(row.dim, row.key).counts.noShows += row.n;
  return tallies;
}
