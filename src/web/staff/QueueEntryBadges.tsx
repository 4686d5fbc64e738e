import { useTranslation } from 'react-i18next';
import type { WaitingEntry } from '../../shared/realtime';
import { formatTime } from '../citizen/format';

function Badge({ tone, label }: { tone: 'success' | 'info' | 'warning'; label: string }) {
  return (
    <span className={`kern-badge kern-badge--${tone} kern-badge--small queue__badge`}>
      <span className={`kern-icon kern-icon--${tone}`} aria-hidden="true" />
      <span className="kern-label">{label}</span>
    </span>
  );
}

/**
 * What the clerk should know of a waiting entry at a glance: appointment, audio only, raised priority,
 * sent back for a moment, waiting for a recall, and the marks of a script's entries (several from one
 * client, a page that never connected) or a closed page.
 */
export function QueueEntryBadges({ entry, timeZone }: { entry: WaitingEntry; timeZone: string }) {
  const { t, i18n } = useTranslation();
  const time = (iso: string) => formatTime(iso, timeZone, i18n.language);
  return (
    <>
      {entry.kind === 'appointment' ? <Badge tone="success" label={t('staff.queue.appointment')} /> : null}
      {entry.audioOnly ? <Badge tone="info" label={t('staff.queue.audioOnly')} /> : null}
      {entry.priority > 0 ? (
        <Badge tone="info" label={t('staff.queue.priority', { reason: entry.priorityReason ?? '' })} />
      ) : null}
      {entry.heldBy ? (
        <Badge
          tone="info"
          label={
            entry.clerkNote ? t('staff.queue.heldWithNote', { note: entry.clerkNote }) : t('staff.queue.held')
          }
        />
      ) : null}
      {entry.recallAt ? (
        <Badge
          tone="warning"
          label={t('staff.queue.recall', { count: entry.missedCalls, time: time(entry.recallAt) })}
        />
      ) : null}
      {entry.sameClient !== null ? (
        <Badge tone="warning" label={t('staff.queue.sameClient', { count: entry.sameClient })} />
      ) : null}
      {entry.holdsPlace ? null : <Badge tone="warning" label={t('staff.queue.noPlace')} />}
      {entry.disconnectedAt ? (
        <Badge tone="warning" label={t('staff.queue.disconnected', { time: time(entry.disconnectedAt) })} />
      ) : null}
    </>
  );
}
