import { useTranslation } from 'react-i18next';
import { CallIcon } from '../callui/CallIcon';
import { useShowTab } from '../callui/panelContext';

/**
 * In the call's top bar: how many people wait in the agent's queues, as a button that opens the queues
 * in the side panel (with "end and call the next person" at hand) without leaving the call.
 */
export function QueueSummary({ waiting, tabId }: { waiting: number; tabId: string }) {
  const { t } = useTranslation();
  const showTab = useShowTab();
  const waitingText = t('staff.queue.waitingCount', { count: waiting });
  return (
    <button
      type="button"
      className="kern-btn kern-btn--secondary call-queue-summary"
      // The name says which count this is; on phones only the number shows (drawn by CSS, not read out).
      aria-label={`${t('staff.queue.title')}: ${waitingText}`}
      data-count={waiting}
      onClick={() => showTab(tabId)}
    >
      <CallIcon name="queue" />
      <span className="kern-label call-queue-summary__text">{waitingText}</span>
    </button>
  );
}
