import { useTranslation } from 'react-i18next';
import { adminApi } from '../../api/admin';
import { useCanWrite } from '../../hooks/useCanWrite';
import { useCrudPage } from '../../hooks/useCrudPage';
import { buildTree } from '../../lib/unitTree';
import { AdminListSection } from '../AdminListSection';
import { AdminPage } from '../AdminPage';
import { UnitForm } from './UnitForm';
import { UnitTree } from './UnitTree';

export function UnitsPage() {
  const { t } = useTranslation();
  const canWrite = useCanWrite('units');
  const page = useCrudPage(adminApi.units.list);
  const units = page.items;

  return (
    <AdminPage section="units" canWrite={canWrite} status={page.status} problem={page.problem}>
      <AdminListSection section="units" items={units} emptyText={t('units.empty')}>
        {(units) => (
          <UnitTree
            nodes={buildTree(units)}
            canWrite={canWrite}
            onEdit={page.edit}
            onDelete={(unit) => void page.remove(unit, unit.name, adminApi.units.remove)}
          />
        )}
      </AdminListSection>
      {canWrite && units ? (
        <UnitForm key={page.formKey} units={units} unit={page.editing} {...page.editor} />
      ) : null}
    </AdminPage>
  );
}
