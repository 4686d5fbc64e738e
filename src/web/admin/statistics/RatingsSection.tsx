import { useTranslation } from 'react-i18next';
import type { RatingStatistics } from '../../../shared/statistics';
import { DataTable } from '../../components/DataTable';
import { BarChart } from './BarChart';
import { cellText } from './labels';

/** How citizens rated their consultations: a bar per number of stars, the table, and the mean. */
export function RatingsSection({ ratings, minCases }: { ratings: RatingStatistics; minCases: number }) {
  const { t } = useTranslation();
  const rows = ratings.stars.map((value, i) => ({
    key: String(i + 1),
    label: t('statistics.ratings.stars', { count: i + 1 }),
    value,
  }));
  return (
    <section className="stack" aria-labelledby="statistics-ratings">
      <h2 id="statistics-ratings" className="kern-heading-medium">
        {t('statistics.ratings.title')}
      </h2>
      {ratings.available ? (
        <>
          <BarChart
            title={t('statistics.ratings.chart')}
            summary={
              ratings.mean === null
                ? t('statistics.ratings.noMean', { total: cellText(ratings.total, minCases) })
                : t('statistics.ratings.mean', { mean: ratings.mean, total: ratings.total })
            }
            bars={rows}
            valueText={(value) => cellText(value, minCases)}
          />
          <DataTable
            caption={t('statistics.ratings.chart')}
            columns={[
              { header: t('statistics.ratings.rating'), cell: (row) => row.label },
              {
                header: t('statistics.ratings.count'),
                numeric: true,
                cell: (row) => cellText(row.value, minCases),
              },
            ]}
            rows={rows}
            rowKey={(row) => row.key}
          />
        </>
      ) : (
        <p className="kern-body">{t('statistics.ratings.byService')}</p>
      )}
    </section>
  );
}
