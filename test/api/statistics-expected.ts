import { Temporal } from 'temporal-polyfill';
import type { Seed, SeedVisit } from '../support/statistics-seed';

/**
 * The statistics computed straight from a seed, in plain TypeScript and independently of the server's
 * SQL and arithmetic: each visit's figures from its own calls, grouped, counted, and times by sorting.
 */

export interface ExpectedRow {
  counts: Record<string, number>;
  outcomes: Record<string, number>;
  wait: { cases: number; median: number | null; p90: number | null; max: number | null };
  talk: { cases: number; median: number | null; p90: number | null; max: number | null };
}

export interface ExpectedFilter {
  timeZone: string;
  from: string;
  to: string;
  officeIds: string[] | null;
  serviceId: string | null;
}

const minutes = (seconds: number) => Math.floor(seconds / 60 + 0.5);

/** What the statistics know of one visit, derived from its calls. */
function factOf(visit: SeedVisit, timeZone: string) {
  const local = visit.arrivedAt.toZonedDateTimeISO(timeZone);
  const answered = visit.calls.filter((c) => c.endReason !== 'no_show');
  const withOutcome = visit.calls.filter((c) => c.outcome !== null);
  const services =
    visit.services.length > 0
      ? visit.services
      : visit.bookedServiceId
        ? [{ serviceId: visit.bookedServiceId, count: 1 }]
        : [];
  return {
    visit,
    day: local.toPlainDate(),
    hour: local.hour,
    answered: answered.length > 0,
    wait: answered.length > 0 ? minutes(visit.waitedSeconds) : null,
    talk: answered.length > 0 ? minutes(answered.reduce((sum, c) => sum + c.seconds, 0)) : null,
    outcome: withOutcome.length > 0 ? withOutcome[withOutcome.length - 1]!.outcome! : 'none',
    services,
  };
}
type Fact = ReturnType<typeof factOf>;

/** The nearest-rank quantile of a list, by sorting it. */
function quantile(values: number[], p: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!;
}

const times = (values: number[]) =>
  values.length === 0
    ? { cases: 0, median: null, p90: null, max: null }
    : {
        cases: values.length,
        median: quantile(values, 0.5),
        p90: quantile(values, 0.9),
        max: Math.max(...values),
      };

function rowOf(facts: Fact[], noShows: number, performed: (f: Fact) => number): ExpectedRow {
  const count = (test: (f: Fact) => boolean) => facts.filter(test).length;
  const outcomes: Record<string, number> = {};
  for (const key of ['resolved', 'follow_up', 'documents_missing', 'forwarded', 'other', 'none']) {
    outcomes[key] = count((f) => f.outcome === key);
  }
  return {
    counts: {
      cases: facts.length,
      walkIns: count((f) => !f.visit.appointment),
      appointments: count((f) => f.visit.appointment),
      served: count((f) => f.visit.fate === 'served'),
      leftWaiting: count((f) => f.visit.fate === 'leftWaiting'),
      leftInCall: count((f) => f.visit.fate === 'leftInCall'),
      missed: count((f) => f.visit.fate === 'missed'),
      transferred: count((f) => f.visit.transferredFrom !== null),
      recalled: count((f) => f.visit.missedCalls > 0),
      parked: count((f) => f.visit.calls.some((c) => c.endReason === 'parked')),
      noShows,
      performed: facts.reduce((sum, f) => sum + performed(f), 0),
    },
    outcomes,
    wait: times(facts.flatMap((f) => (f.wait === null ? [] : [f.wait]))),
    talk: times(facts.flatMap((f) => (f.talk === null ? [] : [f.talk]))),
  };
}

const mondayOf = (day: Temporal.PlainDate) => day.subtract({ days: day.dayOfWeek - 1 }).toString();

