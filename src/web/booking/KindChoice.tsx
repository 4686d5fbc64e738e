import { useTranslation } from 'react-i18next';
import type { AppointmentKind } from '../../shared/admin';
import { FieldError } from '../components/FieldError';

const KINDS: { kind: AppointmentKind; label: 'booking.words.video' | 'booking.words.onSite' }[] = [
  { kind: 'video', label: 'booking.words.video' },
  { kind: 'on_site', label: 'booking.words.onSite' },
];

/** "Videotermin" or "Termin vor Ort", for a service offered both ways; nothing chosen until the person chooses. */
export function KindChoice({
  id,
  value,
  onChange,
  error,
}: {
  id: string;
  value: AppointmentKind | '';
  onChange(kind: AppointmentKind): void;
  error: string | undefined;
}) {
  const { t } = useTranslation();
  return (
    <fieldset
      id={id}
      className={`kern-fieldset${error ? ' kern-fieldset--error' : ''}`}
      aria-describedby={error ? `${id}-error` : undefined}
    >
      <legend className="kern-label">{t('booking.kindChoice.legend')}</legend>
      <FieldError id={`${id}-error`} message={error} />
      <div className="kern-fieldset__body">
        {KINDS.map(({ kind, label }, index) => (
          <div className="kern-form-check" key={kind}>
            <input
              id={`${id}-${kind}`}
              type="radio"
              name={id}
              value={kind}
              className="kern-form-check__radio"
              checked={value === kind}
              // The form focuses the first invalid field: the first radio stands for the group.
              aria-invalid={error && index === 0 ? true : undefined}
              onChange={() => onChange(kind)}
            />
            <label className="kern-label" htmlFor={`${id}-${kind}`}>
              {t(label)}
            </label>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
