import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ApiKeyCreated } from '../../../shared/api-v1';
import { adminApi } from '../../api/admin';
import { OneTimeSecret } from '../../components/OneTimeSecret';
import { useCrudPage } from '../../hooks/useCrudPage';
import { focusById } from '../../lib/focusById';
import { AdminListSection } from '../AdminListSection';
import { AdminPage } from '../AdminPage';
import { ApiKeyForm } from './ApiKeyForm';
import { ApiKeyList } from './ApiKeyList';

const REVOKE_TEXTS = {
  confirm: 'adminIntegrations.apiKeys.confirmRevoke',
  done: 'adminIntegrations.apiKeys.revokedMessage',
};

/**
 * /admin/api-keys: the keys case systems use for /api/v1. A new key is shown once, right after it was
 * created; the list shows only its non-secret prefix.
 */
export function ApiKeysPage() {
  const { t } = useTranslation();
  const page = useCrudPage(adminApi.apiKeys.list);
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  return (
    <AdminPage section="apiKeys" canWrite status={page.status} problem={page.problem}>
      {created ? (
        <OneTimeSecret
          id="api-key-secret"
          heading={t('adminIntegrations.apiKeys.secretHeading', { name: created.name })}
          label={t('adminIntegrations.apiKeys.secretLabel')}
          secret={created.key}
          explanation={t('adminIntegrations.apiKeys.secretExplanation')}
          onDone={() => {
            setCreated(null);
            focusById('apiKeys-list-heading');
          }}
        />
      ) : null}
      <p className="kern-body">
        <Link className="kern-link" to="/admin/api-docs">
          {t('adminIntegrations.apiKeys.docsLink')}
        </Link>
      </p>
      <AdminListSection section="apiKeys" items={page.items} emptyText={t('adminIntegrations.apiKeys.empty')}>
        {(keys) => (
          <ApiKeyList
            keys={keys}
            onRevoke={async (key) => {
              // The row's button is gone afterwards: focus goes to the list, not to the page's top.
              if (await page.remove(key, key.name, adminApi.apiKeys.revoke, REVOKE_TEXTS)) {
                focusById('apiKeys-list-heading');
              }
            }}
          />
        )}
      </AdminListSection>
      <ApiKeyForm key={page.formKey} onCreated={setCreated} {...page.editor} />
    </AdminPage>
  );
}