/** Every row the statistics should show, keyed "dimension:key" ("total:total" for the total). */
export function expectedStatistics(seed: Seed, filter: ExpectedFilter): Map<string, ExpectedRow> {
  const from = Temporal.PlainDate.from(filter.from);
  const to = Temporal.PlainDate.from(filter.to);
  const inPeriod = (day: Temporal.PlainDate) =>
    Temporal.PlainDate.compare(day, from) >= 0 && Temporal.PlainDate.compare(day, to) <= 0;
  const inOffices = (officeId: string) => !filter.officeIds || filter.officeIds.includes(officeId);
  const facts = seed.visits
    .filter((v) => v.fate !== 'neverConnected')
    .map((v) => factOf(v, filter.timeZone))
    .filter(
      (f) =>
        inPeriod(f.day) &&
        inOffices(f.visit.officeId) &&
        (!filter.serviceId || f.services.some((s) => s.serviceId === filter.serviceId)),
    );
  const noShows = seed.noShows
    .map((n) => ({ ...n, local: n.startsAt.toZonedDateTimeISO(filter.timeZone) }))
    .filter(
      (n) =>
        inPeriod(n.local.toPlainDate()) &&
        inOffices(n.officeId) &&
        (!filter.serviceId || n.serviceId === filter.serviceId),
    );
  const allPerformed = (f: Fact) => f.services.reduce((sum, s) => sum + s.count, 0);

  const rows = new Map<string, ExpectedRow>();
  const group = (
    dimension: string,
    keyOf: (f: Fact) => string,
    noShowKey: (n: (typeof noShows)[number]) => string | null,
  ) => {
    const keys = new Set([...facts.map(keyOf), ...noShows.flatMap((n) => noShowKey(n) ?? [])]);
    for (const key of keys) {
      const members = facts.filter((f) => keyOf(f) === key);
      rows.set(
        `${dimension}:${key}`,
        rowOf(members, noShows.filter((n) => noShowKey(n) === key).length, allPerformed),
      );
    }
  };
  rows.set('total:total', rowOf(facts, noShows.length, allPerformed));
  group(
    'office',
    (f) => f.visit.officeId,
    (n) => n.officeId,
  );
  group(
    'weekday',
    (f) => String(f.day.dayOfWeek),
    (n) => String(n.local.dayOfWeek),
  );
  group(
    'hour',
    (f) => String(f.hour),
    (n) => String(n.local.hour),
  );
  group(
    'week',
    (f) => mondayOf(f.day),
    (n) => mondayOf(n.local.toPlainDate()),
  );
  group(
    'month',
    (f) => f.day.toString().slice(0, 7),
    (n) => n.local.toPlainDate().toString().slice(0, 7),
  );
  group(
    'kind',
    (f) => (f.visit.appointment ? 'appointment' : 'walk_in'),
    () => 'appointment',
  );
  // A visit counts for each service performed, with that service's count; once as "" without one.
  const serviceKeys = new Set([
    ...facts.flatMap((f) => (f.services.length ? f.services.map((s) => s.serviceId) : [''])),
    ...noShows.map((n) => n.serviceId),
  ]);
  for (const key of serviceKeys) {
    const members = facts.filter((f) =>
      key === '' ? f.services.length === 0 : f.services.some((s) => s.serviceId === key),
    );
    const countOf = (f: Fact) => f.services.find((s) => s.serviceId === key)?.count ?? 0;
    rows.set(`service:${key}`, rowOf(members, noShows.filter((n) => n.serviceId === key).length, countOf));
  }
  return rows;
}

/** Ratings with 1…5 stars in the period and offices. */
export function expectedStars(seed: Seed, filter: ExpectedFilter) {
  const stars = [0, 0, 0, 0, 0];
  for (const r of seed.ratings) {
    if (r.day < filter.from || r.day > filter.to) continue;
    if (filter.officeIds && !filter.officeIds.includes(r.officeId)) continue;
    stars[r.stars - 1]! += 1;
  }
  return stars;
}
