import { useTranslation } from 'react-i18next';
import type { Webhook } from '../../../shared/webhooks';
import { Button } from '../../components/Button';
import { DataTable } from '../../components/DataTable';
import { formatDateTime } from '../../lib/dateTime';

interface WebhookListProps {
  webhooks: Webhook[];
  onShowLog(webhook: Webhook): void;
  onRevoke(webhook: Webhook): void;
}

/** The active endpoints; revoked ones are gone from the list (their deliveries stop). */
export function WebhookList({ webhooks, onShowLog, onRevoke }: WebhookListProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'de';
  return (
    <DataTable
      caption={t('adminIntegrations.webhooks.listHeading')}
      rows={webhooks}
      rowKey={(webhook) => webhook.id}
      columns={[
        { header: t('adminIntegrations.webhooks.url'), cell: (webhook) => <code>{webhook.url}</code> },
        {
          header: t('adminIntegrations.webhooks.events'),
          cell: (webhook) => (
            <ul className="plain-list">
              {webhook.events.map((event) => (
                <li key={event}>{t(`adminIntegrations.events.${event}`)}</li>
              ))}
            </ul>
          ),
        },
        {
          header: t('adminIntegrations.webhooks.createdAt'),
          cell: (webhook) => formatDateTime(webhook.createdAt, language),
        },
        {
          header: t('common.actions'),
          cell: (webhook) => (
            <span className="button-row">
              <Button
                variant="secondary"
                small
                onClick={() => onShowLog(webhook)}
                aria-label={t('adminIntegrations.webhooks.showLogNamed', { url: webhook.url })}
              >
                {t('adminIntegrations.webhooks.showLog')}
              </Button>
              <Button
                variant="tertiary"
                small
                onClick={() => onRevoke(webhook)}
                aria-label={t('adminIntegrations.webhooks.revokeNamed', { url: webhook.url })}
              >
                {t('adminIntegrations.webhooks.revoke')}
              </Button>
            </span>
          ),
        },
      ]}
    />
  );
}
