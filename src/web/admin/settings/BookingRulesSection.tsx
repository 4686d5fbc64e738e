import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BookingRules } from '../../../shared/booking-rules';
import { bookingRulesApi } from '../../api/booking-rules';
import { Button } from '../../components/Button';
import { FormAlert } from '../../components/FormAlert';
import { TextField } from '../../components/TextField';
import { useFormSubmit } from '../../hooks/useFormSubmit';
import { toNumber } from '../services/draft';
import { LoadedSettingsSection } from './LoadedSettingsSection';

const FIELDS = [
  { key: 'holdMinutes', min: 5, max: 1440 },
  { key: 'openPerEmail', min: 1, max: 100 },
  { key: 'releaseMinutes', min: 0, max: 1440 },
] as const;

/** Settings page part: hold time, open appointments per address and release delay of internet bookings. */
export function BookingRulesSection({
  canWrite,
  onStatus,
}: {
  canWrite: boolean;
  onStatus(message: string): void;
}) {
  const { t } = useTranslation();
  return (
    <LoadedSettingsSection
      id="booking-rules"
      title={t('adminBookingRules.title')}
      intro={t('adminBookingRules.intro')}
      load={bookingRulesApi.get}
    >
      {(rules) => (
        <BookingRulesForm
          rules={rules}
          readOnly={!canWrite}
          onSaved={() => onStatus(t('adminBookingRules.saved'))}
        />
      )}
    </LoadedSettingsSection>
  );
}

function BookingRulesForm({
  rules,
  readOnly,
  onSaved,
}: {
  rules: BookingRules;
  readOnly: boolean;
  onSaved(saved: BookingRules): void;
}) {
  const { t } = useTranslation();
  const form = useFormSubmit();
  const [draft, setDraft] = useState(() => ({
    holdMinutes: String(rules.holdMinutes),
    openPerEmail: String(rules.openPerEmail),
    releaseMinutes: String(rules.releaseMinutes),
  }));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const value = {
      holdMinutes: toNumber(draft.holdMinutes),
      openPerEmail: toNumber(draft.openPerEmail),
      releaseMinutes: toNumber(draft.releaseMinutes),
    };
    await form.submit(BookingRules, value, async (input) => onSaved(await bookingRulesApi.update(input)));
  }

  return (
    <form className="stack" noValidate onSubmit={onSubmit} aria-label={t('adminBookingRules.formLabel')}>
      <FormAlert message={form.problem} />
      <div className="form-grid">
        {FIELDS.map(({ key, min, max }) => (
          <TextField
            key={key}
            id={`booking-rules-${key}`}
            label={t(`adminBookingRules.${key}`)}
            hint={t(`adminBookingRules.${key}Hint`)}
            type="number"
            inputMode="numeric"
            min={min}
            max={max}
            readOnly={readOnly}
            value={draft[key]}
            onChange={(value) => setDraft((old) => ({ ...old, [key]: value }))}
            error={form.errors[key]}
          />
        ))}
      </div>
      {readOnly ? null : (
        <div>
          <Button type="submit" disabled={form.busy}>
            {t('common.save')}
          </Button>
        </div>
      )}
    </form>
  );
}
