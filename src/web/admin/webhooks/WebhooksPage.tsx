import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CreatedWebhook, Webhook } from '../../../shared/webhooks';
import { adminApi } from '../../api/admin';
import { OneTimeSecret } from '../../components/OneTimeSecret';
import { useCrudPage } from '../../hooks/useCrudPage';
import { focusById } from '../../lib/focusById';
import { AdminListSection } from '../AdminListSection';
import { AdminPage } from '../AdminPage';
import { DeliveryLog } from './DeliveryLog';
import { WebhookForm } from './WebhookForm';
import { WebhookList } from './WebhookList';

const REVOKE_TEXTS = {
  confirm: 'adminIntegrations.webhooks.confirmRevoke',
  done: 'adminIntegrations.webhooks.revokedMessage',
};

/**
 * /admin/webhooks: endpoints of case systems that get events, each with its delivery log. The signing
 * secret of a new endpoint is shown once, right after it was created.
 */
export function WebhooksPage() {
  const { t } = useTranslation();
  const page = useCrudPage(adminApi.webhooks.list);
  const [created, setCreated] = useState<CreatedWebhook | null>(null);
  const [logOf, setLogOf] = useState<Webhook | null>(null);

  const revoke = async (webhook: Webhook) => {
    const revoked = await page.remove(webhook, webhook.url, adminApi.webhooks.revoke, REVOKE_TEXTS);
    if (!revoked) return;
    // A revoked endpoint leaves the list, and its log with it; focus goes to the list.
    if (logOf?.id === webhook.id) setLogOf(null);
    focusById('webhooks-list-heading');
  };

  return (
    <AdminPage section="webhooks" canWrite status={page.status} problem={page.problem}>
      {created ? (
        <OneTimeSecret
          id="webhook-secret"
          heading={t('adminIntegrations.webhooks.secretHeading')}
          label={t('adminIntegrations.webhooks.secretLabel')}
          secret={created.secret}
          explanation={t('adminIntegrations.webhooks.secretExplanation', { url: created.url })}
          onDone={() => {
            setCreated(null);
            focusById('webhooks-list-heading');
          }}
        />
      ) : null}
      <AdminListSection
        section="webhooks"
        items={page.items}
        emptyText={t('adminIntegrations.webhooks.empty')}
      >
        {(webhooks) => (
          <WebhookList webhooks={webhooks} onShowLog={setLogOf} onRevoke={(w) => void revoke(w)} />
        )}
      </AdminListSection>
      {logOf ? (
        <DeliveryLog
          key={logOf.id}
          webhook={logOf}
          onClose={() => {
            setLogOf(null);
            focusById('webhooks-list-heading');
          }}
        />
      ) : null}
      <WebhookForm key={page.formKey} onCreated={setCreated} {...page.editor} />
    </AdminPage>
  );
}
