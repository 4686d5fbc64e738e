import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EnterRequest } from '../../shared/visits';
import { citizenApi } from '../api/citizen';
import { ApiProblem } from '../api/client';
import { Button } from '../components/Button';
import { FormAlert } from '../components/FormAlert';
import { TextAreaField } from '../components/TextAreaField';
import { TextField } from '../components/TextField';
import { useFormSubmit } from '../hooks/useFormSubmit';
import { ProofOfWorkStatus } from '../proof-of-work/ProofOfWorkStatus';
import { useProofOfWork } from '../proof-of-work/useProofOfWork';
import { formatInstant } from './format';

/** The same rules the server checks, before anything is sent. */
const EnterForm = EnterRequest.pick({ displayName: true, concern: true });

interface EnterFormProps {
  tenantSlug: string;
  officeSlug: string;
  timeZone: string;
  audioOnly: boolean;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  onBack(): void;
  onEntered(visitToken: string): void;
}

/** First name or pseudonym, an optional concern, and a privacy note; then into the waiting room. */
export function EnterFormStep(props: EnterFormProps) {
  const { tenantSlug, officeSlug, timeZone, audioOnly, headingRef, onBack, onEntered } = props;
  const { t, i18n } = useTranslation();
  const form = useFormSubmit();
  const [displayName, setDisplayName] = useState('');
  const [concern, setConcern] = useState('');
  const proof = useProofOfWork(citizenApi.entryChallengePath(tenantSlug, officeSlug));

  function explain(error: unknown): string | undefined {
    if (!(error instanceof ApiProblem) || error.status !== 409) return undefined;
    const { reason, nextOpening } = error.extensions;
    if (reason === 'full') return t('citizen.enter.full');
    if (reason === 'client-limit') return t('citizen.enter.clientLimit');
    if (reason === 'closed') {
      return typeof nextOpening === 'string'
        ? t('citizen.enter.closedUntil', {
            when: formatInstant(nextOpening, timeZone, i18n.resolvedLanguage ?? 'de'),
          })
        : t('citizen.enter.closed');
    }
    return undefined;
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    await form.submit(
      EnterForm,
      { displayName, concern },
      async (input) => {
        const { visitToken } = await proof.withProof((headers) =>
          citizenApi.enter(tenantSlug, officeSlug, { ...input, audioOnly }, headers),
        );
        onEntered(visitToken);
      },
      explain,
    );
  }

  return (
    <section className="stack" aria-labelledby="enter-heading">
      <h2 id="enter-heading" ref={headingRef} tabIndex={-1} className="kern-heading-medium">
        {t('citizen.enter.title')}
      </h2>
      <form className="stack enter-form" noValidate onSubmit={onSubmit}>
        <FormAlert message={form.problem} />
        <TextField
          id="enter-displayName"
          label={t('citizen.enter.displayName')}
          hint={t('citizen.enter.displayNameHint')}
          autoComplete="given-name"
          maxLength={60}
          value={displayName}
          onChange={setDisplayName}
          error={form.errors.displayName}
        />
        <TextAreaField
          id="enter-concern"
          label={t('citizen.enter.concern')}
          hint={t('citizen.enter.concernHint')}
          optional
          rows={3}
          value={concern}
          onChange={setConcern}
          error={form.errors.concern}
        />
        <div className="kern-alert kern-alert--info">
          <div className="kern-alert__header">
            <span className="kern-icon kern-icon--info" aria-hidden="true" />
            <span className="kern-title">{t('citizen.enter.privacyTitle')}</span>
          </div>
          <div className="kern-alert__body">
            <p className="kern-body">{t('citizen.enter.privacy')}</p>
          </div>
        </div>
        {audioOnly ? <p className="kern-body">{t('citizen.enter.audioOnlyNote')}</p> : null}
        <ProofOfWorkStatus proof={proof} />
        <div className="button-row">
          <Button type="submit" disabled={form.busy}>
            {t('citizen.enter.submit')}
          </Button>
          <Button variant="secondary" onClick={onBack}>
            {t('citizen.enter.back')}
          </Button>
        </div>
      </form>
    </section>
  );
}
