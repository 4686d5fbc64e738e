import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HelpCall } from '../../shared/help-calls';
import type { OfficeQueue } from '../../shared/realtime';
import { helpCallsApi } from '../api/help-calls';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';

interface HelpAlertsProps {
  queues: Map<string, OfficeQueue>;
  /** The signed-in clerk: their own calls for help are not shown to them as alerts. */
  staffId: string | undefined;
  busy: boolean;
  /** Runs a request with the workspace's busy state and problem message. */
  run(action: () => Promise<unknown>): void;
}

/**
 * "Hilfe in Büro X": colleagues' open calls for help, at the top of the workspace and announced at once.
 * Answering opens the call in a new tab, so this workspace (queues, own call) stays as it is.
 */
export function HelpAlerts({ queues, staffId, busy, run }: HelpAlertsProps) {
  const { t } = useTranslation();
  // When the browser blocks the new tab, the link to the call is offered instead.
  const [blockedUrl, setBlockedUrl] = useState<string | null>(null);
  const open = [...queues.values()].flatMap((queue) =>
    (queue.helpCalls ?? [])
      .filter((call) => call.answeredBy === null && call.requestedBy !== staffId)
      .map((call) => ({ call, office: queue.name })),
  );

  const answer = (call: HelpCall, silent: boolean) => {
    // Opened in the click itself (later a browser would block it), pointed at the call once it is known.
    const tab = window.open('about:blank', '_blank');
    run(async () => {
      try {
        const { url } = await helpCallsApi.answer(call.id, silent);
        if (!tab) return setBlockedUrl(url);
        tab.opener = null;
        tab.location.href = url;
      } catch (error) {
        tab?.close();
        throw error;
      }
    });
  };

  return (
    <div role="alert" className="stack stack--small">
      {open.map(({ call, office }) => (
        <Alert key={call.id} tone="warning" title={t('staff.help.alert', { office })}>
          <p className="kern-body">{t('staff.help.alertText', { name: call.requesterName })}</p>
          <div className="button-row">
            <Button disabled={busy} onClick={() => answer(call, false)}>
              {t('staff.help.answer')}
            </Button>
            <Button variant="secondary" disabled={busy} onClick={() => answer(call, true)}>
              {t('staff.help.listen')}
            </Button>
          </div>
        </Alert>
      ))}
      {blockedUrl ? (
        <Alert tone="info" title={t('staff.help.blockedTitle')}>
          <p className="kern-body">
            <a className="kern-link" href={blockedUrl} target="_blank" rel="noreferrer">
              {t('staff.help.openCall')}
            </a>
          </p>
        </Alert>
      ) : null}
    </div>
  );
}
