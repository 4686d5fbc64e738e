import { useTranslation } from 'react-i18next';
import { adminApi } from '../../api/admin';
import { useAuth } from '../../auth/context';
import { FormAlert } from '../../components/FormAlert';
import { PageHeader } from '../../components/PageHeader';
import { ReadOnlyNotice } from '../../components/ReadOnlyNotice';
import { StatusMessage } from '../../components/StatusMessage';
import { useCrudPage } from '../../hooks/useCrudPage';
import { useLoad } from '../../hooks/useLoad';
import { useUnitScope } from '../../hooks/useUnitScope';
import { unitOptions } from '../../lib/unitTree';
import { OfficeForm } from './OfficeForm';
import { OfficeList } from './OfficeList';

export function OfficesPage() {
  const { me } = useAuth();
  const { t } = useTranslation();
  const page = useCrudPage(adminApi.offices.list);
  const units = useLoad(adminApi.units.list).data;
  const scope = useUnitScope('offices', units);
  const offices = page.items;
  const unitName = (id: string) => units?.find((u) => u.id === id)?.name ?? '–';
  const options = units ? unitOptions(units, scope.allowed) : [];

  return (
    <>
      <PageHeader title={t('admin.sections.offices.title')} intro={t('admin.sections.offices.description')} />
      {scope.canWrite ? null : <ReadOnlyNotice />}
      <StatusMessage message={page.status} />
      <FormAlert message={page.problem} />
      <section className="stack" aria-labelledby="offices-list-heading">
        <h2 id="offices-list-heading" className="kern-heading-medium">
          {t('offices.listHeading')}
        </h2>
        {offices === undefined ? (
          <p className="kern-body">{t('common.loading')}</p>
        ) : offices.length === 0 ? (
          <p className="kern-body">{t('offices.empty')}</p>
        ) : (
          <OfficeList
            offices={offices}
            tenantSlug={me?.tenant.slug ?? ''}
            unitName={unitName}
            canManage={scope.canManage}
            onEdit={page.edit}
            onDelete={(office) => void page.remove(office, office.name, adminApi.offices.remove)}
          />
        )}
      </section>
      {scope.canWrite && units ? (
        options.length === 0 ? (
          <p className="kern-body">{t('common.needUnit')}</p>
        ) : (
          <OfficeForm
            key={page.formKey}
            office={page.editing}
            unitOptions={options}
            onSaved={(message) => void page.saved(message)}
            onCancel={() => page.edit(null)}
          />
        )
      ) : null}
    </>
  );
}
