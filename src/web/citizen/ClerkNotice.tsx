import { useTranslation } from 'react-i18next';
import type { VisitView } from '../../shared/realtime';
import { Alert } from '../components/Alert';
import { formatTime } from './format';

/**
 * What the clerk's last action means for a waiting citizen: sent back for a moment (with the clerk's
 * note), or called without an answer (when they will be called again). A polite live region, so a
 * screen reader hears it when it appears; nothing while neither applies.
 */
export function ClerkNotice({ visit, timeZone }: { visit: VisitView; timeZone?: string | undefined }) {
  const { t, i18n } = useTranslation();
  const recall = visit.recallAt !== null && !visit.held;
  return (
    <div role="status" aria-live="polite">
      {visit.held ? (
        <Alert tone="warning" title={t('citizen.waiting.heldTitle')} bodyClassName="stack stack--small">
          <p className="kern-body">{t('citizen.waiting.heldText')}</p>
          {visit.clerkNote ? (
            <p className="kern-body">{t('citizen.waiting.clerkNote', { note: visit.clerkNote })}</p>
          ) : null}
        </Alert>
      ) : recall ? (
        <Alert tone="warning" title={t('citizen.waiting.missedTitle')}>
          <p className="kern-body">
            {t('citizen.waiting.missedText', { time: formatTime(visit.recallAt!, timeZone, i18n.language) })}
          </p>
        </Alert>
      ) : null}
    </div>
  );
}
