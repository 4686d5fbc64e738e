import type { Db } from '../../db/client';

/** The tables marking which closed months of an authority are kept (one row per authority and month). */
type MonthMarkers = 'capacity_months' | 'visit_fact_months';

/**
 * Builds the months not kept yet in `markers` with `build`; on PostgreSQL several at once, each on its
 * own connection. A month built meanwhile by another process is built once: `build` marks it in the
 * same transaction and gives way to a marker that is already there.
 */
export async function ensureKeptMonths(
  db: Db,
  markers: MonthMarkers,
  tenantId: string,
  months: string[],
  build: (db: Db, tenantId: string, month: string) => Promise<void>,
) {
  if (months.length === 0) return;
  const kept = await db.query<{ month: string }>(
    `SELECT month::text AS month FROM ${markers} WHERE tenant_id = $1 AND month = ANY ($2::date[])`,
    [tenantId, months],
  );
  const done = new Set(kept.map((row) => row.month));
  await Promise.all(months.filter((m) => !done.has(m)).map((month) => build(db, tenantId, month)));
}
