import { useTranslation } from 'react-i18next';
import { formatTime } from '../citizen/format';
import { Button } from '../components/Button';
import type { OwnClerkState } from './useOwnClerkState';

interface OwnStateNoticeProps {
  own: OwnClerkState | null;
  busy: boolean;
  /** Ends the follow-up work early ("bereit"). */
  onReady(): void;
}

/** The clerk's follow-up work (with "Bereit" to end it early) or break, in words; nothing otherwise. */
export function OwnStateNotice({ own, busy, onReady }: OwnStateNoticeProps) {
  const { t, i18n } = useTranslation();
  const time = (iso: string) => formatTime(iso, undefined, i18n.resolvedLanguage ?? 'de');
  if (own?.activity === 'follow_up') {
    return (
      <div className="stack stack--small">
        <p className="kern-body">
          {own.until
            ? t('staff.clerkState.followUpUntil', { time: time(own.until) })
            : t('staff.clerkState.followUp')}
        </p>
        <div>
          <Button variant="secondary" disabled={busy} onClick={onReady}>
            {t('staff.clerkState.ready')}
          </Button>
        </div>
      </div>
    );
  }
  if (own?.activity === 'break') {
    return (
      <p className="kern-body">
        {own.until
          ? t('staff.clerkState.onBreakUntil', { time: time(own.until) })
          : t('staff.clerkState.onBreak')}
        {own.reason ? ` ${t('staff.clerkState.reasonGiven', { reason: own.reason })}` : ''}
      </p>
    );
  }
  return null;
}
