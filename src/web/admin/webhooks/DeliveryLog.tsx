import { useCallback, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Webhook, WebhookDelivery } from '../../../shared/webhooks';
import { adminApi } from '../../api/admin';
import { Button } from '../../components/Button';
import { DataTable } from '../../components/DataTable';
import { FormAlert } from '../../components/FormAlert';
import { StatusMessage } from '../../components/StatusMessage';
import { useFocusOnMount } from '../../hooks/useFocusOnMount';
import { useLoad } from '../../hooks/useLoad';
import { formatDateTime } from '../../lib/dateTime';
import { problemMessage } from '../../lib/problemMessage';

const STATE_BADGE: Record<WebhookDelivery['status'], string> = {
  delivered: 'kern-badge--success',
  pending: 'kern-badge--info',
  failed: 'kern-badge--danger',
  cancelled: 'kern-badge--warning',
};

interface DeliveryLogProps {
  webhook: Webhook;
  onClose(): void;
}

/**
 * The latest deliveries to one endpoint, newest first, with a test event to check the connection. It
 * opens below the list and takes focus; the queue sends in the background, so "refresh" shows progress.
 */
export function DeliveryLog({ webhook, onClose }: DeliveryLogProps) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'de';
  const log = useLoad(useCallback(() => adminApi.webhooks.deliveries(webhook.id), [webhook.id]));
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(heading, true);

  // The buttons stay enabled while busy: disabling one would drop keyboard focus to the page.
  async function run(action: () => Promise<unknown>, done: string) {
    if (busy) return;
    setBusy(true);
    try {
      await action();
      await log.reload();
      setProblem(null);
      setStatus(done);
    } catch (error) {
      setStatus(null);
      setProblem(problemMessage(error, t));
    } finally {
      setBusy(false);
    }
  }

  const lastAnswer = (d: WebhookDelivery) =>
    d.lastStatusCode !== null ? `HTTP ${d.lastStatusCode}` : (d.lastError ?? '–');

  return (
    <section className="stack" aria-labelledby="webhook-log-heading">
      <h2 id="webhook-log-heading" ref={heading} tabIndex={-1} className="kern-heading-medium">
        {t('adminIntegrations.webhooks.logHeading', { url: webhook.url })}
      </h2>
      <p className="kern-body">{t('adminIntegrations.webhooks.logIntro')}</p>
      <div className="button-row">
        <Button
          onClick={() =>
            void run(() => adminApi.webhooks.sendTest(webhook.id), t('adminIntegrations.webhooks.testQueued'))
          }
        >
          {t('adminIntegrations.webhooks.sendTest')}
        </Button>
        <Button
          variant="secondary"
          onClick={() => void run(log.reload, t('adminIntegrations.webhooks.logRefreshed'))}
        >
          {t('adminIntegrations.webhooks.refreshLog')}
        </Button>
        <Button variant="tertiary" onClick={onClose}>
          {t('adminIntegrations.webhooks.closeLog')}
        </Button>
      </div>
      <StatusMessage message={status} />
      <FormAlert message={problem ?? (log.error ? problemMessage(log.error, t) : null)} />
      {log.data === undefined ? (
        log.error ? null : (
          <p className="kern-body">{t('common.loading')}</p>
        )
      ) : log.data.length === 0 ? (
        <p className="kern-body">{t('adminIntegrations.webhooks.logEmpty')}</p>
      ) : (
        <DataTable
          caption={t('adminIntegrations.webhooks.logHeading', { url: webhook.url })}
          rows={log.data}
          rowKey={(d) => d.id}
          columns={[
            {
              header: t('adminIntegrations.webhooks.event'),
              cell: (d) => t(`adminIntegrations.events.${d.event}`),
            },
            {
              header: t('adminIntegrations.webhooks.triggeredAt'),
              cell: (d) => formatDateTime(d.createdAt, language),
            },
            { header: t('adminIntegrations.webhooks.attempts'), numeric: true, cell: (d) => d.attempts },
            { header: t('adminIntegrations.webhooks.lastAnswer'), cell: lastAnswer },
            {
              header: t('adminIntegrations.webhooks.state'),
              cell: (d) => (
                <span className="stack stack--small">
                  <span className={`kern-badge ${STATE_BADGE[d.status]}`}>
                    <span className="kern-label">{t(`adminIntegrations.deliveryStatus.${d.status}`)}</span>
                  </span>
                  {d.nextAttemptAt ? (
                    <span className="kern-body kern-body--small">
                      {t('adminIntegrations.webhooks.nextAttempt', {
                        time: formatDateTime(d.nextAttemptAt, language),
                      })}
                    </span>
                  ) : null}
                </span>
              ),
            },
          ]}
        />
      )}
    </section>
  );
}
