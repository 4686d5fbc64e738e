import { useTranslation } from 'react-i18next';
import type { Durations, StatisticsDimension, StatisticsRow } from '../../../shared/statistics';
import { type Column, DataTable } from '../../components/DataTable';
import { BarChart } from './BarChart';
import { cellText, rowLabel } from './labels';

interface DimensionSectionProps {
  dimension: StatisticsDimension;
  rows: StatisticsRow[];
  minCases: number;
}

/** The counts a grouping's table shows (the others are in the overview and the downloads). */
const COUNTS = [
  'cases',
  'walkIns',
  'appointments',
  'served',
  'leftWaiting',
  'leftInCall',
  'missed',
  'noShows',
] as const;
const TIMES = ['median', 'p90', 'max'] as const;

/** The row with the largest value of `value`, among those shown. */
function largest(rows: { label: string; value: number | null }[]) {
  return rows.reduce<{ label: string; value: number } | null>(
    (best, row) =>
      row.value !== null && (!best || row.value > best.value) ? { label: row.label, value: row.value } : best,
    null,
  );
}

/**
 * One grouping (offices, services, weekdays, hours, weeks, months, kinds): how many came and how long
 * they waited, each as a bar chart with its summary followed by the table of its figures.
 */
export function DimensionSection({ dimension, rows, minCases }: DimensionSectionProps) {
  const { t, i18n } = useTranslation();
  const labelled = rows.map((row) => ({ row, label: rowLabel(dimension, row, t, i18n.language) }));
  const title = t(`statistics.dimensions.${dimension}`);
  const hidden = rows.filter((row) => row.counts.cases === null).length;
  const busiest = largest(labelled.map(({ row, label }) => ({ label, value: row.counts.cases })));
  const slowest = largest(labelled.map(({ row, label }) => ({ label, value: row.wait.median })));
  const hiddenText = hidden > 0 ? ` ${t('statistics.summary.hidden', { count: hidden, min: minCases })}` : '';
  const times = (value: Durations, key: (typeof TIMES)[number]) =>
    value.cases === 0 ? '–' : cellText(value[key], minCases);

  type Labelled = (typeof labelled)[number];
  const header: Column<Labelled> = {
    header: t(`statistics.headers.${dimension}`),
    cell: ({ label }) => label,
  };
  const countColumns: Column<Labelled>[] = [
    header,
    ...COUNTS.map((key) => ({
      header: t(`statistics.counts.${key}`),
      numeric: true,
      cell: ({ row }: Labelled) => cellText(row.counts[key], minCases),
    })),
  ];
  const timeColumns: Column<Labelled>[] = [
    header,
    ...(['wait', 'talk'] as const).flatMap((measure) =>
      TIMES.map((key) => ({
        header: t(`statistics.times.${measure}.${key}`),
        numeric: true,
        cell: ({ row }: Labelled) => times(row[measure], key),
      })),
    ),
  ];
  const rowKey = ({ row }: Labelled) => row.key || 'none';

  return (
    <section className="stack statistics-section" aria-labelledby={`statistics-${dimension}`}>
      <h2 id={`statistics-${dimension}`} className="kern-heading-medium">
        {t('statistics.byDimension', { dimension: title })}
      </h2>
      <BarChart
        title={t('statistics.charts.cases', { dimension: title })}
        summary={
          busiest
            ? `${t('statistics.summary.busiest', { label: busiest.label, count: busiest.value })}${hiddenText}`
            : t('statistics.summary.none')
        }
        bars={labelled.map(({ row, label }) => ({ key: row.key, label, value: row.counts.cases }))}
        valueText={(value) => cellText(value, minCases)}
      />
      <DataTable
        wide
        caption={t('statistics.tables.counts', { dimension: title })}
        columns={countColumns}
        rows={labelled}
        rowKey={rowKey}
      />
      <BarChart
        title={t('statistics.charts.wait', { dimension: title })}
        summary={
          slowest
            ? t('statistics.summary.slowest', { label: slowest.label, minutes: slowest.value })
            : t('statistics.summary.noTimes')
        }
        bars={labelled.map(({ row, label }) => ({ key: row.key, label, value: row.wait.median }))}
        valueText={(value) => (value === null ? '–' : t('statistics.minutes', { count: value }))}
      />
      <DataTable
        wide
        caption={t('statistics.tables.times', { dimension: title })}
        columns={timeColumns}
        rows={labelled}
        rowKey={rowKey}
      />
    </section>
  );
}
