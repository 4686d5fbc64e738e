import { useTranslation } from 'react-i18next';
import type { OfficeQueue, WaitingEntry } from '../../shared/realtime';
import { minutesSince } from '../citizen/format';
import { Button } from '../components/Button';

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
  const { t } = useTranslation();
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
        <div className="kern-table-responsive">
          <table className="kern-table">
            <caption className="kern-sr-only">{t('staff.queue.caption', { office: queue.name })}</caption>
            <thead>
              <tr className="kern-table__row">
                <th scope="col" className="kern-table__header">
                  {t('staff.queue.name')}
                </th>
                <th scope="col" className="kern-table__header">
                  {t('staff.queue.concern')}
                </th>
                <th scope="col" className="kern-table__header">
                  {t('staff.queue.since')}
                </th>
                <th scope="col" className="kern-table__header">
                  {t('staff.queue.note')}
                </th>
                <th scope="col" className="kern-table__header">
                  {t('common.actions')}
                </th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {queue.waiting.map((entry) => {
                const here = minutesSince(entry.queuedAt, now);
                const total = minutesSince(entry.arrivedAt, now);
                return (
                  <tr key={entry.visitId} className="kern-table__row">
                    <th scope="row" className="kern-table__header">
                      {entry.displayName}
                      {entry.audioOnly ? (
                        <span className="kern-badge kern-badge--info kern-badge--small queue__badge">
                          <span className="kern-icon kern-icon--info" aria-hidden="true" />
                          <span className="kern-label">{t('staff.queue.audioOnly')}</span>
                        </span>
                      ) : null}
                    </th>
                    <td className="kern-table__cell">{entry.concern || t('staff.queue.noConcern')}</td>
                    <td className="kern-table__cell">
                      {t('staff.queue.minutes', { count: here })}
                      {entry.transferredFrom ? (
                        <>
                          <br />
                          {t('staff.queue.total', { count: total })}
                        </>
                      ) : null}
                    </td>
                    <td className="kern-table__cell">
                      {entry.transferredFrom ? (
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
                      )}
                    </td>
                    <td className="kern-table__cell">
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
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
