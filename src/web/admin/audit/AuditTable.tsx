import { useTranslation } from 'react-i18next';
import type { AuditEvent } from '../../../shared/audit';
import { DataTable } from '../../components/DataTable';
import { formatDateTime } from '../../lib/dateTime';
import { describeRef, type RefNames } from './refs';

export function AuditTable({ events, names }: { events: AuditEvent[]; names: RefNames }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage ?? 'de';
  return (
    <DataTable
      caption={t('adminIntegrations.audit.caption')}
      rows={events}
      rowKey={(event) => String(event.seq)}
      columns={[
        { header: t('adminIntegrations.audit.seq'), numeric: true, cell: (event) => event.seq },
        { header: t('adminIntegrations.audit.at'), cell: (event) => formatDateTime(event.at, language) },
        { header: t('adminIntegrations.audit.actor'), cell: (event) => describeRef(event.actor, names, t) },
        { header: t('adminIntegrations.audit.action'), cell: (event) => <code>{event.action}</code> },
        { header: t('adminIntegrations.audit.object'), cell: (event) => describeRef(event.object, names, t) },
      ]}
    />
  );
}
