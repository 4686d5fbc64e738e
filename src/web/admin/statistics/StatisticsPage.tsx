import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { STATISTICS_DIMENSIONS, type Statistics } from '../../../shared/statistics';
import { type StatisticsFilter, statisticsApi } from '../../api/statistics';
import { useLoad } from '../../hooks/useLoad';
import { problemMessage } from '../../lib/problemMessage';
import { AdminPage } from '../AdminPage';
import { CapacitySection } from './CapacitySection';
import { DimensionSection } from './DimensionSection';
import { KeyFigures } from './KeyFigures';
import { OutcomesSection } from './OutcomesSection';
import { RatingsSection } from './RatingsSection';
import { StatisticsFilters } from './StatisticsFilters';
import './statistics.css';

const FILTER_KEYS = ['from', 'to', 'officeId', 'serviceId'] as const;

/** The filter of the figures shown, for the export links. */
const shownFilter = ({ filter }: Statistics): StatisticsFilter => ({
  from: filter.from,
  to: filter.to,
  ...(filter.officeId ? { officeId: filter.officeId } : {}),
  ...(filter.serviceId ? { serviceId: filter.serviceId } : {}),
});

/**
 * /admin/statistics: the authority's figures for leads, admins and the reporting role. The filter
 * lives in the address (a link shows the same figures); without one the last four weeks.
 */
export function StatisticsPage() {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  // The address a filter was applied for: the router applies it a render later than this state, and
  // until then the old figures would count as current and "updated" be announced too early.
  const [applied, setApplied] = useState<string | null>(null);
  const search = params.toString();
  const filter = useMemo(() => {
    const query = new URLSearchParams(search);
    return Object.fromEntries(
      FILTER_KEYS.flatMap((key) => (query.get(key) ? [[key, query.get(key)!]] : [])),
    ) as StatisticsFilter;
  }, [search]);
  const load = useCallback(() => statisticsApi.load(filter), [filter]);
  const { data: statistics, error } = useLoad(load);
  // Whether the figures shown are those of the address (a new filter is loading otherwise).
  const current =
    statistics !== undefined &&
    (!filter.from || statistics.filter.from === filter.from) &&
    (!filter.to || statistics.filter.to === filter.to) &&
    (filter.officeId ?? null) === statistics.filter.officeId &&
    (filter.serviceId ?? null) === statistics.filter.serviceId;

  return (
    <AdminPage
      section="statistics"
      canWrite
      status={applied === search && current ? t('statistics.updated') : null}
      problem={error ? problemMessage(error, t) : null}
    >
      {statistics ? (
        <>
          <StatisticsFilters
            statistics={statistics}
            busy={!current}
            onApply={(next) => {
              const query = new URLSearchParams(
                Object.fromEntries(
                  Object.entries(next).filter((entry): entry is [string, string] => !!entry[1]),
                ),
              );
              setApplied(query.toString());
              setParams(query);
            }}
          />
          <p className="kern-body">
            {t('statistics.note', { timeZone: statistics.timeZone, min: statistics.minCases })}
          </p>
          <p className="kern-body statistics-exports">
            <a
              className="kern-link"
              href={statisticsApi.exportUrl('csv', shownFilter(statistics), i18n.language)}
              download
            >
              {t('statistics.exportCsv')}
            </a>
            <a
              className="kern-link"
              href={statisticsApi.exportUrl('xlsx', shownFilter(statistics), i18n.language)}
              download
            >
              {t('statistics.exportXlsx')}
            </a>
          </p>
          <KeyFigures statistics={statistics} />
          {STATISTICS_DIMENSIONS.map((dimension) => (
            <DimensionSection
              key={dimension}
              dimension={dimension}
              rows={statistics.dimensions[dimension]}
              minCases={statistics.minCases}
            />
          ))}
          <OutcomesSection rows={statistics.dimensions.service} minCases={statistics.minCases} />
          <RatingsSection ratings={statistics.ratings} minCases={statistics.minCases} />
          <CapacitySection rows={statistics.capacity} minCases={statistics.minCases} />
        </>
      ) : error ? null : (
        <p className="kern-body">{t('common.loading')}</p>
      )}
    </AdminPage>
  );
}
