import { Temporal } from 'temporal-polyfill';
import { MIN_CASES, type Statistics, type StatisticsRow } from '../../../shared/statistics';
import { emptyTally, mergeTally, publishRatings, publishRow, type Tally } from '../../domain/statistics';
import type { RawTallies, StatisticsScope } from './statistics-query';

type Named = { id: string; name: string };

/** Tallies merged by a key derived from each source key (days into weekdays, weeks, months). */
function regroup(source: Map<string, Tally>, keyOf: (key: string) => string, keys: string[] = []) {
  const groups = new Map<string, Tally>(keys.map((k) => [k, emptyTally()]));
  for (const [key, tally] of source) {
    const group = keyOf(key);
    if (!groups.has(group)) groups.set(group, emptyTally());
    mergeTally(groups.get(group)!, tally);
  }
  return groups;
}

const mondayOf = (day: string) => {
  const date = Temporal.PlainDate.from(day);
  return date.subtract({ days: date.dayOfWeek - 1 }).toString();
};
const monthOf = (day: string) => day.slice(0, 7);

/** Every week (its Monday) and month the period touches, so quiet ones show as 0, not as missing. */
function periodKeys(from: string, to: string) {
  const weeks: string[] = [];
  for (let w = Temporal.PlainDate.from(mondayOf(from)); w.toString() <= to; w = w.add({ weeks: 1 })) {
    weeks.push(w.toString());
  }
  const months: string[] = [];
  const last = Temporal.PlainYearMonth.from(monthOf(to));
  for (let m = Temporal.PlainYearMonth.from(monthOf(from)); Temporal.PlainYearMonth.compare(m, last) <= 0; ) {
    months.push(m.toString());
    m = m.add({ months: 1 });
  }
  return { weeks, months };
}

const rowsOf = (groups: Map<string, Tally>, label: (key: string) => string = () => '') =>
  [...groups].map(([key, tally]) => publishRow(key, label(key), tally));

/** The published statistics of a scope from its tallies: every figure derived, small cells suppressed. */
export function buildStatistics(
  scope: StatisticsScope,
  tallies: RawTallies,
  lists: { offices: Named[]; services: Named[] },
  /** The office chosen in the filter (scope.officeIds may also be a lead's own offices). */
  officeId: string | null,
): Omit<Statistics, 'capacity'> {
  const nameOf = (list: Named[]) => (key: string) => list.find((item) => item.id === key)?.name ?? '';
  const total = regroup(tallies.day, () => 'total', ['total']).get('total')!;
  const { weeks, months } = periodKeys(scope.from, scope.to);
  // No-shows are appointments: the appointments' row holds them all.
  const kinds = regroup(tallies.kind, (k) => k, ['walk_in', 'appointment']);
  kinds.get('appointment')!.counts.noShows = total.counts.noShows;
  const offices = scope.officeIds
    ? lists.offices.filter((o) => scope.officeIds!.includes(o.id))
    : lists.offices;
  const byOffice = regroup(
    tallies.office,
    (k) => k,
    offices.map((o) => o.id),
  );
  const serviceRows = rowsOf(tallies.service, nameOf(lists.services)).sort(
    // Visits without a service last, the others by name.
    (a, b) => Number(a.key === '') - Number(b.key === '') || a.label.localeCompare(b.label, 'de'),
  );
  const byHour = [...tallies.hour].sort(([a], [b]) => Number(a) - Number(b));
  return {
    filter: {
      from: scope.from,
      to: scope.to,
      officeId,
      serviceId: scope.serviceId,
    },
    timeZone: scope.timeZone,
    minCases: MIN_CASES,
    offices: lists.offices,
    services: lists.services,
    total: publishRow('total', '', total),
    dimensions: {
      office: rowsOf(byOffice, nameOf(lists.offices)),
      service: serviceRows,
      weekday: rowsOf(
        regroup(tallies.day, (day) => String(Temporal.PlainDate.from(day).dayOfWeek), [
          '1',
          '2',
          '3',
          '4',
          '5',
          '6',
          '7',
        ]),
      ),
      hour: rowsOf(new Map(byHour)),
      week: rowsOf(regroup(tallies.day, mondayOf, weeks)),
      month: rowsOf(regroup(tallies.day, monthOf, months)),
      kind: rowsOf(kinds),
    } satisfies Record<string, StatisticsRow[]>,
    ratings: publishRatings(tallies.stars),
  };
}
