import type { Statistics } from '../../shared/statistics';
import { api } from './client';

/** The filters as the page's address holds them (empty values left out). */
export type StatisticsFilter = Partial<Record<'from' | 'to' | 'officeId' | 'serviceId', string>>;

const queryOf = (filter: StatisticsFilter, extra: Record<string, string> = {}) =>
  new URLSearchParams(
    Object.entries({ ...filter, ...extra }).filter((entry): entry is [string, string] => Boolean(entry[1])),
  ).toString();

/** /api/statistics: the figures, and the addresses of their CSV and XLSX downloads. */
export const statisticsApi = {
  load: (filter: StatisticsFilter) => api<Statistics>('GET', `/statistics?${queryOf(filter)}`),
  exportUrl: (kind: 'csv' | 'xlsx', filter: StatisticsFilter, lang: string) =>
    `/api/statistics/export.${kind}?${queryOf(filter, { lang })}`,
};
