import { useTranslation } from 'react-i18next';
import type { Staff } from '../../../shared/admin';
import { adminApi } from '../../api/admin';
import { FormAlert } from '../../components/FormAlert';
import { PageHeader } from '../../components/PageHeader';
import { ReadOnlyNotice } from '../../components/ReadOnlyNotice';
import { StatusMessage } from '../../components/StatusMessage';
import { useCanWrite } from '../../hooks/useCanWrite';
import { useCrudPage } from '../../hooks/useCrudPage';
import { useLoad } from '../../hooks/useLoad';
import { problemMessage } from '../../lib/problemMessage';
import { unitOptions } from '../../lib/unitTree';
import { StaffForm } from './StaffForm';
import { StaffList } from './StaffList';

export function StaffPage() {
  const { t } = useTranslation();
  const canWrite = useCanWrite('staff');
  const page = useCrudPage(adminApi.staff.list);
  const units = useLoad(adminApi.units.list).data;
  const offices = useLoad(adminApi.offices.list).data;
  const staff = page.items;
  const unitName = (id: string | null) =>
    id ? (units?.find((u) => u.id === id)?.name ?? '–') : t('staff.noUnit');

  async function endSessions(person: Staff) {
    if (!window.confirm(t('staff.confirmEndSessions', { name: person.displayName }))) return;
    try {
      await adminApi.staff.endSessions(person.id);
      await page.saved(t('staff.sessionsEnded', { name: person.displayName }));
    } catch (error) {
      page.setProblem(problemMessage(error, t));
    }
  }

  return (
    <>
      <PageHeader title={t('admin.sections.staff.title')} intro={t('admin.sections.staff.description')} />
      {canWrite ? null : <ReadOnlyNotice />}
      <StatusMessage message={page.status} />
      <FormAlert message={page.problem} />
      <section className="stack" aria-labelledby="staff-list-heading">
        <h2 id="staff-list-heading" className="kern-heading-medium">
          {t('staff.listHeading')}
        </h2>
        {staff === undefined ? (
          <p className="kern-body">{t('common.loading')}</p>
        ) : (
          <StaffList
            staff={staff}
            canWrite={canWrite}
            unitName={unitName}
            onEdit={page.edit}
            onEndSessions={(person) => void endSessions(person)}
            onDelete={(person) => void page.remove(person, person.displayName, adminApi.staff.remove)}
          />
        )}
      </section>
      {canWrite && units && offices ? (
        <StaffForm
          key={page.formKey}
          staff={page.editing}
          unitOptions={unitOptions(units)}
          offices={offices}
          onSaved={(message) => void page.saved(message)}
          onCancel={() => page.edit(null)}
        />
      ) : null}
    </>
  );
}
