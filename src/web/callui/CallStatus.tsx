import { useTranslation } from 'react-i18next';
import type { CallSession, CallState } from '../call/call-session';
import type { Quality } from '../call/quality';
import { CallInterruption } from './CallInterruption';
import { QualityIndicator } from './QualityIndicator';

interface CallStatusProps {
  session: CallSession | null;
  state: CallState;
  quality: Quality;
  /** Screen sharing and who joined or left, said in the same polite region. */
  notices: (string | null)[];
  interruptionLimitMinutes?: number | undefined;
}

/**
 * The connection state over the top left of the stage, where it stays in view: one polite status
 * region (state, interruption, screen sharing, who joined or left) and the quality below it.
 */
export function CallStatus({ session, state, quality, notices, interruptionLimitMinutes }: CallStatusProps) {
  const { t } = useTranslation();
  return (
    <div className="call-stage__status">
      <div role="status" className="call-chip">
        <span className={`kern-icon kern-icon--${stateIcon(state)}`} aria-hidden="true" />
        <span className="kern-body kern-body--bold">{t(`call.state.${state}`)}</span>
        {notices.map((notice) =>
          notice ? (
            <span key={notice} className="kern-body">
              {notice}
            </span>
          ) : null,
        )}
        <CallInterruption
          session={session}
          state={state}
          {...(interruptionLimitMinutes !== undefined ? { limitMinutes: interruptionLimitMinutes } : {})}
        />
      </div>
      <QualityIndicator quality={quality} active={state === 'connected'} />
    </div>
  );
}

function stateIcon(state: string): string {
  if (state === 'connected') return 'success';
  if (state === 'reconnecting') return 'warning';
  return 'info';
}
