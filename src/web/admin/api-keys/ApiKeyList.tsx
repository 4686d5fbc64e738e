import { useTranslation } from 'react-i18next';
import type { ApiKeySummary } from '../../../shared/api-v1';
import { Button } from '../../components/Button';
import { DataTable } from '../../components/DataTable';
import { formatDateTime } from '../../lib/dateTime';
import { scopeTextKey } from './scopes';

interface ApiKeyListProps {
  keys: ApiKeySummary[];
  onRevoke(key: ApiKeySummary): void;
}

export function ApiKeyList({ keys, onRevoke }: ApiKeyListProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'de';
  return (
    <DataTable
      caption={t('adminIntegrations.apiKeys.listHeading')}
      rows={keys}
      rowKey={(key) => key.id}
      columns={[
        { header: t('adminIntegrations.apiKeys.name'), cell: (key) => key.name },
        {
          header: t('adminIntegrations.apiKeys.prefix'),
          cell: (key) => <code>{`amk_${key.prefix}_…`}</code>,
        },
        {
          header: t('adminIntegrations.apiKeys.scopes'),
          cell: (key) => (
            <ul className="plain-list">
              {key.scopes.map((scope) => (
                <li key={scope}>{t(scopeTextKey(scope, 'label'))}</li>
              ))}
            </ul>
          ),
        },
        {
          header: t('adminIntegrations.apiKeys.createdAt'),
          cell: (key) => formatDateTime(key.createdAt, language),
        },
        {
          header: t('adminIntegrations.apiKeys.lastUsedAt'),
          cell: (key) =>
            key.lastUsedAt
              ? formatDateTime(key.lastUsedAt, language)
              : t('adminIntegrations.apiKeys.neverUsed'),
        },
        {
          header: t('adminIntegrations.apiKeys.status'),
          cell: (key) => (
            <span className={`kern-badge ${key.revokedAt ? 'kern-badge--danger' : 'kern-badge--success'}`}>
              <span className="kern-label">
                {key.revokedAt
                  ? t('adminIntegrations.apiKeys.revokedAt', {
                      time: formatDateTime(key.revokedAt, language),
                    })
                  : t('adminIntegrations.apiKeys.active')}
              </span>
            </span>
          ),
        },
        {
          header: t('common.actions'),
          cell: (key) =>
            key.revokedAt ? (
              '–'
            ) : (
              <Button
                variant="tertiary"
                small
                onClick={() => onRevoke(key)}
                aria-label={t('adminIntegrations.apiKeys.revokeNamed', { name: key.name })}
              >
                {t('adminIntegrations.apiKeys.revoke')}
              </Button>
            ),
        },
      ]}
    />
  );
}
