import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OfficeQueue, WaitingEntry } from '../../shared/realtime';
import { minutesSince } from '../citizen/format';
import { Button } from '../components/Button';
import { DataTable } from '../components/DataTable';
import { PriorityDialog } from './PriorityDialog';
import { QueueEntryBadges } from './QueueEntryBadges';
import { RemoveVisitsDialog } from './RemoveVisitsDialog';
import { SetAsideTable } from './SetAsideTable';
import { MORE_PAGE, useMoreWaiting } from './useMoreWaiting';

/** Everyone waiting in an office: beyond the head the server pushes, only the count is known. */
export const waitingCount = (queue: OfficeQueue | undefined) =>
  queue ? (queue.counts?.waiting ?? queue.waiting.length) : 0;

interface QueueTableProps {
  queue: OfficeQueue;
  now: number;
  /** Single citizens may be called now. */
  canCall: boolean;
  /** "Call next" may be used (during a call too: it ends that call first). */
  canCallNext: boolean;
  callNextLabel: string;
  busy: boolean;
  onCallNext(): void;
  onCall(entry: WaitingEntry): void;
  onTransfer(entry: WaitingEntry): void;
  /** Runs a request with the workspace's busy state and problem message. */
  run(action: () => Promise<unknown>): void;
  /** An action on entries succeeded (removed, priority, put back); the message says what happened. */
  onDone(message: string): void;
}

/**
 * One office's live queue, first in line first. Entries that look like a script's (several from one
 * client, a page that never connected) are marked; the agent can pick entries, or all marked ones at
 * once, and remove them after one confirmation. Below: the office's parked and missed citizens.
 */
export function QueueTable(props: QueueTableProps) {
  const { queue, now, canCall, canCallNext, busy, onCallNext, onCall, onTransfer, run, onDone } = props;
  const { t } = useTranslation();
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState<WaitingEntry[] | null>(null);
  const [prioritising, setPrioritising] = useState<WaitingEntry | null>(null);
  const more = useMoreWaiting(queue);
  const rows = more.rows;
  // Entries that left the queue meanwhile drop out of the choice by themselves.
  const chosen = rows.filter((entry) => picked.has(entry.visitId));
  const marked = rows.filter((entry) => entry.sameClient !== null || !entry.holdsPlace);
  const pick = (visitId: string, on: boolean) =>
    setPicked((before) => {
      const next = new Set(before);
      if (on) next.add(visitId);
      else next.delete(visitId);
      return next;
    });
  // The agent's own clock: the workspace sits in the authority's offices.
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const headingId = `queue-${queue.officeId}`;
  // The server pushes the head of a long queue only; the count is of everyone waiting.
  const waitingInAll = waitingCount(queue);
  return (
    <section className="stack stack--small queue" aria-labelledby={headingId}>
      <div className="queue__header">
        <h3 id={headingId} tabIndex={-1} className="kern-heading-small">
          {queue.name}
        </h3>
        <p className="kern-body">
          {t('staff.queue.waitingCount', { count: waitingInAll })} ·{' '}
          {t('staff.queue.servingCount', { count: queue.agentsServing })}
        </p>
        <Button
          disabled={!canCallNext || busy || queue.waiting.length === 0}
          onClick={onCallNext}
          aria-describedby={headingId}
        >
          {props.callNextLabel}
        </Button>
      </div>
      {queue.waiting.length === 0 ? (
        <p className="kern-body">{t('staff.queue.empty')}</p>
      ) : (
        <>
          <div className="queue__selection">
            {marked.length > 0 ? (
              <Button
                variant="secondary"
                small
                onClick={() => setPicked(new Set(marked.map((entry) => entry.visitId)))}
                aria-describedby={headingId}
              >
                {t('staff.queue.pickMarked', { count: marked.length })}
              </Button>
            ) : null}
            <Button
              variant="secondary"
              small
              disabled={chosen.length === 0}
              onClick={() => setConfirming(chosen)}
              aria-describedby={headingId}
            >
              {t('staff.queue.removePicked', { count: chosen.length })}
            </Button>
          </div>
          <DataTable
            caption={t('staff.queue.caption', { office: queue.name })}
            rows={rows}
            rowKey={(entry) => entry.visitId}
            columns={[
              {
                header: t('staff.queue.name'),
                cell: (entry) => (
                  <>
                    {/* Isolated: a name's right-to-left or override characters must not reorder the row. */}
                    <bdi>{entry.displayName}</bdi>
                    <QueueEntryBadges entry={entry} timeZone={timeZone} />
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
                    <Button
                      variant="tertiary"
                      small
                      onClick={() => setPrioritising(entry)}
                      aria-label={t('staff.queue.priorityNamed', { name: entry.displayName })}
                    >
                      {t('staff.queue.priorityButton')}
                    </Button>
                  </span>
                ),
              },
              {
                header: t('staff.queue.pick'),
                cell: (entry) => (
                  <div className="kern-form-check">
                    <input
                      id={`pick-${entry.visitId}`}
                      type="checkbox"
                      className="kern-form-check__checkbox"
                      checked={picked.has(entry.visitId)}
                      onChange={(event) => pick(entry.visitId, event.target.checked)}
                      aria-label={t('staff.queue.pickNamed', { name: entry.displayName })}
                    />
                    <label className="kern-label" htmlFor={`pick-${entry.visitId}`}>
                      {t('staff.queue.pickOne')}
                    </label>
                  </div>
                ),
              },
            ]}
          />
          {waitingInAll > rows.length ? (
            <div className="stack stack--small">
              <p className="kern-body">
                {t('staff.queue.headOnly', { shown: rows.length, count: waitingInAll })}
              </p>
              {/* Only the failure is announced: the counts above change with every push of a long queue. */}
              <p className="kern-body" role="status">
                {more.failed ? t('staff.queue.moreFailed') : null}
              </p>
              {more.canShowMore ? (
                <Button variant="secondary" small onClick={more.showMore} aria-describedby={headingId}>
                  {t('staff.queue.showMore', { count: Math.min(MORE_PAGE, waitingInAll - rows.length) })}
                </Button>
              ) : null}
            </div>
          ) : null}
        </>
      )}
      <SetAsideTable
        officeName={queue.name}
        entries={queue.setAside ?? []}
        canCall={canCall}
        busy={busy}
        timeZone={timeZone}
        run={run}
        onDone={onDone}
      />
      <RemoveVisitsDialog
        officeId={queue.officeId}
        entries={confirming}
        onClose={() => setConfirming(null)}
        onDone={(message) => {
          setConfirming(null);
          setPicked(new Set());
          onDone(message);
        }}
      />
      <PriorityDialog
        entry={prioritising}
        onClose={() => setPrioritising(null)}
        onDone={(message) => {
          setPrioritising(null);
          onDone(message);
        }}
      />
    </section>
  );
}
