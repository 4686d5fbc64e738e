import { useTranslation } from 'react-i18next';
import type { Staff } from '../../../shared/admin';
import { adminApi } from '../../api/admin';
import { useCanWrite } from '../../hooks/useCanWrite';
import { useCrudPage } from '../../hooks/useCrudPage';
import { useLoad } from '../../hooks/useLoad';
import { problemMessage } from '../../lib/problemMessage';
import { unitOptions } from '../../lib/unitTree';
import { AdminListSection } from '../AdminListSection';
import { AdminPage } from '../AdminPage';
import { StaffForm } from './StaffForm';
import { StaffList } from './StaffList';

export function StaffPage() {
  const { t } = useTranslation();
  const canWrite = useCanWrite('staff');
  const page = useCrudPage(adminApi.staff.list);
  const units = useLoad(adminApi.units.list).data;
  const offices = useLoad(adminApi.offices.list).data;
  const unitName = (id: string | null) =>
    id ? (units?.find((u) => u.id === id)?.name ?? '–') : t('staff.noUnit');

  /** An action on a colleague's access; the message says it was done, or what went wrong. */
  async function act(person: Staff, call: (id: string) => Promise<void>, doneKey: string) {
    try {
      await call(person.id);
      await page.saved(t(doneKey, { name: person.displayName }));
    } catch (error) {
      page.setProblem(problemMessage(error, t));
    }
  }

  return (
    <AdminPage section="staff" canWrite={canWrite} status={page.status} problem={page.problem}>
      <AdminListSection section="staff" items={page.items}>
        {(staff) => (
          <StaffList
            staff={staff}
            canWrite={canWrite}
            unitName={unitName}
            onEdit={page.edit}
            onEndSessions={(person) => {
              if (window.confirm(t('staff.confirmEndSessions', { name: person.displayName }))) {
                void act(person, adminApi.staff.endSessions, 'staff.sessionsEnded');
              }
            }}
            onLiftLock={(person) => void act(person, adminApi.staff.liftLock, 'staff.lockLifted')}
            onResetSecondFactor={(person) => {
              if (window.confirm(t('staff.confirmResetSecondFactor', { name: person.displayName }))) {
                void act(person, adminApi.staff.resetSecondFactor, 'staff.secondFactorReset');
              }
            }}
            onDelete={(person) => void page.remove(person, person.displayName, adminApi.staff.remove)}
          />
        )}
      </AdminListSection>
      {canWrite && units && offices ? (
        <StaffForm
          key={page.formKey}
          staff={page.editing}
          unitOptions={unitOptions(units)}
          offices={offices}
          {...page.editor}
        />
      ) : null}
    </AdminPage>
  );
}
