import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { z } from 'zod';
import { LoginRequest } from '../../shared/auth';
import { ApiProblem } from '../api/client';
import { useAuth } from '../auth/context';
import { Button } from '../components/Button';
import { FormAlert } from '../components/FormAlert';
import { TextField } from '../components/TextField';
import { useFormSubmit } from '../hooks/useFormSubmit';
import { usePageTitle } from '../hooks/usePageTitle';

/** The server's schema, plus: both fields must be filled in. */
const LoginForm = LoginRequest.extend({ email: z.string().trim().min(1).max(254) });

function explain(error: unknown, t: TFunction) {
  if (error instanceof ApiProblem && error.status === 401) return t('login.wrong');
  return undefined;
}

export function LoginPage() {
  const { t } = useTranslation();
  usePageTitle(t('login.title'));
  const { me, signIn } = useAuth();
  const navigate = useNavigate();
  const form = useFormSubmit();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  if (me) return <Navigate to="/admin" replace />;

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const ok = await form.submit(LoginForm, { email, password }, signIn, (error) => explain(error, t));
    if (ok) navigate('/admin');
  }

  return (
    <div className="stack">
      <h1 className="kern-heading-large">{t('login.title')}</h1>
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
    </div>
  );
}
