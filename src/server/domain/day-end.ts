import type { Temporal } from 'temporal-polyfill';

/**
 * The last instant (23:59:59.999 local) of the calendar day `instant` falls on in `timeZone`: the day
 * ends where the next one starts, which Temporal finds also when a DST change shortens or lengthens it.
 */
export function endOfDay(instant: Temporal.Instant, timeZone: string): Temporal.Instant {
  const nextDay = instant.toZonedDateTimeISO(timeZone).toPlainDate().add({ days: 1 });
  return nextDay.toZonedDateTime(timeZone).toInstant().subtract({ milliseconds: 1 });
}
