import { Temporal } from 'temporal-polyfill';
import type { CapacityRow } from '../../../shared/statistics';
import type { Db } from '../../db/client';
import { publishCapacity } from '../../domain/capacity';
import { type Offered, offeredOver } from './capacity-offered';
import { closedMonthsIn } from './month-tallies';
import { readOfferedMonths } from './offered-months';
import type { StatisticsScope } from './statistics-query';

type Named = { id: string; name: string };

/**
 * Appointments that take a slot: booked ones, kept or not. Cancelled, expired and never activated ones
 * gave their slot back.
 */
const BOOKED = `
  SELECT a.office_id AS "officeId", a.service_id AS "serviceId", count(*)::int AS n FROM appointments a
   WHERE a.tenant_id = $1 AND a.status IN ('booked', 'done', 'no_show')
     AND a.starts_at >= ($2::date::timestamp AT TIME ZONE $6)
     AND a.starts_at < (($3::date + 1)::timestamp AT TIME ZONE $6)
     AND ($4::uuid[] IS NULL OR a.office_id = ANY ($4::uuid[]))
     AND ($5::uuid IS NULL OR a.service_id = $5::uuid)
   GROUP BY a.office_id, a.service_id`;

/**
 * The period's days outside its closed months (which follow one another): before the first and after
 * the last, as ranges to lay slots out on.
 */
function openRanges(scope: StatisticsScope, closed: string[]) {
  const from = Temporal.PlainDate.from(scope.from);
  const to = Temporal.PlainDate.from(scope.to);
  if (closed.length === 0) return [{ from, to }];
  const first = Temporal.PlainDate.from(closed[0]!);
  const afterLast = Temporal.PlainDate.from(closed.at(-1)!).add({ months: 1 });
  const ranges = [];
  if (Temporal.PlainDate.compare(from, first) < 0) ranges.push({ from, to: first.subtract({ days: 1 }) });
  if (Temporal.PlainDate.compare(afterLast, to) <= 0) ranges.push({ from: afterLast, to });
  return ranges;
}

/**
 * Capacity offered vs booked per office and service of the scope. Offered counts what the booking
 * would have offered (capacity-offered.ts): for closed months as kept when they closed, for the other
 * days as it stands. Services booked elsewhere (moved offices) show with nothing offered.
 */
export async function loadCapacity(
  db: Db,
  scope: StatisticsScope,
  lists: { offices: Named[]; services: Named[] },
): Promise<CapacityRow[]> {
  const serviceIds = lists.services
    .map((s) => s.id)
    .filter((id) => !scope.serviceId || id === scope.serviceId);
  const closed = closedMonthsIn(scope.from, scope.to, scope.openFrom);
  const [kept, open, booked] = await Promise.all([
    readOfferedMonths(db, scope.tenantId, closed, scope.serviceId),
    Promise.all(openRanges(scope, closed).map((days) => offeredOver(db, scope.tenantId, serviceIds, days))),
    db.query<{ officeId: string; serviceId: string; n: number }>(BOOKED, [
      scope.tenantId,
      scope.from,
      scope.to,
      scope.officeIds,
      scope.serviceId,
      scope.timeZone,
    ]),
  ]);
  const inScope = (row: Offered) => !scope.officeIds || scope.officeIds.includes(row.officeId);
  const offered = [kept, ...open].flat().filter(inScope);
  const figures = new Map<string, { officeId: string; serviceId: string; offered: number; booked: number }>();
  const entry = (officeId: string, serviceId: string) => {
    const key = `${officeId} ${serviceId}`;
    const found = figures.get(key) ?? { officeId, serviceId, offered: 0, booked: 0 };
    figures.set(key, found);
    return found;
  };
  for (const row of offered) entry(row.officeId, row.serviceId).offered += row.n;
  for (const row of booked) entry(row.officeId, row.serviceId).booked = row.n;
  const nameOf = (list: Named[], id: string) => list.find((item) => item.id === id)?.name ?? '';
  return [...figures.values()]
    .map((f) => ({
      officeId: f.officeId,
      officeName: nameOf(lists.offices, f.officeId),
      serviceId: f.serviceId,
      serviceName: nameOf(lists.services, f.serviceId),
      ...publishCapacity(f.offered, f.booked),
    }))
    .sort(
      (a, b) =>
        a.officeName.localeCompare(b.officeName, 'de') || a.serviceName.localeCompare(b.serviceName, 'de'),
    );
}
