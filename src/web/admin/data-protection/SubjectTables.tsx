import { useTranslation } from 'react-i18next';
import type {
  SubjectAppointment,
  SubjectMessage,
  SubjectRecords,
  SubjectVisit,
} from '../../../shared/data-protection';
import { Button } from '../../components/Button';
import { type Column, DataTable } from '../../components/DataTable';
import { formatDateTime } from '../../lib/dateTime';

/** Which record the officer corrects. */
export type Correction =
  | { kind: 'appointment'; record: SubjectAppointment }
  | { kind: 'visit'; record: SubjectVisit };

interface SubjectTablesProps {
  records: SubjectRecords;
  onCorrect(correction: Correction): void;
}

/** One kind of record: its heading, and its table or "None." */
function RecordList<T extends { id: string }>({
  title,
  rows,
  columns,
}: {
  title: string;
  rows: T[];
  columns: Column<T>[];
}) {
  const { t } = useTranslation();
  return (
    <>
      <h3 className="kern-heading-small">{title}</h3>
      {rows.length === 0 ? (
        <p className="kern-body">{t('dataProtection.records.none')}</p>
      ) : (
        <DataTable caption={title} wide rows={rows} rowKey={(row) => row.id} columns={columns} />
      )}
    </>
  );
}

/** The found appointments, visits and messages, each appointment and visit with its correction button. */
export function SubjectTables({ records, onCorrect }: SubjectTablesProps) {
  const { t, i18n } = useTranslation();
  const when = (iso: string) => formatDateTime(iso, i18n.resolvedLanguage ?? 'de');
  const text = (key: string) => t(`dataProtection.records.${key}`);
  const name = (r: { erased: boolean; name: string }) => (r.erased ? text('erased') : r.name);
  const status = (r: { status: string }) => t(`dataProtection.status.${r.status}`);
  const correct = (at: string, correction: Correction) => (
    <Button
      variant="secondary"
      small
      disabled={correction.record.erased}
      aria-label={t('dataProtection.records.correctNamed', { what: at })}
      onClick={() => onCorrect(correction)}
    >
      {text('correct')}
    </Button>
  );
  return (
    <>
      <RecordList<SubjectAppointment>
        title={text('appointments')}
        rows={records.appointments}
        columns={[
          { header: text('when'), cell: (a) => when(a.startsAt) },
          { header: text('service'), cell: (a) => `${a.serviceName} · ${a.officeName}` },
          { header: text('name'), cell: name },
          { header: text('contact'), cell: (a) => [a.email, a.phone].filter(Boolean).join(', ') },
          { header: text('status'), cell: status },
          {
            header: text('actions'),
            cell: (a) => correct(when(a.startsAt), { kind: 'appointment', record: a }),
          },
        ]}
      />
      <RecordList<SubjectVisit>
        title={text('visits')}
        rows={records.visits}
        columns={[
          { header: text('when'), cell: (v) => when(v.arrivedAt) },
          { header: text('office'), cell: (v) => v.officeName },
          { header: text('name'), cell: name },
          { header: text('calls'), numeric: true, cell: (v) => v.consultations },
          { header: text('status'), cell: status },
          { header: text('actions'), cell: (v) => correct(when(v.arrivedAt), { kind: 'visit', record: v }) },
        ]}
      />
      <RecordList<SubjectMessage>
        title={text('messages')}
        rows={records.outboxMessages}
        columns={[
          { header: text('when'), cell: (m) => when(m.createdAt) },
          { header: text('recipient'), cell: (m) => m.recipient },
          { header: text('subject'), cell: (m) => m.subject || t('outbox.sms') },
        ]}
      />
    </>
  );
}
