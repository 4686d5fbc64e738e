/**
 * Calendar arithmetic in the authority's time zone with Intl alone: days are "YYYY-MM-DD" keys,
 * instants are ISO strings as the API sends them.
 */

import { dateTimeFormat } from '../lib/dateTimeFormat';

const locale = (language: string) => (language === 'en' ? 'en-GB' : 'de-DE');

const partsFormat = new Map<string, Intl.DateTimeFormat>();
function zonedParts(epochMs: number, timeZone: string) {
  let format = partsFormat.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    partsFormat.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(epochMs)).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}`,
    second: Number(parts.second),
  };
}

/** The calendar day of an instant in the time zone, e.g. "2026-12-02". */
export function dayKey(iso: string, timeZone: string): string {
  return zonedParts(Date.parse(iso), timeZone).date;
}

/** Date and wall-clock time of an instant in the time zone, as date and time inputs take them. */
export function zonedDateTime(iso: string, timeZone: string): { date: string; time: string } {
  const { date, time } = zonedParts(Date.parse(iso), timeZone);
  return { date, time };
}

/** The day n days after a day key. */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The instant of a wall-clock time on a day in the time zone (the earlier one when the clock repeats). */
export function zonedInstant(day: string, time: string, timeZone: string): string {
  const wall = Date.parse(`${day}T${time}:00Z`);
  const offset = (epoch: number) => {
    const p = zonedParts(epoch, timeZone);
    return Date.parse(`${p.date}T${p.time}:${String(p.second).padStart(2, '0')}Z`) - epoch;
  };
  let guess = wall - offset(wall);
  guess = wall - offset(guess);
  return new Date(guess).toISOString();
}

/** "Mittwoch, 2. Dezember 2026" for a day key. */
export function formatDay(day: string, language: string): string {
  return dateTimeFormat(locale(language), {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${day}T12:00:00Z`));
}

/** "Mittwoch, 2. Dezember" for a day key: the form on day buttons. */
export function formatDayShort(day: string, language: string): string {
  return dateTimeFormat(locale(language), {
    timeZone: 'UTC',
    weekday: 'long',
    day: 'numeric',
    month: 'long',
  }).format(new Date(`${day}T12:00:00Z`));
}

/** "Mittwoch, 2. Dezember 2026, 10:00" in the time zone. */
export function formatDateTime(iso: string, timeZone: string, language: string): string {
  return dateTimeFormat(locale(language), {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso));
}

/** Slots grouped by their day in the time zone, both in time order. */
export function groupByDay<S extends { start: string }>(slots: S[], timeZone: string) {
  const days = new Map<string, S[]>();
  for (const slot of [...slots].sort((a, b) => Date.parse(a.start) - Date.parse(b.start))) {
    const key = dayKey(slot.start, timeZone);
    days.set(key, [...(days.get(key) ?? []), slot]);
  }
  return [...days].map(([day, daySlots]) => ({ day, slots: daySlots }));
}
