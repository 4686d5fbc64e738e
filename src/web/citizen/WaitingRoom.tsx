import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { VisitView } from '../../shared/realtime';
import { Button } from '../components/Button';
import { ConnectionBanner } from '../components/ConnectionBanner';
import type { RealtimeConnection } from '../hooks/useRealtimeConnection';
import { ClerkNotice } from './ClerkNotice';
import { formatTime } from './format';
import { waitText } from './OfficeStatus';

interface WaitingRoomProps {
  visit: VisitView;
  connection: RealtimeConnection;
  /** The authority's time zone for "reserved until"; the device's when not known. */
  timeZone?: string | undefined;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  leaving: boolean;
  onLeave(): void;
}

/**
 * Live position and wait estimate. Screen readers hear only changes (position, transfer) through a
 * polite status region; the live display can be paused for people who find it distracting.
 */
export function WaitingRoom({ visit, connection, timeZone, headingRef, leaving, onLeave }: WaitingRoomProps) {
  const { t, i18n } = useTranslation();
  const [paused, setPaused] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const announced = useRef({ position: visit.position, officeId: visit.office.id });

  useEffect(() => {
    const last = announced.current;
    if (last.position === visit.position && last.officeId === visit.office.id) return;
    announced.current = { position: visit.position, officeId: visit.office.id };
    if (paused) return;
    const parts: string[] = [];
    if (last.officeId !== visit.office.id)
      parts.push(t('citizen.waiting.forwarded', { office: visit.office.name }));
    if (visit.position !== null) parts.push(t('citizen.waiting.positionNow', { position: visit.position }));
    setAnnouncement(parts.join(' '));
  }, [visit.position, visit.office.id, visit.office.name, paused, t]);

  return (
    <section className="stack" aria-labelledby="waiting-heading">
      <h2 id="waiting-heading" ref={headingRef} tabIndex={-1} className="kern-heading-medium">
        {t('citizen.waiting.title')}
      </h2>
      {visit.transferredFrom ? (
        <div className="kern-alert kern-alert--info">
          <div className="kern-alert__header">
            <span className="kern-icon kern-icon--info" aria-hidden="true" />
            <span className="kern-title">
              {t('citizen.waiting.forwarded', { office: visit.office.name })}
            </span>
          </div>
          <div className="kern-alert__body">
            <p className="kern-body">
              {t('citizen.waiting.forwardedText', { fromOffice: visit.transferredFrom })}
            </p>
          </div>
        </div>
      ) : null}
      <ClerkNotice visit={visit} timeZone={timeZone} />
      {paused ? (
        <p className="kern-body waiting-display">{t('citizen.waiting.pausedText')}</p>
      ) : (
        <div className="waiting-display stack stack--small">
          <p className="waiting-display__position">
            {visit.position !== null
              ? t('citizen.waiting.position', { position: visit.position })
              : t('citizen.waiting.soon')}
          </p>
          <p className="kern-body kern-body--large">
            {t('citizen.waiting.estimate', { wait: waitText(visit.estimatedWaitMinutes, t) })}
          </p>
        </div>
      )}
      <div role="status" aria-live="polite" className="kern-sr-only">
        {announcement}
      </div>
      <p className="kern-body">
        {t('citizen.waiting.polite')}{' '}
        {t('citizen.waiting.keepOpen', { minutes: visit.disconnectGraceMinutes })}
      </p>
      <ConnectionBanner
        connection={connection}
        reconnecting={t('citizen.waiting.reconnecting')}
        offlineDetail={
          connection.lostAt === null
            ? null
            : t('citizen.waiting.reservedUntil', {
                time: formatTime(
                  reservedUntil(connection.lostAt, visit.disconnectGraceMinutes),
                  timeZone,
                  i18n.language,
                ),
              })
        }
        withRetry
      />
      <div className="button-row">
        <Button variant="secondary" aria-pressed={paused} onClick={() => setPaused((p) => !p)}>
          {t('citizen.waiting.pause')}
        </Button>
        <Button variant="secondary" disabled={leaving} onClick={onLeave}>
          {t('citizen.waiting.leave')}
        </Button>
      </div>
    </section>
  );
}

/**
 * Until when the server keeps the place of a citizen whose page lost its socket: it starts the grace
 * period when it sees the last socket close, which is about when the page noticed the loss.
 */
export function reservedUntil(lostAt: number, graceMinutes: number): string {
  return new Date(lostAt + graceMinutes * 60_000).toISOString();
}
