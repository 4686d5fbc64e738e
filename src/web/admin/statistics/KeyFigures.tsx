import { useTranslation } from 'react-i18next';
import { COUNT_KEYS, OUTCOME_KEYS, type Statistics } from '../../../shared/statistics';
import { cellText, formatDay } from './labels';

/** The period's figures in all: a sentence to read first, then every count, time and outcome. */
export function KeyFigures({ statistics }: { statistics: Statistics }) {
  const { t, i18n } = useTranslation();
  const { total, minCases, filter } = statistics;
  const show = (value: number | null) => cellText(value, minCases);
  const minutes = (value: number | null) =>
    value === null ? '–' : t('statistics.minutes', { count: value });
  return (
    <section className="stack" aria-labelledby="statistics-total">
      <h2 id="statistics-total" className="kern-heading-medium">
        {t('statistics.total')}
      </h2>
      <p className="kern-body" data-testid="statistics-summary">
        {t('statistics.summary.total', {
          from: formatDay(filter.from, i18n.language),
          to: formatDay(filter.to, i18n.language),
          cases: show(total.counts.cases),
          walkIns: show(total.counts.walkIns),
          appointments: show(total.counts.appointments),
        })}{' '}
        {total.wait.median === null
          ? t('statistics.summary.noTimes')
          : t('statistics.summary.times', {
              wait: minutes(total.wait.median),
              waitP90: minutes(total.wait.p90),
              talk: minutes(total.talk.median),
            })}
      </p>
      <dl className="key-figures">
        {COUNT_KEYS.map((key) => (
          <div key={key} className="key-figures__item">
            <dt className="kern-label">{t(`statistics.counts.${key}`)}</dt>
            <dd className="kern-body" data-testid={`total-${key}`}>
              {show(total.counts[key])}
            </dd>
          </div>
        ))}
        {(['wait', 'talk'] as const).map((measure) => (
          <div key={measure} className="key-figures__item">
            <dt className="kern-label">{t(`statistics.times.${measure}.title`)}</dt>
            <dd className="kern-body" data-testid={`total-${measure}`}>
              {t('statistics.times.triple', {
                median: minutes(total[measure].median),
                p90: minutes(total[measure].p90),
                max: minutes(total[measure].max),
              })}
            </dd>
          </div>
        ))}
        {OUTCOME_KEYS.map((key) => (
          <div key={key} className="key-figures__item">
            <dt className="kern-label">{t(`statistics.outcomes.${key}`)}</dt>
            <dd className="kern-body">{show(total.outcomes[key])}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
