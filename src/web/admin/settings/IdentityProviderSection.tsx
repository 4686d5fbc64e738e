import { type FormEvent, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { type IdentityProvider, IdentityProviderInput } from '../../../shared/identity-provider';
import { adminApi } from '../../api/admin';
import { identityProviderApi } from '../../api/identity-provider';
import { Button } from '../../components/Button';
import { CheckboxField } from '../../components/CheckboxField';
import { FormAlert } from '../../components/FormAlert';
import { TextField } from '../../components/TextField';
import { useFormSubmit } from '../../hooks/useFormSubmit';
import { useLoad } from '../../hooks/useLoad';
import { problemMessage } from '../../lib/problemMessage';
import { emptyMapping, GroupMappingsEditor } from './GroupMappingsEditor';

/**
 * Settings page part for administrators: the authority's identity provider (OpenID Connect), what each
 * directory group gives, and whether passwords stay possible.
 */
export function IdentityProviderSection({ onStatus }: { onStatus(message: string): void }) {
  const { t } = useTranslation();
  const loadAll = useCallback(
    () => Promise.all([identityProviderApi.get(), adminApi.units.list(), adminApi.offices.list()]),
    [],
  );
  const loaded = useLoad(loadAll);
  const [version, setVersion] = useState(0);
  return (
    <section className="stack" aria-labelledby="sso-heading">
      <div className="stack stack--small">
        <h2 id="sso-heading" className="kern-heading-medium">
          {t('settings.sso.title')}
        </h2>
        <p className="kern-body">{t('settings.sso.intro')}</p>
      </div>
      <FormAlert message={loaded.error ? problemMessage(loaded.error, t) : null} />
      {loaded.data ? (
        <IdentityProviderForm
          key={version}
          provider={loaded.data[0]}
          unitOptions={loaded.data[1].map((u) => ({ value: u.id, label: u.name }))}
          officeOptions={loaded.data[2].map((o) => ({ value: o.id, label: o.name }))}
          onSaved={(message) => {
            onStatus(message);
            setVersion((v) => v + 1);
            void loaded.reload();
          }}
        />
      ) : (
        <p className="kern-body">{t('common.loading')}</p>
      )}
    </section>
  );
}

interface FormProps {
  provider: IdentityProvider | null;
  unitOptions: { value: string; label: string }[];
  officeOptions: { value: string; label: string }[];
  onSaved(message: string): void;
}

function IdentityProviderForm({ provider, unitOptions, officeOptions, onSaved }: FormProps) {
  const { t } = useTranslation();
  const form = useFormSubmit();
  const [draft, setDraft] = useState(() => ({
    displayName: provider?.displayName ?? '',
    issuer: provider?.issuer ?? '',
    clientId: provider?.clientId ?? '',
    clientSecret: '',
    groupsClaim: provider?.groupsClaim ?? 'groups',
    groupMappings: provider?.groupMappings ?? [emptyMapping()],
    passwordSignIn: provider?.passwordSignIn ?? true,
  }));
  const set =
    <K extends keyof typeof draft>(key: K) =>
    (value: (typeof draft)[K]) =>
      setDraft((old) => ({ ...old, [key]: value }));

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const { clientSecret, ...rest } = draft;
    const value = clientSecret ? { ...rest, clientSecret } : rest;
    await form.submit(IdentityProviderInput, value, async (input) => {
      await identityProviderApi.save(input);
      onSaved(t('settings.sso.saved'));
    });
  }

  async function remove() {
    if (!window.confirm(t('settings.sso.confirmRemove'))) return;
    // Nothing to validate: the button says what it does and asked to be sure.
    await form.submit(z.object({}), {}, async () => {
      await identityProviderApi.remove();
      onSaved(t('settings.sso.removed'));
    });
  }

  return (
    <form className="stack" noValidate onSubmit={onSubmit} aria-labelledby="sso-heading">
      <FormAlert message={form.problem} />
      {provider ? (
        <dl className="stack stack--small">
          <dt className="kern-label">{t('settings.sso.redirectUri')}</dt>
          <dd className="kern-body">
            <code>{provider.redirectUri}</code>
          </dd>
          <dt className="kern-label">{t('settings.sso.backchannelLogoutUri')}</dt>
          <dd className="kern-body">
            <code>{provider.backchannelLogoutUri}</code>
          </dd>
        </dl>
      ) : null}
      <div className="form-grid">
        <TextField
          id="sso-displayName"
          label={t('settings.sso.displayName')}
          hint={t('settings.sso.displayNameHint')}
          value={draft.displayName}
          onChange={set('displayName')}
          error={form.errors.displayName}
        />
        <TextField
          id="sso-issuer"
          label={t('settings.sso.issuer')}
          hint={t('settings.sso.issuerHint')}
          type="url"
          value={draft.issuer}
          onChange={set('issuer')}
          error={form.errors.issuer}
        />
        <TextField
          id="sso-clientId"
          label={t('settings.sso.clientId')}
          value={draft.clientId}
          onChange={set('clientId')}
          error={form.errors.clientId}
          autoComplete="off"
        />
        <TextField
          id="sso-clientSecret"
          label={t('settings.sso.clientSecret')}
          hint={provider ? t('settings.sso.clientSecretKept') : undefined}
          optional={provider !== null}
          type="password"
          autoComplete="off"
          value={draft.clientSecret}
          onChange={set('clientSecret')}
          error={form.errors.clientSecret}
        />
        <TextField
          id="sso-groupsClaim"
          label={t('settings.sso.groupsClaim')}
          hint={t('settings.sso.groupsClaimHint')}
          value={draft.groupsClaim}
          onChange={set('groupsClaim')}
          error={form.errors.groupsClaim}
        />
      </div>
      <GroupMappingsEditor
        mappings={draft.groupMappings}
        onChange={set('groupMappings')}
        unitOptions={unitOptions}
        officeOptions={officeOptions}
        errors={form.errors}
      />
      <CheckboxField
        id="sso-passwordSignIn"
        label={t('settings.sso.passwordSignIn')}
        hint={t('settings.sso.passwordSignInHint')}
        checked={draft.passwordSignIn}
        onChange={set('passwordSignIn')}
        error={form.errors.passwordSignIn}
      />
      <div className="button-row">
        <Button type="submit" disabled={form.busy}>
          {t('common.save')}
        </Button>
        {provider ? (
          <Button variant="secondary" disabled={form.busy} onClick={() => void remove()}>
            {t('settings.sso.remove')}
          </Button>
        ) : null}
      </div>
    </form>
  );
}
