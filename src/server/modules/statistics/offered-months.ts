import { Temporal } from 'temporal-polyfill';
import type { Db } from '../../db/client';
import { type Offered, offeredOver } from './capacity-offered';
import { ensureKeptMonths } from './kept-months';

/**
 * The appointments offered in closed months, kept (migration 0042): built once per authority and month
 * from what the booking offered then, and never built again — a later change of opening hours or of an
 * agent's week is not what was offered in a month already over.
 */

/** Builds a month's offers unless they are kept; of two builders at once, the first to commit stands. */
async function buildOfferedMonth(db: Db, tenantId: string, month: string) {
  const services = await db.query<{ id: string }>('SELECT id FROM services WHERE tenant_id = $1', [tenantId]);
  const first = Temporal.PlainDate.from(month);
  const offered = await offeredOver(
    db,
    tenantId,
    services.map((s) => s.id),
    { from: first, to: first.add({ months: 1 }).subtract({ days: 1 }) },
  );
  await db.transaction(async (tx) => {
    const marked = await tx.query(
      `INSERT INTO capacity_months (tenant_id, month) VALUES ($1, $2)
       ON CONFLICT DO NOTHING RETURNING month`,
      [tenantId, month],
    );
    if (marked.length === 0 || offered.length === 0) return;
    await tx.query(
      `INSERT INTO capacity_month_offers (tenant_id, month, service_id, office_id, offered)
       SELECT $1, $2::date, r."serviceId", r."officeId", r.n
         FROM json_to_recordset($3::json) AS r ("serviceId" uuid, "officeId" uuid, n int)`,
      [tenantId, month, JSON.stringify(offered)],
    );
  });
}

/** Builds the months whose offers are not kept yet. */
export const ensureOfferedMonths = (db: Db, tenantId: string, months: string[]) =>
  ensureKeptMonths(db, 'capacity_months', tenantId, months, buildOfferedMonth);

/** The offers of closed months (built first where missing), summed per office and service. */
export async function readOfferedMonths(
  db: Db,
  tenantId: string,
  months: string[],
  serviceId: string | null,
): Promise<Offered[]> {
  if (months.length === 0) return [];
  await ensureOfferedMonths(db, tenantId, months);
  return db.query<Offered>(
    `SELECT office_id AS "officeId", service_id AS "serviceId", sum(offered)::int AS n
       FROM capacity_month_offers
      WHERE tenant_id = $1 AND month = ANY ($2::date[]) AND ($3::uuid IS NULL OR service_id = $3::uuid)
      GROUP BY office_id, service_id`,
    [tenantId, months, serviceId],
  );
}
