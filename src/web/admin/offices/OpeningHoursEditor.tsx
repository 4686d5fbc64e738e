import { useTranslation } from 'react-i18next';
import { type OpeningInterval, WEEKDAYS, type Weekday } from '../../../shared/admin';
import type { FieldErrors } from '../../lib/validation';
import { DayHoursEditor } from './DayHoursEditor';

interface OpeningHoursEditorProps {
  formId: string;
  hours: Record<Weekday, OpeningInterval[]>;
  errors: FieldErrors;
  onChange(hours: Record<Weekday, OpeningInterval[]>): void;
  /** Defaults: the office texts ("Öffnungszeiten"). */
  legend?: string;
  hint?: string;
}

export function OpeningHoursEditor({
  formId,
  hours,
  errors,
  onChange,
  legend,
  hint,
}: OpeningHoursEditorProps) {
  const { t } = useTranslation();
  const hintId = `${formId}-opening-hours-hint`;
  return (
    <fieldset className="kern-fieldset" aria-describedby={hintId}>
      <legend className="kern-label">{legend ?? t('offices.hours.legend')}</legend>
      <div className="kern-hint" id={hintId}>
        {hint ?? t('offices.hours.hint')}
      </div>
      <div className="kern-fieldset__body form-grid">
        {errors.openingHours ? <p className="kern-error">{errors.openingHours}</p> : null}
        {WEEKDAYS.map((day) => (
          <DayHoursEditor
            key={day}
            formId={formId}
            day={day}
            intervals={hours[day]}
            errors={errors}
            onChange={(intervals) => onChange({ ...hours, [day]: intervals })}
          />
        ))}
      </div>
    </fieldset>
  );
}
