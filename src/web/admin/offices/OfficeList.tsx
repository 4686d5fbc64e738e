import { useTranslation } from 'react-i18next';
import type { Office } from '../../../shared/admin';
import { Button } from '../../components/Button';
import { hoursSummary } from './hoursSummary';

interface OfficeListProps {
  offices: Office[];
  tenantSlug: string;
  unitName(id: string): string;
  canManage(unitId: string): boolean;
  onEdit(office: Office): void;
  onDelete(office: Office): void;
}

export function OfficeList({ offices, tenantSlug, unitName, canManage, onEdit, onDelete }: OfficeListProps) {
  const { t } = useTranslation();
  return (
    <div className="kern-table-responsive">
      <table className="kern-table">
        <caption className="kern-sr-only">{t('offices.listHeading')}</caption>
        <thead>
          <tr className="kern-table__row">
            <th scope="col" className="kern-table__header">
              {t('offices.name')}
            </th>
            <th scope="col" className="kern-table__header">
              {t('offices.address')}
            </th>
            <th scope="col" className="kern-table__header">
              {t('common.unit')}
            </th>
            <th scope="col" className="kern-table__header">
              {t('offices.hours.legend')}
            </th>
            <th scope="col" className="kern-table__header kern-table__header--numeric">
              {t('offices.capacity')}
            </th>
            <th scope="col" className="kern-table__header">
              {t('common.actions')}
            </th>
          </tr>
        </thead>
        <tbody className="kern-table__body">
          {offices.map((office) => (
            <tr key={office.id} className="kern-table__row">
              <th scope="row" className="kern-table__header">
                {office.name}
              </th>
              <td className="kern-table__cell">{`/${tenantSlug}/${office.slug}`}</td>
              <td className="kern-table__cell">{unitName(office.unitId)}</td>
              <td className="kern-table__cell">
                {hoursSummary(office.openingHours, t)}
                {office.closedDays.length > 0 ? (
                  <>
                    <br />
                    {t('offices.closedDays.count', { count: office.closedDays.length })}
                  </>
                ) : null}
              </td>
              <td className="kern-table__cell kern-table__cell--numeric">{office.capacity}</td>
              <td className="kern-table__cell">
                {canManage(office.unitId) ? (
                  <span className="button-row">
                    <Button
                      variant="secondary"
                      small
                      onClick={() => onEdit(office)}
                      aria-label={t('common.editNamed', { name: office.name })}
                    >
                      {t('common.edit')}
                    </Button>
                    <Button
                      variant="tertiary"
                      small
                      onClick={() => onDelete(office)}
                      aria-label={t('common.deleteNamed', { name: office.name })}
                    >
                      {t('common.delete')}
                    </Button>
                  </span>
                ) : (
                  t('common.noActions')
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
