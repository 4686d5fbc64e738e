import { Temporal } from 'temporal-polyfill';
import type { Db } from '../../db/client';
import {
  loadFactTallies,
  OFFICE_DIMENSIONS,
  type OfficeDimension,
  type RunGrouping,
  type TalliesByOffice,
  tallyIn,
} from './fact-tallies';
import { ensureKeptMonths } from './kept-months';
import { addTallyJson, type TallyJson, tallyToJson } from './tally-json';

/**
 * The tallies of closed months (migration 0040): built once per authority and month from its visit
 * facts, dropped by the facts' trigger when one of the month's visits changes, built again when next
 * asked for. A year's request then groups only the days of months still open or cut by its period.
 */

/** Every day from `from` to `to`, YYYY-MM-DD. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  const last = Temporal.PlainDate.from(to);
  for (let day = Temporal.PlainDate.from(from); Temporal.PlainDate.compare(day, last) <= 0; ) {
    days.push(day.toString());
    day = day.add({ days: 1 });
  }
  return days;
}

/** Every day of a month, given its first day. */
const daysOfMonth = (month: string) =>
  daysBetween(month, Temporal.PlainDate.from(month).add({ months: 1 }).subtract({ days: 1 }).toString());

/**
 * The months (their first days) lying wholly in the period and before `openFrom` (the first day of
 * the authority's current month): what month tallies can answer. They follow one another.
 */
export function closedMonthsIn(from: string, to: string, openFrom: string): string[] {
  const months: string[] = [];
  let month = Temporal.PlainDate.from(from).with({ day: 1 });
  if (month.toString() < from) month = month.add({ months: 1 });
  for (; month.toString() < openFrom; month = month.add({ months: 1 })) {
    if (month.add({ months: 1 }).subtract({ days: 1 }).toString() > to) break;
    months.push(month.toString());
  }
  return months;
}

/**
 * Builds a month's tallies unless they are there. Alone under the month's lock: visit ends of that
 * month wait (their trigger shares the lock) and then drop what was built, so nothing committed
 * meanwhile is missed. The lock is taken before the facts are read: each statement after it sees
 * every fact committed before it.
 */
export async function buildMonthTallies(db: Db, tenantId: string, month: string) {
  await db.transaction(async (tx) => {
    await tx.query(
      `SELECT pg_advisory_xact_lock(visit_fact_month_lock($1, $2::date)),
              set_config('work_mem', '64MB', true), set_config('jit', 'off', true)`,
      [tenantId, month],
    );
    const built = await tx.query('SELECT 1 FROM visit_fact_months WHERE tenant_id = $1 AND month = $2', [
      tenantId,
      month,
    ]);
    if (built.length > 0) return;
    // One connection runs one statement at a time: the month's statements queue up on it.
    let queue: Promise<unknown> = Promise.resolve();
    const run: RunGrouping = (sql, params) => {
      const next = queue.then(() => tx.query(sql, params));
      queue = next.catch(() => undefined);
      return next as never;
    };
    const byOffice = await loadFactTallies(run, {
      tenantId,
      days: daysOfMonth(month),
      officeIds: null,
      serviceId: null,
    });
    await tx.query('INSERT INTO visit_fact_months (tenant_id, month) VALUES ($1, $2)', [tenantId, month]);
    const rows = [...byOffice].flatMap(([officeId, office]) =>
      OFFICE_DIMENSIONS.flatMap((dimension) =>
        [...office[dimension]].map(([key, tally]) => ({
          office_id: officeId,
          dimension,
          key,
          tally: tallyToJson(tally),
        })),
      ),
    );
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO visit_fact_tallies (tenant_id, month, office_id, dimension, key, tally)
       SELECT $1, $2::date, r.office_id, r.dimension, r.key, r.tally
         FROM json_to_recordset($3::json) AS r (office_id uuid, dimension text, key text, tally json)`,
      [tenantId, month, JSON.stringify(rows)],
    );
  });
}

/** Builds the months not built yet. */
export const ensureMonthTallies = (db: Db, tenantId: string, months: string[]) =>
  ensureKeptMonths(db, 'visit_fact_months', tenantId, months, buildMonthTallies);

/**
 * The offices' tallies of closed months (built first where missing), of the offices given or all, and
 * which months they hold: read in one statement, so a month dropped meanwhile by a changed visit is
 * either wholly there or missing (its days are then counted from the facts).
 */
export async function readMonthTallies(
  db: Db,
  tenantId: string,
  months: string[],
  officeIds: string[] | null,
): Promise<{ byOffice: TalliesByOffice; months: Set<string> }> {
  const byOffice: TalliesByOffice = new Map();
  if (months.length === 0) return { byOffice, months: new Set() };
  await ensureMonthTallies(db, tenantId, months);
  const rows = await db.query<{
    month: string;
    officeId: string | null;
    dimension: OfficeDimension;
    key: string;
    tally: TallyJson;
  }>(
    `SELECT m.month::text AS month, t.office_id AS "officeId", t.dimension, t.key, t.tally
       FROM visit_fact_months m
       LEFT JOIN visit_fact_tallies t ON t.tenant_id = m.tenant_id AND t.month = m.month
        AND ($3::uuid[] IS NULL OR t.office_id = ANY ($3::uuid[]))
      WHERE m.tenant_id = $1 AND m.month = ANY ($2::date[])`,
    [tenantId, months, officeIds],
  );
  for (const row of rows) {
    if (row.officeId === null) continue;
    addTallyJson(tallyIn(byOffice, row.officeId, row.dimension, row.key), row.tally);
  }
  return { byOffice, months: new Set(rows.map((row) => row.month)) };
}
