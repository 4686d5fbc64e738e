import { useTranslation } from 'react-i18next';
import type { HelpCall } from '../../shared/help-calls';
import type { OfficeQueue } from '../../shared/realtime';
import { helpCallsApi } from '../api/help-calls';
import { Button } from '../components/Button';

interface HelpCallButtonProps {
  consultationId: string;
  /** This call's open call for help, as the office's queue last told; undefined while none is open. */
  helpCall: HelpCall | undefined;
  busy: boolean;
  /** Runs a request with the workspace's busy state and problem message. */
  run(action: () => Promise<unknown>): void;
  onDone(message: string): void;
}

/**
 * "Hilfe rufen" in the call: every colleague of the office sees an alert at once; the clerk sees
 * whether someone is on the way and may take the call back while nobody has answered.
 */
export function HelpCallButton({ consultationId, helpCall, busy, run, onDone }: HelpCallButtonProps) {
  const { t } = useTranslation();
  if (helpCall?.answeredBy) {
    return (
      <p className="kern-body" role="status">
        {t('staff.help.coming', { name: helpCall.answererName ?? t('staff.help.colleague') })}
      </p>
    );
  }
  if (helpCall) {
    return (
      <>
        <p className="kern-body" role="status">
          {t('staff.help.asked')}
        </p>
        <Button
          variant="tertiary"
          disabled={busy}
          onClick={() =>
            run(async () => {
              await helpCallsApi.withdraw(consultationId);
              onDone(t('staff.help.withdrawn'));
            })
          }
        >
          {t('staff.help.withdraw')}
        </Button>
      </>
    );
  }
  return (
    <Button
      variant="secondary"
      disabled={busy}
      onClick={() =>
        run(async () => {
          await helpCallsApi.ask(consultationId);
          onDone(t('staff.help.sent'));
        })
      }
    >
      {t('staff.help.ask')}
    </Button>
  );
}

/** The open call for help from a consultation, whichever office's queue carries it. */
export function helpCallOf(queues: Map<string, OfficeQueue>, consultationId: string): HelpCall | undefined {
  for (const queue of queues.values()) {
    const found = queue.helpCalls?.find((call) => call.consultationId === consultationId);
    if (found) return found;
  }
  return undefined;
}
