import { Temporal } from 'temporal-polyfill';
import { type GermanState, type OpeningHours, WEEKDAYS } from '../../shared/admin';
import { isPublicHoliday } from './holidays';

export interface OfficeCalendar {
  openingHours: OpeningHours;
  /** Extra closed dates "YYYY-MM-DD" besides public holidays. */
  closedDays: readonly string[];
  timeZone: string;
  holidayState: GermanState;
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

/** The opening intervals of one calendar day as instants, empty on holidays and closed days. */
export function openingIntervalsOn(calendar: OfficeCalendar, date: Temporal.PlainDate) {
  const iso = date.toString();
  if (calendar.closedDays.includes(iso) || isPublicHoliday(calendar.holidayState, iso)) return [];
  const weekday = WEEKDAYS[date.dayOfWeek - 1]!;
  // Wall-clock times: across a DST change "08:00" stays 08:00 local ('compatible' moves a time in the gap forward).
  const at = (time: string) =>
    date.toPlainDateTime(Temporal.PlainTime.from(time)).toZonedDateTime(calendar.timeZone).toInstant();
  return (calendar.openingHours[weekday] ?? [])
    .map((i) => ({ from: at(i.from), to: at(i.to) }))
    .sort((a, b) => Temporal.Instant.compare(a.from, b.from));
}

/** Whether the office is open at `now`, and when that changes. */
export function openState(calendar: OfficeCalendar, now: Temporal.Instant): OpenState {
  const today = now.toZonedDateTimeISO(calendar.timeZone).toPlainDate();
  for (let offset = 0; offset <= LOOK_AHEAD_DAYS; offset++) {
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
