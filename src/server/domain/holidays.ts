import Holidays from 'date-holidays';
import type { GermanState } from '../../shared/admin';

const cache = new Map<string, Set<string>>();

/** Public holidays ("YYYY-MM-DD") of one German state in one year, as date-holidays knows them. */
export function publicHolidays(state: GermanState, year: number): Set<string> {
  const key = `${state}:${year}`;
  let days = cache.get(key);
  if (!days) {
    const calendar = new Holidays('DE', state);
    days = new Set(
      calendar
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    cache.set(key, days);
  }
  return days;
}

export const isPublicHoliday = (state: GermanState, isoDate: string) =>
  publicHolidays(state, Number(isoDate.slice(0, 4))).has(isoDate);
