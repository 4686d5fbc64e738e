import { z } from 'zod';
import { CALENDAR_MESSAGES, LATEST_OVERNIGHT_END, MAX_EXCEPTION_DAYS } from './calendar-messages';
import { CalendarDate, Id, ShortText, TimeOfDay } from './fields';

/**
 * Hours on a special date. `to` before `from` means the next morning (an evening opening past midnight),
 * ending by LATEST_OVERNIGHT_END.
 */
export const SpecialInterval = z
  .strictObject({ from: TimeOfDay, to: TimeOfDay })
  .refine((i) => i.from !== i.to, { message: CALENDAR_MESSAGES.sameTimes, path: ['to'] })
  .refine((i) => i.from < i.to || i.to <= LATEST_OVERNIGHT_END, {
    message: CALENDAR_MESSAGES.overnightEnd,
    path: ['to'],
  });
export type SpecialInterval = z.infer<typeof SpecialInterval>;

/** Minutes from the date's midnight: an interval past midnight ends after 24 × 60. */
export const intervalMinutes = (i: SpecialInterval): [from: number, to: number] => {
  const minutes = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3));
  const from = minutes(i.from);
  const to = minutes(i.to);
  return [from, to > from ? to : to + 24 * 60];
};

const daysBetween = (first: string, last: string) => (Date.parse(last) - Date.parse(first)) / 86_400_000;

export const CalendarExceptionInput = z
  .strictObject({
    /** First date it applies to, in the authority's time zone. */
    firstDay: CalendarDate,
    /** Last date it applies to (the same as firstDay for a single date). */
    lastDay: CalendarDate,
    /** The hours of each of these dates instead of the weekly ones; empty: closed. */
    hours: z.array(SpecialInterval).max(6),
    /** Why, for the admins' list (e.g. "Lange Nacht der Verwaltung"); no personal data. */
    reason: ShortText,
  })
  .refine((e) => e.firstDay <= e.lastDay, {
    message: CALENDAR_MESSAGES.lastBeforeFirst,
    path: ['lastDay'],
  })
  .refine((e) => daysBetween(e.firstDay, e.lastDay) < MAX_EXCEPTION_DAYS, {
    message: CALENDAR_MESSAGES.tooLong,
    path: ['lastDay'],
  })
  .refine(
    (e) =>
      e.hours
        .map(intervalMinutes)
        .sort((a, b) => a[0] - b[0])
        .every((i, n, all) => n === 0 || all[n - 1]![1] <= i[0]),
    // The weekly hours' message, so both translate alike.
    { message: 'opening intervals of one day must not overlap', path: ['hours'] },
  );
export type CalendarExceptionInput = z.infer<typeof CalendarExceptionInput>;
export type CalendarException = CalendarExceptionInput & { id: string; officeId: string };

/** A day of the year "MM-DD"; 02-29 counts in leap years only. */
export const MonthDay = z
  .string()
  .regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, 'expected MM-DD')
  .refine((md) => {
    const [month, day] = md.split('-').map(Number) as [number, number];
    // In a leap year, so 02-29 exists; a day the month lacks (04-31) rolls over into the next month.
    return new Date(Date.UTC(2024, month - 1, day)).getUTCDate() === day;
  }, CALENDAR_MESSAGES.noSuchDay);

export const LocalHolidayInput = z.strictObject({
  /** The day it falls on every year, e.g. "08-08" for Augsburg's Friedensfest. */
  monthDay: MonthDay,
  /** Its name, e.g. "Augsburger Hohes Friedensfest". */
  name: ShortText,
  /** The one office it closes; null: every office of the authority. */
  officeId: Id.nullable(),
});
export type LocalHolidayInput = z.infer<typeof LocalHolidayInput>;
export type LocalHoliday = LocalHolidayInput & { id: string };
