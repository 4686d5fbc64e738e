import { useTranslation } from 'react-i18next';
import type { SetAsideEntry } from '../../shared/realtime';
import { staffApi } from '../api/staff';
import { formatTime } from '../citizen/format';
import { Button } from '../components/Button';
import { DataTable } from '../components/DataTable';

interface SetAsideTableProps {
  officeName: string;
  entries: SetAsideEntry[];
  canCall: boolean;
  busy: boolean;
  timeZone: string;
  /** Runs a request with the workspace's busy state and problem message. */
  run(action: () => Promise<unknown>): void;
  onDone(message: string): void;
}

/**
 * The office's parked cases and citizens who missed their calls, for every clerk of the office: a
 * parked case is called directly; a missed citizen is put back into the line ("wieder aufnehmen") at
 * their old place or at the end.
 */
export function SetAsideTable(props: SetAsideTableProps) {
  const { officeName, entries, canCall, busy, timeZone, run, onDone } = props;
  const { t, i18n } = useTranslation();
  if (entries.length === 0) return null;
  const putBack = (entry: SetAsideEntry, at: 'place' | 'end') =>
    run(async () => {
      await staffApi.putBack(entry.visitId, at);
      onDone(t(`staff.setAside.putBack.done.${at}`, { name: entry.displayName }));
    });
  return (
    <DataTable
      caption={t('staff.setAside.caption', { office: officeName })}
      rows={entries}
      rowKey={(entry) => entry.visitId}
      columns={[
        { header: t('staff.queue.name'), cell: (entry) => <bdi>{entry.displayName}</bdi> },
        {
          header: t('staff.setAside.state'),
          cell: (entry) =>
            t(`staff.setAside.status.${entry.status}`, {
              time: formatTime(entry.since, timeZone, i18n.language),
              count: entry.missedCalls,
            }),
        },
        {
          header: t('staff.setAside.noteHeader'),
          cell: (entry) => entry.clerkNote ?? (entry.concern || '–'),
        },
        {
          header: t('common.actions'),
          cell: (entry) => (
            <span className="button-row">
              {entry.status === 'parked' ? (
                <Button
                  variant="secondary"
                  small
                  disabled={!canCall || busy}
                  onClick={() => run(() => staffApi.call(entry.visitId))}
                  aria-label={t('staff.queue.callNamed', { name: entry.displayName })}
                >
                  {t('staff.queue.call')}
                </Button>
              ) : null}
              <Button
                variant="secondary"
                small
                disabled={busy}
                onClick={() => putBack(entry, 'place')}
                aria-label={t('staff.setAside.putBack.placeNamed', { name: entry.displayName })}
              >
                {t('staff.setAside.putBack.place')}
              </Button>
              <Button
                variant="tertiary"
                small
                disabled={busy}
                onClick={() => putBack(entry, 'end')}
                aria-label={t('staff.setAside.putBack.endNamed', { name: entry.displayName })}
              >
                {t('staff.setAside.putBack.end')}
              </Button>
            </span>
          ),
        },
      ]}
    />
  );
}
