import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RealtimeConnection } from '../hooks/useRealtimeConnection';
import { Alert } from './Alert';
import { Button } from './Button';

interface ConnectionBannerProps {
  connection: RealtimeConnection;
  /** Headline while offline; default "Keine Verbindung – wir versuchen es weiter". */
  offlineTitle?: string;
  /** What the outage means on this page, e.g. until when the place in the queue is kept. */
  offlineDetail?: ReactNode;
  /** Line shown during a short blip (state 'reconnecting'); nothing when left out. */
  reconnecting?: string;
  /** Offers "Jetzt erneut versuchen" while offline. */
  withRetry?: boolean;
}

/**
 * A live page's connection trouble, said plainly: a quiet line while reconnecting briefly, a warning
 * once the page has been offline for a while. The status region is always rendered so that screen
 * readers announce the change when text appears in it; the button sits outside it (not announced).
 */
export function ConnectionBanner({
  connection,
  offlineTitle,
  offlineDetail,
  reconnecting,
  withRetry = false,
}: ConnectionBannerProps) {
  const { t } = useTranslation();
  const offline = connection.state === 'offline';
  return (
    <div className="stack stack--small">
      <div role="status" aria-live="polite">
        {offline ? (
          <Alert tone="warning" title={offlineTitle ?? t('common.connectionLost')}>
            {offlineDetail ? <p className="kern-body">{offlineDetail}</p> : null}
          </Alert>
        ) : connection.state === 'reconnecting' && reconnecting ? (
          <p className="office-card__state kern-body">
            <span className="kern-icon kern-icon--warning" aria-hidden="true" />
            <span>{reconnecting}</span>
          </p>
        ) : null}
      </div>
      {offline && withRetry ? (
        <div>
          <Button variant="secondary" onClick={connection.retry}>
            {t('common.retryNow')}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
