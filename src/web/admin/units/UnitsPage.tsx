import { useTranslation } from 'react-i18next';
import { adminApi } from '../../api/admin';
import { FormAlert } from '../../components/FormAlert';
import { PageHeader } from '../../components/PageHeader';
import { ReadOnlyNotice } from '../../components/ReadOnlyNotice';
import { StatusMessage } from '../../components/StatusMessage';
import { useCanWrite } from '../../hooks/useCanWrite';
import { useCrudPage } from '../../hooks/useCrudPage';
import { buildTree } from '../../lib/unitTree';
import { UnitForm } from './UnitForm';
import { UnitTree } from './UnitTree';

export function UnitsPage() {
  const { t } = useTranslation();
  const canWrite = useCanWrite('units');
  const page = useCrudPage(adminApi.units.list);
  const units = page.items;

  return (
    <>
      <PageHeader title={t('admin.sections.units.title')} intro={t('admin.sections.units.description')} />
      {canWrite ? null : <ReadOnlyNotice />}
      <StatusMessage message={page.status} />
      <FormAlert message={page.problem} />
      <section className="stack" aria-labelledby="units-list-heading">
        <h2 id="units-list-heading" className="kern-heading-medium">
          {t('units.listHeading')}
        </h2>
        {units === undefined ? (
          <p className="kern-body">{t('common.loading')}</p>
        ) : units.length === 0 ? (
          <p className="kern-body">{t('units.empty')}</p>
        ) : (
          <UnitTree
            nodes={buildTree(units)}
            canWrite={canWrite}
            onEdit={page.edit}
            onDelete={(unit) => void page.remove(unit, unit.name, adminApi.units.remove)}
          />
        )}
      </section>
      {canWrite && units ? (
        <UnitForm
          key={page.formKey}
          units={units}
          unit={page.editing}
          onSaved={(message) => void page.saved(message)}
          onCancel={() => page.edit(null)}
        />
      ) : null}
    </>
  );
}
