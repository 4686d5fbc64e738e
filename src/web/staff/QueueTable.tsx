import { useTranslation } from 'react-i18next';
import type { OfficeQueue, WaitingEntry } from '../../shared/realtime';
import { formatTime, minutesSince } from '../citizen/format';
import { Button } from '../components/Button';
import { DataTable } from '../components/DataTable';

interface QueueTableProps {
  queue: OfficeQueue;
  now: number;
  canCall: boolean;
  busy: boolean;
  onCallNext(): void;
  onCall(entry: WaitingEntry): void;
  onTransfer(entry: WaitingEntry): void;
}

/** One office's live queue, first in line first. */
export function QueueTable({ queue, now, canCall, busy, onCallNext, onCall, onTransfer }: QueueTableProps) {
  const { t, i18n } = useTranslation();
  // The agent's own clock: the workspace sits in the authority's offices.
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const headingId = `queue-${queue.officeId}`;
  return (
    <section className="stack stack--small queue" aria-labelledby={headingId}>
      <div className="queue__header">
        <h3 id={headingId} tabIndex={-1} className="kern-heading-small">
          {queue.name}
        </h3>
        <p className="kern-body">
          {t('staff.queue.waitingCount', { count: queue.waiting.length })} ·{' '}
          {t('staff.queue.servingCount', { count: queue.agentsServing })}
        </p>
        <Button
          disabled={!canCall || busy || queue.waiting.length === 0}
          onClick={onCallNext}
          aria-describedby={headingId}
        >
          {t('staff.queue.callNext')}
        </Button>
      </div>
      {queue.waiting.length === 0 ? (
        <p className="kern-body">{t('staff.queue.empty')}</p>
      ) : (
        <DataTable
          caption={t('staff.queue.caption', { office: queue.name })}
          rows={queue.waiting}
          rowKey={(entry) => entry.visitId}
          columns={[
            {
              header: t('staff.queue.name'),
              cell: (entry) => (
                <>
                  {entry.displayName}
                  {entry.kind === 'appointment' ? (
                    <span className="kern-badge kern-badge--success kern-badge--small queue__badge">
                      <span className="kern-icon kern-icon--success" aria-hidden="true" />
                      <span className="kern-label">{t('staff.queue.appointment')}</span>
                    </span>
                  ) : null}
                  {entry.audioOnly ? (
                    <span className="kern-badge kern-badge--info kern-badge--small queue__badge">
                      <span className="kern-icon kern-icon--info" aria-hidden="true" />
                      <span className="kern-label">{t('staff.queue.audioOnly')}</span>
                    </span>
                  ) : null}
                  {entry.disconnectedAt ? (
                    <span className="kern-badge kern-badge--warning kern-badge--small queue__badge">
                      <span className="kern-icon kern-icon--warning" aria-hidden="true" />
                      <span className="kern-label">
                        {t('staff.queue.disconnected', {
                          time: formatTime(entry.disconnectedAt, timeZone, i18n.language),
                        })}
                      </span>
                    </span>
                  ) : null}
                </>
              ),
            },
            {
              header: t('staff.queue.concern'),
              cell: (entry) => entry.concern || t('staff.queue.noConcern'),
            },
            {
              header: t('staff.queue.since'),
              cell: (entry) => (
                <>
                  {t('staff.queue.minutes', { count: minutesSince(entry.queuedAt, now) })}
                  {entry.transferredFrom ? (
                    <>
                      <br />
                      {t('staff.queue.total', { count: minutesSince(entry.arrivedAt, now) })}
                    </>
                  ) : null}
                </>
              ),
            },
            {
              header: t('staff.queue.note'),
              cell: (entry) =>
                entry.transferredFrom ? (
                  <>
                    {t('staff.queue.from', { office: entry.transferredFrom })}
                    {entry.transferNote ? (
                      <>
                        <br />
                        {entry.transferNote}
                      </>
                    ) : null}
                  </>
                ) : (
                  '–'
                ),
            },
            {
              header: t('common.actions'),
              cell: (entry) => (
                <span className="button-row">
                  <Button
                    variant="secondary"
                    small
                    disabled={!canCall || busy}
                    onClick={() => onCall(entry)}
                    aria-label={t('staff.queue.callNamed', { name: entry.displayName })}
                  >
                    {t('staff.queue.call')}
                  </Button>
                  <Button
                    variant="tertiary"
                    small
                    onClick={() => onTransfer(entry)}
                    aria-label={t('staff.queue.transferNamed', { name: entry.displayName })}
                  >
                    {t('staff.queue.transfer')}
                  </Button>
                </span>
              ),
            },
          ]}
        />
      )}
    </section>
  );
}
