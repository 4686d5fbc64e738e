import { useTranslation } from 'react-i18next';
import type { Service } from '../../../shared/admin';
import { DataTable } from '../../components/DataTable';
import { type UnitItemActions, useUnitItemColumns } from '../useUnitItemColumns';

interface ServiceListProps extends UnitItemActions<Service> {
  services: Service[];
}

export function ServiceList({ services, ...actions }: ServiceListProps) {
  const { t } = useTranslation();
  const shared = useUnitItemColumns(actions);
  return (
    <DataTable
      caption={t('services.listHeading')}
      rows={services}
      rowKey={(service) => service.id}
      columns={[
        { header: t('services.name'), cell: (service) => service.name },
        shared.unit,
        {
          header: t('services.durationShort'),
          numeric: true,
          cell: (service) => t('services.minutes', { count: service.durationMinutes }),
        },
        { header: t('services.channel'), cell: (service) => t(`channels.${service.channel}`) },
        {
          header: t('services.documentsShort'),
          numeric: true,
          cell: (service) => service.requiredDocuments.length,
        },
        shared.actions,
      ]}
    />
  );
}
