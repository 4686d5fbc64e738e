import { useTranslation } from 'react-i18next';
import type { Staff } from '../../../shared/admin';
import { Button } from '../../components/Button';
import { type Column, DataTable } from '../../components/DataTable';
import { RowActions } from '../RowActions';

interface StaffListProps {
  staff: Staff[];
  canWrite: boolean;
  unitName(id: string | null): string;
  onEdit(staff: Staff): void;
  onEndSessions(staff: Staff): void;
  onLiftLock(staff: Staff): void;
  onResetSecondFactor(staff: Staff): void;
  onDelete(staff: Staff): void;
}

export function StaffList({
  staff,
  canWrite,
  unitName,
  onEdit,
  onEndSessions,
  onLiftLock,
  onResetSecondFactor,
  onDelete,
}: StaffListProps) {
  const { t } = useTranslation();
  const actions: Column<Staff> = {
    header: t('common.actions'),
    cell: (person) => (
      <RowActions name={person.displayName} onEdit={() => onEdit(person)} onDelete={() => onDelete(person)}>
        <Button
          variant="secondary"
          small
          onClick={() => onEndSessions(person)}
          aria-label={t('staff.endSessionsNamed', { name: person.displayName })}
        >
          {t('staff.endSessions')}
        </Button>
        <Button
          variant="secondary"
          small
          onClick={() => onLiftLock(person)}
          aria-label={t('staff.liftLockNamed', { name: person.displayName })}
        >
          {t('staff.liftLock')}
        </Button>
        <Button
          variant="secondary"
          small
          onClick={() => onResetSecondFactor(person)}
          aria-label={t('staff.resetSecondFactorNamed', { name: person.displayName })}
        >
          {t('staff.resetSecondFactor')}
        </Button>
      </RowActions>
    ),
  };
  return (
    <DataTable
      caption={t('staff.listHeading')}
      rows={staff}
      rowKey={(person) => person.id}
      columns={[
        { header: t('staff.displayName'), cell: (person) => person.displayName },
        { header: t('staff.email'), cell: (person) => person.email },
        { header: t('staff.role'), cell: (person) => t(`roles.${person.role}`) },
        { header: t('common.unit'), cell: (person) => unitName(person.unitId) },
        {
          header: t('staff.status'),
          cell: (person) => (
            <span className={`kern-badge ${person.active ? 'kern-badge--success' : 'kern-badge--warning'}`}>
              <span className="kern-label">
                {person.active ? t('staff.isActive') : t('staff.isInactive')}
              </span>
            </span>
          ),
        },
        // Without write rights there is nothing to do, so the column is left out.
        ...(canWrite ? [actions] : []),
      ]}
    />
  );
}
