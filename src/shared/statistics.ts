import { z } from 'zod';
import { Outcome } from './consultations';
import { CalendarDate, Id } from './fields';

/**
 * /api/statistics — aggregates of the authority's visits for leads, admins and the reporting role:
 * waiting and talk times, how visits ended, outcomes, services performed, no-shows and ratings, by
 * office, service, weekday, hour, week, month and kind. Days and hours are the authority's time zone.
 * Only aggregates: no names, and every figure of fewer than MIN_CASES visits is null ("< 5").
 */

/** Figures of fewer than this many cases are suppressed. */
export const MIN_CASES = 5;
/** The longest period one request may cover (two years and a leap day). */
export const MAX_PERIOD_DAYS = 731;

const FilterFields = z.strictObject({
  /** First and last day of the period (the authority's calendar); both or neither (the last 28 days). */
  from: CalendarDate.optional(),
  to: CalendarDate.optional(),
  officeId: Id.optional(),
  serviceId: Id.optional(),
});

/** Days from one calendar date to another (both "YYYY-MM-DD"). */
function daysBetween(from: string, to: string) {
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000;
}

/** The rules a period follows, for the page's query and the exports' alike. */
const withPeriodRules = <T extends z.ZodType<{ from?: string; to?: string }>>(schema: T) =>
  schema
    .superRefine((q, ctx) => {
      // The missing one is named: a period needs both ends.
      for (const [given, missing] of [
        ['from', 'to'],
        ['to', 'from'],
      ] as const) {
        if (q[given] !== undefined && q[missing] === undefined) {
          ctx.addIssue({ code: 'custom', message: `give ${missing} with ${given}`, path: [missing] });
        }
      }
    })
    .refine((q) => !q.from || !q.to || q.from <= q.to, {
      message: 'to must not be before from',
      path: ['to'],
    })
    .refine((q) => !q.from || !q.to || daysBetween(q.from, q.to) < MAX_PERIOD_DAYS, {
      message: `the period may cover at most ${MAX_PERIOD_DAYS} days`,
      path: ['to'],
    });

export const StatisticsQuery = withPeriodRules(FilterFields);
export type StatisticsQuery = z.infer<typeof StatisticsQuery>;

/** The exports' query: the same filters and the language of labels and headings. */
export const ExportQuery = withPeriodRules(FilterFields.extend({ lang: z.enum(['de', 'en']).default('de') }));
export type ExportQuery = z.infer<typeof ExportQuery>;

/** A published figure: null when it counts fewer than MIN_CASES (but more than no) cases. */
const Cell = z.int().nullable();

/** Times in whole minutes (rounded) by nearest rank, over the visits whose call was answered. */
export const Durations = z.object({
  /** How many visits the times are of; null when fewer than MIN_CASES, and the times with it. */
  cases: Cell,
  median: Cell,
  p90: Cell,
  max: Cell,
});
export type Durations = z.infer<typeof Durations>;

export const StatisticsCounts = z.object({
  /** Visits that ended in the period's days (by arrival). */
  cases: Cell,
  walkIns: Cell,
  appointments: Cell,
  /** Ended by the clerk after the consultation. */
  served: Cell,
  /** Left the waiting room before being called (closed the page, removed). */
  leftWaiting: Cell,
  /** Left during or after a call before the clerk ended it. */
  leftInCall: Cell,
  /** Called without answer until the recalls were used up, and not put back. */
  missed: Cell,
  /** Came by a transfer from another office. */
  transferred: Cell,
  /** Did not answer a call at least once and were called again. */
  recalled: Cell,
  /** Were parked for later at least once. */
  parked: Cell,
  /** Appointments in the period whose citizen did not come (marked by staff); not visits. */
  noShows: Cell,
  /** Services performed, counted with their counts (2 × Personalausweis counts 2). */
  performed: Cell,
});
export type StatisticsCounts = z.infer<typeof StatisticsCounts>;
/** The counts' names, in the order of the page's and the exports' columns. */
export const COUNT_KEYS = StatisticsCounts.keyof().options;

/** The outcome recorded on finishing, and "none" for visits without one. */
export const OUTCOME_KEYS = [...Outcome.options, 'none'] as const;

export const StatisticsRow = z.object({
  /** officeId, serviceId ("" for visits without a service), ISO weekday 1–7, hour 0–23, the week's
   * Monday (YYYY-MM-DD), the month (YYYY-MM), "walk_in"/"appointment", or "total". */
  key: z.string(),
  /** The office's or service's name; "" for keys the reader formats (weekdays, hours, weeks, months). */
  label: z.string(),
  counts: StatisticsCounts,
  outcomes: z.object(
    Object.fromEntries(OUTCOME_KEYS.map((k) => [k, Cell])) as Record<
      (typeof OUTCOME_KEYS)[number],
      typeof Cell
    >,
  ),
  wait: Durations,
  talk: Durations,
});
export type StatisticsRow = z.infer<typeof StatisticsRow>;

export const STATISTICS_DIMENSIONS = [
  'office',
  'service',
  'weekday',
  'hour',
  'week',
  'month',
  'kind',
] as const;
export type StatisticsDimension = (typeof STATISTICS_DIMENSIONS)[number];

export const RatingStatistics = z.object({
  /** Ratings carry office and day only: with a service filter there are none to show. */
  available: z.boolean(),
  /** How many ratings gave 1, 2, 3, 4 and 5 stars. */
  stars: z.array(Cell).length(5),
  total: Cell,
  /** Mean stars, one decimal; null below MIN_CASES ratings. */
  mean: z.number().nullable(),
});
export type RatingStatistics = z.infer<typeof RatingStatistics>;

/**
 * Appointment capacity of one service in one office over the period. A slot has its service's length,
 * so capacity is given per service: summing slots of different lengths would count an agent's hour
 * twice. Capacity is no count of people and is never suppressed; booked is.
 */
export const CapacityRow = z.object({
  officeId: Id,
  officeName: z.string(),
  serviceId: Id,
  serviceName: z.string(),
  /**
   * The most appointments of the service the office's agents could have taken in the period, on the
   * booking's slot grid with buffers, absences and extra hours, if nothing had been booked.
   */
  offered: z.int(),
  /** Appointments of the service in the office starting in the period, kept, not kept or still ahead. */
  booked: Cell,
  /** booked / offered in whole percent; null when booked is suppressed or nothing was offered. */
  share: z.int().nullable(),
});
export type CapacityRow = z.infer<typeof CapacityRow>;

export const Statistics = z.object({
  filter: z.object({
    from: CalendarDate,
    to: CalendarDate,
    officeId: Id.nullable(),
    serviceId: Id.nullable(),
  }),
  timeZone: z.string(),
  minCases: z.int(),
  /** What the filters offer: the offices the reader may see, the authority's services. */
  offices: z.array(z.object({ id: Id, name: z.string() })),
  services: z.array(z.object({ id: Id, name: z.string() })),
  total: StatisticsRow,
  dimensions: z.object(
    Object.fromEntries(STATISTICS_DIMENSIONS.map((d) => [d, z.array(StatisticsRow)])) as Record<
      StatisticsDimension,
      z.ZodArray<typeof StatisticsRow>
    >,
  ),
  ratings: RatingStatistics,
  /** By office, then service. */
  capacity: z.array(CapacityRow),
});
export type Statistics = z.infer<typeof Statistics>;
