import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SecondFactorCode } from '../../../shared/auth';
import { ApiProblem } from '../../api/client';
import { Button } from '../../components/Button';
import { FormAlert } from '../../components/FormAlert';
import { TextField } from '../../components/TextField';
import { useFormSubmit } from '../../hooks/useFormSubmit';

function explain(error: unknown, t: TFunction) {
  if (error instanceof ApiProblem && error.status === 401) return t('login.codeWrong');
  return undefined;
}

interface SecondFactorCodeFormProps {
  id: string;
  /** Sends the code; rejects when it is wrong. */
  send(input: SecondFactorCode): Promise<void>;
  hint: string;
  submitLabel: string;
}

/** The six digits from the authenticator app (or a recovery code), as password managers and phones expect it. */
export function SecondFactorCodeForm({ id, send, hint, submitLabel }: SecondFactorCodeFormProps) {
  const { t } = useTranslation();
  const form = useFormSubmit();
  const [code, setCode] = useState('');

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const ok = await form.submit(SecondFactorCode, { code }, send, (error) => explain(error, t));
    if (!ok) setCode('');
  }

  return (
    <form className="stack login-form" noValidate onSubmit={onSubmit}>
      <FormAlert message={form.problem} />
      <TextField
        id={id}
        label={t('login.code')}
        hint={hint}
        autoComplete="one-time-code"
        inputMode="numeric"
        spellCheck={false}
        value={code}
        onChange={setCode}
        error={form.errors.code}
      />
      <div>
        <Button type="submit" disabled={form.busy}>
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
