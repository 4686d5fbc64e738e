import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type FollowUpSettings, FollowUpUpdate } from '../../../shared/clerk-states';
import { clerkStateApi } from '../../api/clerk-states';
import { Button } from '../../components/Button';
import { FormAlert } from '../../components/FormAlert';
import { TextField } from '../../components/TextField';
import { useFormSubmit } from '../../hooks/useFormSubmit';
import { toNumber } from '../services/draft';
import { LoadedSettingsSection } from './LoadedSettingsSection';

/** Settings page part: the follow-up time after each call, for the authority and office by office. */
export function FollowUpSection({ onStatus }: { onStatus(message: string): void }) {
  const { t } = useTranslation();
  return (
    <LoadedSettingsSection
      id="follow-up"
      title={t('adminFollowUp.title')}
      intro={t('adminFollowUp.intro')}
      load={clerkStateApi.followUp}
    >
      {(settings) => <FollowUpForm settings={settings} onSaved={() => onStatus(t('adminFollowUp.saved'))} />}
    </LoadedSettingsSection>
  );
}

function FollowUpForm({ settings, onSaved }: { settings: FollowUpSettings; onSaved(): void }) {
  const { t } = useTranslation();
  const form = useFormSubmit();
  const [minutes, setMinutes] = useState(String(settings.minutes));
  // Per office: its own minutes, or '' for the authority's.
  const [own, setOwn] = useState(
    () => new Map(settings.offices.map((office) => [office.officeId, office.minutes?.toString() ?? ''])),
  );

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const value = {
      minutes: toNumber(minutes),
      offices: [...own].map(([officeId, text]) => ({
        officeId,
        minutes: text.trim() === '' ? null : toNumber(text),
      })),
    };
    await form.submit(FollowUpUpdate, value, async (input) => {
      await clerkStateApi.updateFollowUp(input);
      onSaved();
    });
  }

  return (
    <form className="stack" noValidate onSubmit={onSubmit} aria-label={t('adminFollowUp.formLabel')}>
      <FormAlert message={form.problem} />
      <TextField
        id="follow-up-minutes"
        label={t('adminFollowUp.minutes')}
        hint={t('adminFollowUp.minutesHint')}
        type="number"
        inputMode="numeric"
        min={0}
        max={60}
        value={minutes}
        onChange={setMinutes}
        error={form.errors.minutes}
      />
      {settings.offices.length > 0 ? (
        <fieldset className="kern-fieldset">
          <legend className="kern-label">{t('adminFollowUp.offices')}</legend>
          <div className="kern-fieldset__body form-grid">
            {settings.offices.map((office, index) => (
              <TextField
                key={office.officeId}
                id={`follow-up-office-${office.officeId}`}
                label={t('adminFollowUp.officeMinutes', { office: office.name })}
                hint={t('adminFollowUp.officeHint')}
                optional
                type="number"
                inputMode="numeric"
                min={0}
                max={60}
                value={own.get(office.officeId) ?? ''}
                onChange={(text) => setOwn((before) => new Map(before).set(office.officeId, text))}
                error={form.errors[`offices.${index}.minutes`]}
              />
            ))}
          </div>
        </fieldset>
      ) : null}
      <div>
        <Button type="submit" disabled={form.busy}>
          {t('common.save')}
        </Button>
      </div>
    </form>
  );
}
