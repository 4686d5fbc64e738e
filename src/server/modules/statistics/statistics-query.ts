import type { Db } from '../../db/client';
import { emptyTally, mergeTally, type Tally } from '../../domain/statistics';
import { loadFactTallies, OFFICE_DIMENSIONS } from './fact-tallies';
import { closedMonthsIn, daysBetween, readMonthTallies } from './month-tallies';

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
  /** The first day of the authority's current month: months before it are closed. */
  openFrom: string;
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

/**
 * Reads the scope's tallies: closed months from their kept tallies (not when filtered by a service:
 * those are kept for all services), the other days from the visit facts, no-shows and ratings from
 * their tables, all sent at once (on PostgreSQL over several connections).
 */
export async function loadTallies(db: Db, scope: StatisticsScope): Promise<RawTallies> {
  const params = [scope.tenantId, scope.from, scope.to, scope.officeIds, scope.serviceId];
  const closed = scope.serviceId ? [] : closedMonthsIn(scope.from, scope.to, scope.openFrom);
  const factsOn = (days: string[]) =>
    loadFactTallies((sql, p) => grouped(db, sql, p), {
      tenantId: scope.tenantId,
      days,
      officeIds: scope.officeIds,
      serviceId: scope.serviceId,
    });
  const period = daysBetween(scope.from, scope.to);
  const monthOf = (day: string) => `${day.slice(0, 7)}-01`;
  const closedMonths = new Set(closed);
  // The other days are grouped while the closed months are read; a month dropped meanwhile (a visit
  // of it changed) is grouped from its facts afterwards.
  const [months, open, noShows, stars] = await Promise.all([
    readMonthTallies(db, scope.tenantId, closed, scope.officeIds),
    factsOn(period.filter((day) => !closedMonths.has(monthOf(day)))),
    db.query<{ dim: Dimension; key: string; n: number }>(NO_SHOWS, [...params, scope.timeZone]),
    scope.serviceId
      ? Promise.resolve(null)
      : db.query<{ stars: number; n: number }>(STARS, params.slice(0, 4)),
  ]);
  const dropped = new Set(closed.filter((month) => !months.months.has(month)));
  const late = await factsOn(period.filter((day) => dropped.has(monthOf(day))));
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
  for (const byOffice of [months.byOffice, open, late]) {
    for (const [officeId, office] of byOffice) {
      for (const dimension of OFFICE_DIMENSIONS) {
        for (const [key, tally] of office[dimension]) {
          mergeTally(tallyOf(dimension, key), tally);
          // An office's own tally: the sum of its kinds.
          if (dimension === 'kind') mergeTally(tallyOf('office', officeId), tally);
        }
      }
    }
  }
  for (const row of noShows) tallyOf(row.dim, row.key).counts.noShows += row.n;
  return tallies;
}
