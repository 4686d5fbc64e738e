import { useTranslation } from 'react-i18next';
import type { OpeningInterval, Weekday } from '../../../shared/admin';
import { Button } from '../../components/Button';
import { TextField } from '../../components/TextField';
import { type FieldErrors, fieldId } from '../../lib/validation';

interface DayHoursEditorProps {
  formId: string;
  day: Weekday;
  intervals: OpeningInterval[];
  errors: FieldErrors;
  onChange(intervals: OpeningInterval[]): void;
}

/** One weekday: zero or more opening intervals, e.g. 08:00–12:00 and 14:00–18:00. */
export function DayHoursEditor({ formId, day, intervals, errors, onChange }: DayHoursEditorProps) {
  const { t } = useTranslation();
  const path = `openingHours.${day}`;
  const dayName = t(`weekdays.${day}`);
  const update = (index: number, change: Partial<OpeningInterval>) =>
    onChange(intervals.map((old, i) => (i === index ? { ...old, ...change } : old)));
  const last = intervals[intervals.length - 1];
  // A sensible proposal: mornings first, then an afternoon block; anything later is typed in.
  const next = !last
    ? { from: '08:00', to: '12:00' }
    : last.to <= '13:00'
      ? { from: '13:00', to: '16:00' }
      : { from: '', to: '' };

  return (
    <fieldset className="kern-fieldset editor-item">
      <legend className="kern-label">{dayName}</legend>
      <div className="kern-fieldset__body stack stack--small">
        {errors[path] ? <p className="kern-error">{errors[path]}</p> : null}
        {intervals.length === 0 ? <p className="kern-body">{t('offices.hours.closed')}</p> : null}
        {intervals.map((interval, index) => {
          const label = t('offices.hours.interval', { day: dayName, number: index + 1 });
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: intervals are edited by position
            <fieldset className="row interval" key={index}>
              <legend className="kern-sr-only">{label}</legend>
              <TextField
                id={fieldId(formId, `${path}.${index}.from`)}
                label={t('offices.hours.from')}
                type="time"
                value={interval.from}
                onChange={(from) => update(index, { from })}
                error={errors[`${path}.${index}.from`]}
              />
              <TextField
                id={fieldId(formId, `${path}.${index}.to`)}
                label={t('offices.hours.to')}
                type="time"
                value={interval.to}
                onChange={(to) => update(index, { to })}
                error={errors[`${path}.${index}.to`] ?? errors[`${path}.${index}`]}
              />
              <Button
                variant="tertiary"
                onClick={() => onChange(intervals.filter((_, i) => i !== index))}
                aria-label={t('common.removeNamed', { name: label })}
              >
                {t('common.remove')}
              </Button>
            </fieldset>
          );
        })}
        <div>
          <Button
            variant="secondary"
            small
            onClick={() => onChange([...intervals, next])}
            aria-label={t('offices.hours.addFor', { day: dayName })}
          >
            {t('offices.hours.add')}
          </Button>
        </div>
      </div>
    </fieldset>
  );
}
