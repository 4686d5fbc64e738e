import { startAuthentication } from '@simplewebauthn/browser';
import type { TFunction } from 'i18next';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useParams } from 'react-router';
import { z } from 'zod';
import { LoginRequest } from '../../shared/auth';
import { homePath } from '../../shared/roles';
import { ApiProblem } from '../api/client';
import { signInApi } from '../api/sign-in';
import { useAuth } from '../auth/context';
import { Button } from '../components/Button';
import { FormAlert } from '../components/FormAlert';
import { OneTimeSecret } from '../components/OneTimeSecret';
import { TextField } from '../components/TextField';
import { useFocusOnMount } from '../hooks/useFocusOnMount';
import { useFormSubmit } from '../hooks/useFormSubmit';
import { usePageTitle } from '../hooks/usePageTitle';
import { PasskeyButton } from './login/PasskeyButton';
import { SecondFactorCodeForm } from './login/SecondFactorCodeForm';
import { SingleSignOn, useSignInOptions } from './login/SingleSignOn';
import { TotpEnrolmentStep } from './login/TotpEnrolmentStep';

/** The server's schema, plus: both fields must be filled in. */
const LoginForm = LoginRequest.extend({ email: z.string().trim().min(1).max(254) });

function explain(error: unknown, t: TFunction) {
  if (error instanceof ApiProblem && error.status === 401) return t('login.wrong');
  if (error instanceof ApiProblem && error.status === 409) return t('login.authorityNeeded');
  return undefined;
}

/** Where a sign-in stands: the password, then (when the account needs it) the second factor. */
type Stage =
  | { step: 'password' }
  | { step: 'code'; passkey: boolean }
  | { step: 'enrol' }
  | { step: 'recovery'; codes: string[] };

export function LoginPage() {
  const { t } = useTranslation();
  usePageTitle(t('login.title'));
  const { me, signIn, refresh } = useAuth();
  const [stage, setStage] = useState<Stage>({ step: 'password' });
  // /login/<authority>: that authority's identity provider, and passwords only where it allows them.
  const { tenantSlug } = useParams();
  const options = useSignInOptions(tenantSlug);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(heading, stage.step !== 'password');

  // Signed in: each role lands where it works (the recovery codes are shown first).
  if (me && stage.step !== 'recovery') return <Navigate to={homePath(me.role)} replace />;

  // Leaving the recovery step lets the redirect above take over once the session is known.
  async function finish() {
    await refresh();
    setStage({ step: 'password' });
  }

  return (
    <div className="stack" key={stage.step}>
      <h1 className="kern-heading-large" ref={heading} tabIndex={-1}>
        {stage.step === 'password' ? t('login.title') : t('login.secondFactorTitle')}
      </h1>
      {stage.step === 'password' && <SingleSignOn options={options} />}
      {stage.step === 'password' && options?.passwords !== false && (
        <PasswordForm
          signIn={async (credentials) => {
            const next = await signIn(tenantSlug ? { ...credentials, authority: tenantSlug } : credentials);
            if (next?.next === 'code') setStage({ step: 'code', passkey: next.passkey === true });
            else if (next) setStage({ step: 'enrol' });
          }}
        />
      )}
      {stage.step === 'code' && stage.passkey && (
        <PasskeyButton
          label={t('login.passkeyUse')}
          ceremony={async () => {
            const optionsJSON = await signInApi.passkeyOptions();
            await signInApi.passkey({ response: await startAuthentication({ optionsJSON }) });
            await finish();
          }}
        />
      )}
      {stage.step === 'code' && (
        <SecondFactorCodeForm
          id="login-code"
          hint={t('login.codeHint')}
          submitLabel={t('login.submit')}
          send={async (input) => {
            await signInApi.secondFactor(input);
            await finish();
          }}
        />
      )}
      {stage.step === 'enrol' && (
        <TotpEnrolmentStep onEnrolled={(codes) => setStage({ step: 'recovery', codes })} />
      )}
      {stage.step === 'recovery' && (
        <OneTimeSecret
          id="login-recovery"
          heading={t('login.recoveryHeading')}
          label={t('login.recoveryLabel')}
          secret={stage.codes.join(' ')}
          explanation={t('login.recoveryExplanation')}
          onDone={() => void finish()}
        />
      )}
    </div>
  );
}

function PasswordForm({ signIn }: { signIn(credentials: LoginRequest): Promise<void> }) {
  const { t } = useTranslation();
  const form = useFormSubmit();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    await form.submit(LoginForm, { email, password }, signIn, (error) => explain(error, t));
  }

  return (
    <>
      <p className="kern-body">{t('login.intro')}</p>
      <form className="stack login-form" noValidate onSubmit={onSubmit}>
        <FormAlert message={form.problem} />
        <TextField
          id="login-email"
          label={t('login.email')}
          type="email"
          autoComplete="username"
          value={email}
          onChange={setEmail}
          error={form.errors.email}
        />
        <TextField
          id="login-password"
          label={t('login.password')}
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={setPassword}
          error={form.errors.password}
        />
        <div>
          <Button type="submit" disabled={form.busy}>
            {t('login.submit')}
          </Button>
        </div>
      </form>
    </>
  );
}
