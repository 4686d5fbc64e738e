import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SummaryDefaults } from '../../shared/summary';
import { ApiProblem } from '../api/client';
import { consultationsApi } from '../api/consultations';
import { Button } from '../components/Button';
import { FormAlert } from '../components/FormAlert';
import { SelectField } from '../components/SelectField';
import { TextAreaField } from '../components/TextAreaField';
import { TextField } from '../components/TextField';
import { problemMessage } from '../lib/problemMessage';

interface SummaryMailFormProps {
  consultationId: string;
  /** Bumped when a protocol is issued: the summary is built from the latest one. */
  protocolVersion: number;
}

/**
 * After the protocol: the agent may mail the citizen a summary (outcome and a message, never the
 * internal notes). The address is offered from the booking when there was one.
 */
export function SummaryMailForm({ consultationId, protocolVersion }: SummaryMailFormProps) {
  const { t } = useTranslation();
  const api = useMemo(() => consultationsApi({}), []);
  const [email, setEmail] = useState('');
  const [language, setLanguage] = useState<SummaryDefaults['language']>('de');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const id = (part: string) => `summary-${consultationId}-${part}`;

  useEffect(() => {
    api.summaryDefaults(consultationId).then(
      (defaults) => {
        setEmail((current) => current || (defaults.email ?? ''));
        setLanguage(defaults.language);
      },
      () => {},
    );
  }, [api, consultationId]);

  async function send(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    setSentTo(null);
    try {
      await api.sendSummary(consultationId, { email: email.trim(), message, language });
      setSentTo(email.trim());
    } catch (error) {
      setProblem(
        error instanceof ApiProblem && error.status === 400
          ? t('summary.badEmail')
          : error instanceof ApiProblem && error.status === 502
            ? t('summary.notSent')
            : problemMessage(error, t),
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="stack stack--small"
      aria-labelledby={id('heading')}
      onSubmit={(e) => void send(e)}
      noValidate
    >
      <h3 id={id('heading')} className="kern-heading-small">
        {t('summary.title')}
      </h3>
      <p className="kern-body">{t('summary.intro', { version: protocolVersion })}</p>
      <TextField
        id={id('email')}
        type="email"
        autoComplete="off"
        label={t('summary.email')}
        value={email}
        onChange={setEmail}
      />
      <SelectField
        id={id('language')}
        label={t('summary.language')}
        value={language}
        options={[
          { value: 'de', label: 'Deutsch' },
          { value: 'en', label: 'English' },
        ]}
        onChange={(value) => setLanguage(value === 'en' ? 'en' : 'de')}
      />
      <TextAreaField
        id={id('message')}
        label={t('summary.message')}
        hint={t('summary.messageHint')}
        optional
        rows={3}
        value={message}
        onChange={setMessage}
      />
      <div>
        <Button type="submit" variant="secondary" disabled={busy || email.trim() === ''}>
          {t('summary.send')}
        </Button>
      </div>
      <FormAlert message={problem} />
      <p role="status" className="kern-body">
        {sentTo ? t('summary.sent', { email: sentTo }) : ''}
      </p>
    </form>
  );
}
