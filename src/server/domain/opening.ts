import { Temporal } from 'temporal-polyfill';
import { type GermanState, type OpeningHours, WEEKDAYS } from '../../shared/admin';
import { intervalMinutes, type SpecialInterval } from '../../shared/calendar';
import { isPublicHoliday } from './holidays';
import { type DateException, exceptionOn, isLocalHoliday } from './special-days';

export interface OfficeCalendar {
  openingHours: OpeningHours;
  /** Extra closed dates "YYYY-MM-DD" besides public holidays. */
  closedDays: readonly string[];
  timeZone: string;
  holidayState: GermanState;
  /** Dates with special hours or closed (see special-days.ts); absent: none. */
  exceptions?: readonly DateException[];
  /** The authority's and the office's own holidays "MM-DD", every year, besides the state's; absent: none. */
  localHolidays?: readonly string[];
}

export interface OpenState {
  open: boolean;
  /** When the current opening interval ends (open) — null when closed. */
  closesAt: Temporal.Instant | null;
  /** Start of the next opening interval (closed) — null when open or nothing within the look-ahead. */
  nextOpening: Temporal.Instant | null;
}

/** How far ahead "opens next on …" looks; long closures (holidays + closed days) fit in it. */
const LOOK_AHEAD_DAYS = 31;

/**
 * The hours that hold on one date: a closed day first (the safer reading when an admin marked it both
 * ways), then the date's exception, which beats holidays (a special opening on a holiday is deliberate),
 * then holidays, then the week.
 */
function hoursOn(calendar: OfficeCalendar, date: Temporal.PlainDate): readonly SpecialInterval[] {
  const iso = date.toString();
  if (calendar.closedDays.includes(iso)) return [];
  const exception = exceptionOn(calendar.exceptions ?? [], iso);
  if (exception) return exception.hours;
  if (isPublicHoliday(calendar.holidayState, iso) || isLocalHoliday(calendar.localHolidays ?? [], iso))
    return [];
  return calendar.openingHours[WEEKDAYS[date.dayOfWeek - 1]!] ?? [];
}

/**
 * The opening intervals of one calendar day as instants, empty on holidays and closed days. An interval
 * past midnight belongs to the day it starts on.
 */
export function openingIntervalsOn(calendar: OfficeCalendar, date: Temporal.PlainDate) {
  // Wall-clock times: across a DST change "08:00" stays 08:00 local ('compatible' moves a time in the gap forward).
  const at = (minutes: number) =>
    date
      .add({ days: Math.floor(minutes / 1440) })
      .toPlainDateTime({ hour: Math.floor((minutes % 1440) / 60), minute: minutes % 60 })
      .toZonedDateTime(calendar.timeZone)
      .toInstant();
  return hoursOn(calendar, date)
    .map((i) => {
      const [from, to] = intervalMinutes(i);
      return { from: at(from), to: at(to) };
    })
    .sort((a, b) => Temporal.Instant.compare(a.from, b.from));
}

/** Whether the office is open at `now`, and when that changes. */
export function openState(calendar: OfficeCalendar, now: Temporal.Instant): OpenState {
  const today = now.toZonedDateTimeISO(calendar.timeZone).toPlainDate();
  // From yesterday: its opening past midnight may still run.
  for (let offset = -1; offset <= LOOK_AHEAD_DAYS; offset++) {
    for (const interval of openingIntervalsOn(calendar, today.add({ days: offset }))) {
      if (Temporal.Instant.compare(interval.to, now) <= 0) continue;
      if (Temporal.Instant.compare(interval.from, now) <= 0) {
        return { open: true, closesAt: interval.to, nextOpening: null };
      }
      return { open: false, closesAt: null, nextOpening: interval.from };
    }
  }
  return { open: false, closesAt: null, nextOpening: null };
}
