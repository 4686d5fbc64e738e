import type { SpecialInterval } from '../../shared/calendar';

/** Dates on which an office keeps other hours than the week's: closed when `hours` is empty. */
export interface DateException {
  /** First and last date, "YYYY-MM-DD", inclusive. */
  firstDay: string;
  lastDay: string;
  hours: readonly SpecialInterval[];
}

/**
 * The exception covering the date, if any. The database lets no two of one office overlap; a list
 * that did anyway would yield its first.
 */
export const exceptionOn = (exceptions: readonly DateException[], isoDate: string) =>
  exceptions.find((e) => e.firstDay <= isoDate && isoDate <= e.lastDay);

/** Whether a date ("YYYY-MM-DD") is one of the yearly local holidays ("MM-DD"). */
export const isLocalHoliday = (monthDays: readonly string[], isoDate: string) =>
  monthDays.includes(isoDate.slice(5));
