import type { TFunction } from 'i18next';
import type { StatisticsDimension, StatisticsRow } from '../../../shared/statistics';
import { dateTimeFormat } from '../../lib/dateTimeFormat';

const localeOf = (language: string) => (language === 'en' ? 'en-GB' : 'de-DE');

/** A calendar date "YYYY-MM-DD" as a Date at UTC midnight, to format without any time zone shifting it. */
const utcDate = (day: string) => new Date(`${day}T00:00:00Z`);

/** ISO week number of a Monday "YYYY-MM-DD" (the week with the year's first Thursday is week 1). */
function isoWeek(monday: string) {
  const thursday = utcDate(monday);
  thursday.setUTCDate(thursday.getUTCDate() + 3);
  const firstThursday = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 4));
  firstThursday.setUTCDate(firstThursday.getUTCDate() - ((firstThursday.getUTCDay() + 6) % 7) + 3);
  return {
    week: 1 + Math.round((thursday.getTime() - firstThursday.getTime()) / 604_800_000),
    year: thursday.getUTCFullYear(),
  };
}

/** A calendar date in the reader's language, e.g. "28.09.2026". */
export const formatDay = (day: string, language: string) =>
  dateTimeFormat(localeOf(language), { dateStyle: 'medium', timeZone: 'UTC' }).format(utcDate(day));

/** How a row of a grouping is named on the page: names as they are, weekdays, hours, weeks, months. */
export function rowLabel(dimension: StatisticsDimension, row: StatisticsRow, t: TFunction, language: string) {
  const locale = localeOf(language);
  switch (dimension) {
    case 'office':
      return row.label;
    case 'service':
      return row.key === '' ? t('statistics.noService') : row.label || t('statistics.unknownService');
    case 'weekday':
      // 1 January 2024 was a Monday: the key's day of that week, named in the reader's language.
      return dateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(
        new Date(Date.UTC(2024, 0, Number(row.key))),
      );
    case 'hour':
      return t('statistics.hourLabel', {
        from: String(Number(row.key)).padStart(2, '0'),
        to: String(Number(row.key) + 1).padStart(2, '0'),
      });
    case 'week': {
      const { week, year } = isoWeek(row.key);
      return t('statistics.weekLabel', { week, year, monday: formatDay(row.key, language) });
    }
    case 'month':
      return dateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(
        utcDate(`${row.key}-01`),
      );
    case 'kind':
      return t(`statistics.kinds.${row.key}`);
  }
}

/** A figure as shown: the number, or "< 5" where it counts too few cases to show. */
export const cellText = (value: number | null, minCases: number) =>
  value === null ? `< ${minCases}` : String(value);
