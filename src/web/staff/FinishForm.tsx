import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Outcome } from '../../shared/consultations';
import { MAX_SERVICE_COUNT } from '../../shared/finish';
import { Button } from '../components/Button';
import { FormAlert } from '../components/FormAlert';
import { StatusMessage } from '../components/StatusMessage';
import { TextField } from '../components/TextField';
import { problemMessage } from '../lib/problemMessage';
import type { FinishDraft } from './useFinishDraft';

interface FinishFormProps {
  draft: FinishDraft;
  /** The outcome chosen in the notes above, saved with the services. */
  outcome: Outcome | null;
  /** The call is over: the form is saved on its own (during the call, ending it saves it). */
  ended: boolean;
  heading?: 'h2' | 'h3';
}

/**
 * Finishing a consultation: which of the office's services were performed and how often (2 for a
 * parent's and a child's passport), below the notes and their outcome. During the call it goes along
 * when the clerk ends the call; afterwards it is saved with its own button, as often as corrected.
 */
export function FinishForm({ draft, outcome, ended, heading: Heading = 'h2' }: FinishFormProps) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { form, counts } = draft;
  const errorOf = (value: string) =>
    draft.invalid(value) ? t('staff.finish.countError', { max: MAX_SERVICE_COUNT }) : undefined;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (Object.values(counts).some(draft.invalid)) return;
    setBusy(true);
    setProblem(null);
    setStatus(null);
    try {
      await draft.save(outcome);
      setStatus(t('staff.finish.recorded'));
    } catch (error) {
      setProblem(problemMessage(error, t));
    } finally {
      setBusy(false);
    }
  }

  const id = `finish-${ended ? 'after' : 'live'}`;
  return (
    <form
      className="stack stack--small section-card consultation-record"
      aria-labelledby={`${id}-heading`}
      onSubmit={onSubmit}
      noValidate
    >
      <Heading id={`${id}-heading`} className="kern-heading-medium">
        {t('staff.finish.title')}
      </Heading>
      <p className="kern-body">{t(ended ? 'staff.finish.introAfter' : 'staff.finish.introLive')}</p>
      <FormAlert message={problem ?? (draft.loadError ? problemMessage(draft.loadError, t) : null)} />
      {form ? (
        <>
          <fieldset className="kern-fieldset" aria-describedby={`${id}-services-hint`}>
            <legend className="kern-label">{t('staff.finish.services')}</legend>
            <p id={`${id}-services-hint`} className="kern-hint">
              {t('staff.finish.servicesHint')}
            </p>
            <div className="kern-fieldset__body finish-form__services">
              {form.services.length === 0 ? (
                <p className="kern-body">{t('staff.finish.noServices')}</p>
              ) : (
                form.services.map((service) => (
                  <TextField
                    key={service.id}
                    id={`${id}-count-${service.id}`}
                    label={service.name}
                    optional
                    type="number"
                    inputMode="numeric"
                    min={0}
                    max={MAX_SERVICE_COUNT}
                    value={counts[service.id] ?? ''}
                    error={errorOf(counts[service.id] ?? '')}
                    onChange={(value) => draft.setCount(service.id, value)}
                  />
                ))
              )}
            </div>
          </fieldset>
          {ended ? (
            <div>
              <Button type="submit" variant="secondary" disabled={busy}>
                {t('staff.finish.save')}
              </Button>
            </div>
          ) : null}
          <StatusMessage message={status} />
        </>
      ) : draft.loadError ? null : (
        <p className="kern-body">{t('common.loading')}</p>
      )}
    </form>
  );
}
