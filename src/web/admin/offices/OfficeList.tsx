import { useTranslation } from 'react-i18next';
import type { Office } from '../../../shared/admin';
import { DataTable } from '../../components/DataTable';
import { type UnitItemActions, useUnitItemColumns } from '../useUnitItemColumns';
import { hoursSummary } from './hoursSummary';

interface OfficeListProps extends UnitItemActions<Office> {
  offices: Office[];
  tenantSlug: string;
}

export function OfficeList({ offices, tenantSlug, ...actions }: OfficeListProps) {
  const { t } = useTranslation();
  const shared = useUnitItemColumns(actions);
  return (
    <DataTable
      caption={t('offices.listHeading')}
      rows={offices}
      rowKey={(office) => office.id}
      columns={[
        { header: t('offices.name'), cell: (office) => office.name },
        { header: t('offices.address'), cell: (office) => `/${tenantSlug}/${office.slug}` },
        shared.unit,
        {
          header: t('offices.hours.legend'),
          cell: (office) => (
            <>
              {hoursSummary(office.openingHours, t)}
              {office.closedDays.length > 0 ? (
                <>
                  <br />
                  {t('offices.closedDays.count', { count: office.closedDays.length })}
                </>
              ) : null}
            </>
          ),
        },
        { header: t('offices.capacity'), numeric: true, cell: (office) => office.capacity },
        shared.actions,
      ]}
    />
  );
}
