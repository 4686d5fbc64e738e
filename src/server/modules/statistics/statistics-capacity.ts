import { Temporal } from 'temporal-polyfill';
import type { CapacityRow } from '../../../shared/statistics';
import type { Db } from '../../db/client';
import { appointmentsThatFit, publishCapacity } from '../../domain/capacity';
import { slotCandidates } from '../../domain/slots';
import { HttpProblem } from '../../http/problem';
import { loadSlotInputs } from '../booking/slot-context';
import type { StatisticsScope } from './statistics-query';

type Named = { id: string; name: string };

/** A service whose unit has no office is booked nowhere: it offers nothing. */
const notBookable = (error: unknown) => {
  if (error instanceof HttpProblem && error.status === 404) return null;
  throw error;
};

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
 * Capacity offered vs booked per office and service of the scope. Offered counts what the booking
 * would have offered: each service in the office it books into (slot-context.ts), with that office's
 * agents, their hours and exceptions, and no appointments. Services booked elsewhere (moved offices)
 * show with nothing offered.
 */
export async function loadCapacity(
  db: Db,
  scope: StatisticsScope,
  lists: { offices: Named[]; services: Named[] },
): Promise<CapacityRow[]> {
  const days = { from: Temporal.PlainDate.from(scope.from), to: Temporal.PlainDate.from(scope.to) };
  const services = scope.serviceId ? lists.services.filter((s) => s.id === scope.serviceId) : lists.services;
  const [offered, booked] = await Promise.all([
    Promise.all(
      services.map(async ({ id }) => {
        const inputs = await loadSlotInputs(db, scope.tenantId, id, days).catch(notBookable);
        if (!inputs || (scope.officeIds && !scope.officeIds.includes(inputs.office.id))) return null;
        const slots = slotCandidates({
          service: inputs.service,
          calendar: inputs.calendar,
          agents: inputs.agents.map((agent) => ({ ...agent, busy: [] })),
          fromDate: days.from,
          toDate: days.to,
        });
        return { officeId: inputs.office.id, serviceId: id, n: appointmentsThatFit(slots, inputs.service) };
      }),
    ),
    db.query<{ officeId: string; serviceId: string; n: number }>(BOOKED, [
      scope.tenantId,
      scope.from,
      scope.to,
      scope.officeIds,
      scope.serviceId,
      scope.timeZone,
    ]),
  ]);
  const figures = new Map<string, { officeId: string; serviceId: string; offered: number; booked: number }>();
  const entry = (officeId: string, serviceId: string) => {
    const key = `${officeId} ${serviceId}`;
    const found = figures.get(key) ?? { officeId, serviceId, offered: 0, booked: 0 };
    figures.set(key, found);
    return found;
  };
  for (const row of offered) if (row) entry(row.officeId, row.serviceId).offered = row.n;
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
