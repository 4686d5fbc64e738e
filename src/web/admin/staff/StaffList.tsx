import { useTranslation } from 'react-i18next';
import type { Staff } from '../../../shared/admin';
import { Button } from '../../components/Button';

interface StaffListProps {
  staff: Staff[];
  canWrite: boolean;
  unitName(id: string | null): string;
  onEdit(staff: Staff): void;
  onEndSessions(staff: Staff): void;
  onDelete(staff: Staff): void;
}

export function StaffList({ staff, canWrite, unitName, onEdit, onEndSessions, onDelete }: StaffListProps) {
  const { t } = useTranslation();
  return (
    <div className="kern-table-responsive">
      <table className="kern-table">
        <caption className="kern-sr-only">{t('staff.listHeading')}</caption>
        <thead>
          <tr className="kern-table__row">
            <th scope="col" className="kern-table__header">
              {t('staff.displayName')}
            </th>
            <th scope="col" className="kern-table__header">
              {t('staff.email')}
            </th>
            <th scope="col" className="kern-table__header">
              {t('staff.role')}
            </th>
            <th scope="col" className="kern-table__header">
              {t('common.unit')}
            </th>
            <th scope="col" className="kern-table__header">
              {t('staff.status')}
            </th>
            {canWrite ? (
              <th scope="col" className="kern-table__header">
                {t('common.actions')}
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="kern-table__body">
          {staff.map((person) => (
            <tr key={person.id} className="kern-table__row">
              <th scope="row" className="kern-table__header">
                {person.displayName}
              </th>
              <td className="kern-table__cell">{person.email}</td>
              <td className="kern-table__cell">{t(`roles.${person.role}`)}</td>
              <td className="kern-table__cell">{unitName(person.unitId)}</td>
              <td className="kern-table__cell">
                <span
                  className={`kern-badge ${person.active ? 'kern-badge--success' : 'kern-badge--warning'}`}
                >
                  <span className="kern-label">
                    {person.active ? t('staff.isActive') : t('staff.isInactive')}
                  </span>
                </span>
              </td>
              {canWrite ? (
                <td className="kern-table__cell">
                  <span className="button-row">
                    <Button
                      variant="secondary"
                      small
                      onClick={() => onEdit(person)}
                      aria-label={t('common.editNamed', { name: person.displayName })}
                    >
                      {t('common.edit')}
                    </Button>
                    <Button
                      variant="secondary"
                      small
                      onClick={() => onEndSessions(person)}
                      aria-label={t('staff.endSessionsNamed', { name: person.displayName })}
                    >
                      {t('staff.endSessions')}
                    </Button>
                    <Button
                      variant="tertiary"
                      small
                      onClick={() => onDelete(person)}
                      aria-label={t('common.deleteNamed', { name: person.displayName })}
                    >
                      {t('common.delete')}
                    </Button>
                  </span>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
