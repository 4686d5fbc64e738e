import { useTranslation } from 'react-i18next';
import type { CapacityRow } from '../../../shared/statistics';
import { DataTable } from '../../components/DataTable';
import { BarChart } from './BarChart';
import { cellText } from './labels';

/**
 * Appointment capacity offered vs booked per office and service: a bar of the share booked per row,
 * the table with all three figures, and a summary naming the fullest row.
 */
export function CapacitySection({ rows, minCases }: { rows: CapacityRow[]; minCases: number }) {
  const { t } = useTranslation();
  const labelOf = (row: CapacityRow) => `${row.officeName} – ${row.serviceName}`;
  // No share without capacity: a dash, not the "< 5" of a suppressed figure.
  const shareText = (row: CapacityRow) =>
    row.booked === null ? cellText(null, minCases) : row.share === null ? '–' : `${row.share} %`;
  const fullest = rows.filter((row) => row.share !== null).sort((a, b) => (b.share ?? 0) - (a.share ?? 0))[0];
  return (
    <section className="stack" aria-labelledby="statistics-capacity">
      <h2 id="statistics-capacity" className="kern-heading-medium">
        {t('statistics.capacity.title')}
      </h2>
      {rows.length === 0 ? (
        <p className="kern-body">{t('statistics.capacity.none')}</p>
      ) : (
        <>
          <BarChart
            title={t('statistics.capacity.chart')}
            summary={
              fullest
                ? t('statistics.capacity.summary', {
                    rows: rows.length,
                    name: labelOf(fullest),
                    share: fullest.share,
                    booked: fullest.booked,
                    offered: fullest.offered,
                  })
                : t('statistics.capacity.noShare', { rows: rows.length })
            }
            bars={rows.map((row) => ({
              key: `${row.officeId}-${row.serviceId}`,
              label: labelOf(row),
              value: row.share,
            }))}
            valueText={(value) => (value === null ? '–' : `${value} %`)}
          />
          <p className="kern-body">{t('statistics.capacity.definition')}</p>
          <DataTable
            caption={t('statistics.capacity.chart')}
            columns={[
              { header: t('statistics.capacity.office'), cell: (row) => row.officeName },
              { header: t('statistics.capacity.service'), cell: (row) => row.serviceName },
              { header: t('statistics.capacity.offered'), numeric: true, cell: (row) => String(row.offered) },
              {
                header: t('statistics.capacity.booked'),
                numeric: true,
                cell: (row) => cellText(row.booked, minCases),
              },
              { header: t('statistics.capacity.share'), numeric: true, cell: shareText },
            ]}
            rows={rows}
            rowKey={(row) => `${row.officeId}-${row.serviceId}`}
          />
        </>
      )}
    </section>
  );
}
