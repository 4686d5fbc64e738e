import Holidays from 'date-holidays';
import { Temporal } from 'temporal-polyfill';
import type { Seed } from '../support/statistics-seed';
import type { ExpectedFilter } from './statistics-expected';

/**
 * Capacity offered vs booked computed straight from what a test seeded, independently of the slot
 * search: per open day and agent, appointments laid end to end on the grid of the service's length,
 * each followed by its buffer; booked appointments counted from the seed.
 */

type Hours = Partial<Record<string, { from: string; to: string }[]>>;

export interface CapacityWorld {
  /** Offices by name order within their unit (the first books the unit's services). */
  offices: { id: string; name: string; unitId: string; hours: Hours; closedDays: string[] }[];
  services: { id: string; unitId: string; duration: number; before: number; after: number }[];
  agents: { officeIds: string[]; hours: Hours | null; absentDays: string[] }[];
  /** The authority's state, e.g. "BY". */
  holidayState: string;
}

export interface ExpectedCapacity {
  offered: number;
  booked: number;
}

const DAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Appointments of one interval, the earliest possible first. */
function fitting(from: number, to: number, service: CapacityWorld['services'][number]) {
  let fit = 0;
  let freeFrom = Number.NEGATIVE_INFINITY;
  for (let start = from; start + service.duration + service.after <= to; start += service.duration) {
    if (start - service.before < from || start - service.before < freeFrom) continue;
    fit += 1;
    freeFrom = start + service.duration + service.after;
  }
  return fit;
}

/** Keyed "officeId serviceId". */
export function expectedCapacity(world: CapacityWorld, seed: Seed, filter: ExpectedFilter) {
  const holidays = new Holidays('DE', world.holidayState);
  const isHoliday = (day: string) =>
    (holidays.isHoliday(new Date(`${day}T12:00:00Z`)) || []).some((h) => h.type === 'public');
  const inOffices = (id: string) => !filter.officeIds || filter.officeIds.includes(id);
  const rows = new Map<string, ExpectedCapacity>();
  const row = (officeId: string, serviceId: string) => {
    const key = `${officeId} ${serviceId}`;
    const found = rows.get(key) ?? { offered: 0, booked: 0 };
    rows.set(key, found);
    return found;
  };
  for (const service of world.services) {
    if (filter.serviceId && filter.serviceId !== service.id) continue;
    const office = world.offices.find((o) => o.unitId === service.unitId);
    if (!office || !inOffices(office.id)) continue;
    let offered = 0;
    const last = Temporal.PlainDate.from(filter.to);
    for (let day = Temporal.PlainDate.from(filter.from); Temporal.PlainDate.compare(day, last) <= 0; ) {
      const date = day.toString();
      if (!office.closedDays.includes(date) && !isHoliday(date)) {
        for (const agent of world.agents) {
          if (!agent.officeIds.includes(office.id) || agent.absentDays.includes(date)) continue;
          for (const { from, to } of (agent.hours ?? office.hours)[DAY_NAMES[day.dayOfWeek - 1]!] ?? [])
            offered += fitting(minutesOf(from), minutesOf(to), service);
        }
      }
      day = day.add({ days: 1 });
    }
    row(office.id, service.id).offered = offered;
  }
  const appointments = [
    ...seed.visits
      .filter((v) => v.bookedServiceId)
      .map((v) => ({ officeId: v.officeId, serviceId: v.bookedServiceId!, startsAt: v.arrivedAt })),
    ...seed.noShows,
  ];
  for (const a of appointments) {
    const day = a.startsAt.toZonedDateTimeISO(filter.timeZone).toPlainDate().toString();
    if (day < filter.from || day > filter.to || !inOffices(a.officeId)) continue;
    if (filter.serviceId && filter.serviceId !== a.serviceId) continue;
    row(a.officeId, a.serviceId).booked += 1;
  }
  return rows;
}
