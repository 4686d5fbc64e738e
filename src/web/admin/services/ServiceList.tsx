import { useTranslation } from 'react-i18next';
import type { Service } from '../../../shared/admin';
import { Button } from '../../components/Button';

interface ServiceListProps {
  services: Service[];
  unitName(id: string): string;
  canManage(unitId: string): boolean;
  onEdit(service: Service): void;
  onDelete(service: Service): void;
}

export function ServiceList({ services, unitName, canManage, onEdit, onDelete }: ServiceListProps) {
  const { t } = useTranslation();
  return (
    <div className="kern-table-responsive">
      <table className="kern-table">
        <caption className="kern-sr-only">{t('services.listHeading')}</caption>
        <thead>
          <tr className="kern-table__row">
            <th scope="col" className="kern-table__header">
              {t('services.name')}
            </th>
            <th scope="col" className="kern-table__header">
              {t('common.unit')}
            </th>
            <th scope="col" className="kern-table__header kern-table__header--numeric">
              {t('services.durationShort')}
            </th>
            <th scope="col" className="kern-table__header">
              {t('services.channel')}
            </th>
            <th scope="col" className="kern-table__header kern-table__header--numeric">
              {t('services.documentsShort')}
            </th>
            <th scope="col" className="kern-table__header">
              {t('common.actions')}
            </th>
          </tr>
        </thead>
        <tbody className="kern-table__body">
          {services.map((service) => (
            <tr key={service.id} className="kern-table__row">
              <th scope="row" className="kern-table__header">
                {service.name}
              </th>
              <td className="kern-table__cell">{unitName(service.unitId)}</td>
              <td className="kern-table__cell kern-table__cell--numeric">
                {t('services.minutes', { count: service.durationMinutes })}
              </td>
              <td className="kern-table__cell">{t(`channels.${service.channel}`)}</td>
              <td className="kern-table__cell kern-table__cell--numeric">
                {service.requiredDocuments.length}
              </td>
              <td className="kern-table__cell">
                {canManage(service.unitId) ? (
                  <span className="button-row">
                    <Button
                      variant="secondary"
                      small
                      onClick={() => onEdit(service)}
                      aria-label={t('common.editNamed', { name: service.name })}
                    >
                      {t('common.edit')}
                    </Button>
                    <Button
                      variant="tertiary"
                      small
                      onClick={() => onDelete(service)}
                      aria-label={t('common.deleteNamed', { name: service.name })}
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
