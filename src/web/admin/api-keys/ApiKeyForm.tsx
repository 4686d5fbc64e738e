import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiKeyCreate, type ApiKeyCreated, ApiScope } from '../../../shared/api-v1';
import { adminApi } from '../../api/admin';
import { CheckboxGroup } from '../../components/CheckboxGroup';
import { TextField } from '../../components/TextField';
import type { EditorHandlers } from '../../hooks/useCrudPage';
import { AdminEditorForm } from '../AdminEditorForm';
import { useAdminForm } from '../useAdminForm';
import { scopeTextKey } from './scopes';

interface ApiKeyFormProps extends EditorHandlers {
  /** Gets the new key with its secret, the only time the server tells it. */
  onCreated(created: ApiKeyCreated): void;
}

/** Creates a key: what it is for, and which rights it has. Keys cannot be edited, only revoked. */
export function ApiKeyForm({ onCreated, ...handlers }: ApiKeyFormProps) {
  const { t } = useTranslation();
  const form = useAdminForm(handlers);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiScope[]>([]);

  const save = () =>
    form.submit(ApiKeyCreate, { name, scopes }, async (input) => {
      onCreated(await adminApi.apiKeys.create(input));
      form.saved(input.name);
    });

  return (
    <AdminEditorForm id="apiKey" section="apiKeys" form={form} editingName={undefined} onSubmit={save}>
      <TextField
        id="apiKey-name"
        label={t('adminIntegrations.apiKeys.name')}
        hint={t('adminIntegrations.apiKeys.nameHint')}
        value={name}
        onChange={setName}
        error={form.errors.name}
        autoComplete="off"
      />
      <CheckboxGroup
        id="apiKey-scopes"
        legend={t('adminIntegrations.apiKeys.scopes')}
        options={ApiScope.options.map((scope) => ({
          value: scope,
          label: t(scopeTextKey(scope, 'label')),
          hint: t(scopeTextKey(scope, 'hint')),
        }))}
        selected={scopes}
        onChange={setScopes}
        error={form.errors.scopes}
      />
    </AdminEditorForm>
  );
}
