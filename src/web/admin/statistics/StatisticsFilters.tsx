import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Statistics } from '../../../shared/statistics';
import type { StatisticsFilter } from '../../api/statistics';
import { Button } from '../../components/Button';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';

interface StatisticsFiltersProps {
  /** What the figures shown were computed for (fills the form). */
  statistics: Statistics;
  busy: boolean;
  onApply(filter: StatisticsFilter): void;
}

/** Period, office and service of the figures; applied together with one button. */
export function StatisticsFilters({ statistics, busy, onApply }: StatisticsFiltersProps) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Required<StatisticsFilter>>({
    from: '',
    to: '',
    officeId: '',
    serviceId: '',
  });
  const { filter } = statistics;
  useEffect(() => {
    setDraft({
      from: filter.from,
      to: filter.to,
      officeId: filter.officeId ?? '',
      serviceId: filter.serviceId ?? '',
    });
  }, [filter.from, filter.to, filter.officeId, filter.serviceId]);
  const set = (key: keyof StatisticsFilter) => (value: string) =>
    setDraft((before) => ({ ...before, [key]: value }));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onApply(draft);
  };
  return (
    <form className="statistics-filters" aria-label={t('statistics.filters')} onSubmit={onSubmit}>
      <TextField
        id="statistics-from"
        label={t('statistics.from')}
        type="date"
        value={draft.from}
        onChange={set('from')}
      />
      <TextField
        id="statistics-to"
        label={t('statistics.to')}
        type="date"
        value={draft.to}
        onChange={set('to')}
      />
      {(
        [
          ['officeId', 'office', statistics.offices],
          ['serviceId', 'service', statistics.services],
        ] as const
      ).map(([key, name, choices]) => (
        <SelectField
          key={key}
          id={`statistics-${name}`}
          label={t(`statistics.${name}`)}
          value={draft[key]}
          options={[
            { value: '', label: t(`statistics.all.${name}`) },
            ...choices.map((choice) => ({ value: choice.id, label: choice.name })),
          ]}
          onChange={set(key)}
        />
      ))}
      <div>
        <Button type="submit" disabled={busy}>
          {t('statistics.apply')}
        </Button>
      </div>
    </form>
  );
}
