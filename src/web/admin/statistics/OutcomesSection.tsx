import { useTranslation } from 'react-i18next';
import { OUTCOME_KEYS, type StatisticsRow } from '../../../shared/statistics';
import { DataTable } from '../../components/DataTable';
import { cellText, rowLabel } from './labels';

/** Per service: how often it was performed and how its visits ended, as recorded on finishing. */
export function OutcomesSection({ rows, minCases }: { rows: StatisticsRow[]; minCases: number }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="stack statistics-section" aria-labelledby="statistics-outcomes">
      <h2 id="statistics-outcomes" className="kern-heading-medium">
        {t('statistics.outcomesTitle')}
      </h2>
      <p className="kern-body">{t('statistics.outcomesIntro')}</p>
      <DataTable
        wide
        caption={t('statistics.outcomesTitle')}
        columns={[
          {
            header: t('statistics.headers.service'),
            cell: (row) => rowLabel('service', row, t, i18n.language),
          },
          {
            header: t('statistics.counts.performed'),
            numeric: true,
            cell: (row) => cellText(row.counts.performed, minCases),
          },
          ...OUTCOME_KEYS.map((key) => ({
            header: t(`statistics.outcomes.${key}`),
            numeric: true,
            cell: (row: StatisticsRow) => cellText(row.outcomes[key], minCases),
          })),
        ]}
        rows={rows}
        rowKey={(row) => row.key || 'none'}
      />
    </section>
  );
}
