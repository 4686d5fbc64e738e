import { useTranslation } from 'react-i18next';
import type { OfficeQueue, WaitingEntry } from '../../shared/realtime';
import { QueueTable } from './QueueTable';

interface QueueSectionProps {
  /** The offices whose queues are shown (those ticked in the presence section). */
  offices: { id: string; name: string }[];
  queues: ReadonlyMap<string, OfficeQueue>;
  available: boolean;
  /** In a call single citizens cannot be called; call-next ends the call first. */
  inCall: boolean;
  busy: boolean;
  now: number;
  onCallNext(officeId: string): void;
  onCall(entry: WaitingEntry): void;
  onTransfer(entry: WaitingEntry, officeId: string): void;
  run(action: () => Promise<unknown>): void;
  onDone(message: string): void;
  heading?: 'h2' | 'h3';
}

/** The live queues of the offices the agent serves, one table each. */
export function QueueSection(props: QueueSectionProps) {
  const { offices, queues, available, inCall, busy, now, heading: Heading = 'h2' } = props;
  const { t } = useTranslation();
  return (
    <section className="stack" aria-labelledby="queues-heading">
      <Heading id="queues-heading" className="kern-heading-medium">
        {t('staff.queue.title')}
      </Heading>
      {!available ? <p className="kern-body">{t('staff.queue.awayHint')}</p> : null}
      {offices.length === 0 ? <p className="kern-body">{t('staff.queue.none')}</p> : null}
      {offices.map((office) => (
        <QueueTable
          key={office.id}
          queue={
            queues.get(office.id) ?? { officeId: office.id, name: office.name, agentsServing: 0, waiting: [] }
          }
          now={now}
          canCall={available && !inCall}
          canCallNext={available}
          callNextLabel={inCall ? t('staff.queue.endAndCallNext') : t('staff.queue.callNext')}
          busy={busy}
          onCallNext={() => props.onCallNext(office.id)}
          onCall={props.onCall}
          onTransfer={(entry) => props.onTransfer(entry, office.id)}
          run={props.run}
          onDone={props.onDone}
        />
      ))}
    </section>
  );
}
