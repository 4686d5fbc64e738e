import { emptyTally, type Histogram, type Tally } from '../../domain/statistics';
import { APPOINTMENT_FLAG, readFlags } from './visit-flags';

/** One office's tallies by day, hour, kind (walk_in, appointment) and service ("" for none). */
export interface OfficeTallies {
  day: Map<string, Tally>;
  hour: Map<string, Tally>;
  kind: Map<string, Tally>;
  service: Map<string, Tally>;
}
export type OfficeDimension = keyof OfficeTallies;
export const OFFICE_DIMENSIONS = ['day', 'hour', 'kind', 'service'] as const satisfies OfficeDimension[];

/** Tallies by office id. */
export type TalliesByOffice = Map<string, OfficeTallies>;

/** Which visit facts to count: some days of an authority, its offices (null: all), a service or all. */
export interface FactSelection {
  tenantId: string;
  /** YYYY-MM-DD, in the authority's calendar. */
  days: string[];
  officeIds: string[] | null;
  serviceId: string | null;
}

/** Runs one grouping statement (alone in a transaction with room to hash, or in the caller's). */
export type RunGrouping = <T>(sql: string, params: unknown[]) => Promise<T[]>;

/** The visit facts of a selection ($1 authority, $2 days, $3 offices or null, $4 service or null). */
const SELECTED = `WHERE f.tenant_id = $1 AND f.day = ANY ($2::date[])
    AND ($3::uuid[] IS NULL OR f.office_id = ANY ($3::uuid[]))
    AND ($4::uuid IS NULL OR f.service_ids @> ARRAY[$4::uuid])`;

/**
 * Each statement groups the selected visits twice in one pass: by office and day, and by a grid of
 * office, hour and kind (an office's own tally is the sum of its kinds). Two groupings instead of one
 * per dimension: each costs a pass of hashing, and the grid stays small.
 */
const GRID = `f.office_id, f.hour, ${APPOINTMENT_FLAG}`;
const BY_DAY_OR_GRID = `CASE WHEN GROUPING(f.day) = 0 THEN 'day' ELSE 'grid' END AS grouping,
  f.office_id AS "officeId", f.day::text AS day, f.hour, ${APPOINTMENT_FLAG} = 1 AS appointment`;

/**
 * Counts of visits, each group split by how its visits went (visit-flags.ts): one count per group
 * instead of a dozen filtered ones, and a day holds only a few of the combinations.
 */
const COUNTS = `
  SELECT ${BY_DAY_OR_GRID}, f.flags, count(*)::int AS n, sum(f.performed)::int AS performed
    FROM visit_facts f ${SELECTED}
   GROUP BY GROUPING SETS ((f.office_id, f.day, f.flags), (${GRID}, f.flags))`;

/** How many visits waited and talked each whole number of minutes (visits whose call was answered). */
const MINUTES = `
  SELECT ${BY_DAY_OR_GRID}, CASE WHEN GROUPING(f.wait_minutes) = 0 THEN 'wait' ELSE 'talk' END AS measure,
         coalesce(f.wait_minutes, f.talk_minutes) AS minutes, count(*)::int AS n
    FROM visit_facts f ${SELECTED} AND f.wait_minutes IS NOT NULL
   GROUP BY GROUPING SETS ((f.office_id, f.day, f.wait_minutes), (${GRID}, f.wait_minutes),
                           (f.office_id, f.day, f.talk_minutes), (${GRID}, f.talk_minutes))`;

/**
 * The same by service, in one pass: a visit counts for each service performed (with that service's
 * count), and once under "" without one.
 */
const BY_SERVICE = `
  SELECT CASE WHEN GROUPING(f.wait_minutes) = 0 THEN 'wait' WHEN GROUPING(f.talk_minutes) = 0 THEN 'talk'
              ELSE 'counts' END AS measure,
         f.office_id AS "officeId", coalesce(s.id::text, '') AS key, f.flags,
         coalesce(f.wait_minutes, f.talk_minutes) AS minutes, count(*)::int AS n, sum(s.count)::int AS performed
    FROM visit_facts f CROSS JOIN LATERAL unnest(
      CASE WHEN f.performed = 0 THEN ARRAY[NULL::uuid] ELSE f.service_ids END,
      CASE WHEN f.performed = 0 THEN ARRAY[0] ELSE f.service_counts END) AS s (id, count)
    ${SELECTED}
   GROUP BY GROUPING SETS ((f.office_id, s.id, f.flags), (f.office_id, s.id, f.wait_minutes),
                           (f.office_id, s.id, f.talk_minutes))`;

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

/** A row of COUNTS or MINUTES: an office's day, or a cell of the office–hour–kind grid. */
interface DayOrGrid {
  grouping: 'day' | 'grid';
  officeId: string;
  day: string | null;
  hour: number | null;
  appointment: boolean | null;
}

const emptyOfficeTallies = (): OfficeTallies => ({
  day: new Map(),
  hour: new Map(),
  kind: new Map(),
  service: new Map(),
});

/** The tally of an office's group, made on first use. */
export function tallyIn(
  byOffice: TalliesByOffice,
  officeId: string,
  dimension: OfficeDimension,
  key: string,
) {
  let office = byOffice.get(officeId);
  if (!office) {
    office = emptyOfficeTallies();
    byOffice.set(officeId, office);
  }
  let tally = office[dimension].get(key);
  if (!tally) {
    tally = emptyTally();
    office[dimension].set(key, tally);
  }
  return tally;
}

/** Counts the selected visit facts per office: three statements, sent at once. */
export async function loadFactTallies(run: RunGrouping, selection: FactSelection): Promise<TalliesByOffice> {
  const byOffice: TalliesByOffice = new Map();
  if (selection.days.length === 0) return byOffice;
  const params = [selection.tenantId, selection.days, selection.officeIds, selection.serviceId];
  const [counts, minutes, services] = await Promise.all([
    run<DayOrGrid & FlagRow>(COUNTS, params),
    run<DayOrGrid & { measure: 'wait' | 'talk'; minutes: number; n: number }>(MINUTES, params),
    run<
      { measure: 'counts' | 'wait' | 'talk'; officeId: string; key: string; minutes: number | null } & FlagRow
    >(BY_SERVICE, params),
  ]);
  /** The tallies a row adds to: its office's day, or its office's hour and kind. */
  const targets = (row: DayOrGrid) =>
    row.grouping === 'day'
      ? [tallyIn(byOffice, row.officeId, 'day', row.day!)]
      : [
          tallyIn(byOffice, row.officeId, 'hour', String(row.hour)),
          tallyIn(byOffice, row.officeId, 'kind', row.appointment ? 'appointment' : 'walk_in'),
        ];
  for (const row of counts) for (const tally of targets(row)) addFlags(tally, row);
  for (const row of minutes)
    for (const tally of targets(row)) addMinutes(tally[row.measure], row.minutes, row.n);
  for (const row of services) {
    const tally = tallyIn(byOffice, row.officeId, 'service', row.key);
    if (row.measure === 'counts') addFlags(tally, row);
    else if (row.minutes !== null) addMinutes(tally[row.measure], row.minutes, row.n);
  }
  return byOffice;
}
