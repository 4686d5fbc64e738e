import { useTranslation } from 'react-i18next';
import { adminApi } from '../../api/admin';
import { FormAlert } from '../../components/FormAlert';
import { PageHeader } from '../../components/PageHeader';
import { ReadOnlyNotice } from '../../components/ReadOnlyNotice';
import { StatusMessage } from '../../components/StatusMessage';
import { useCrudPage } from '../../hooks/useCrudPage';
import { useLoad } from '../../hooks/useLoad';
import { useUnitScope } from '../../hooks/useUnitScope';
import { unitOptions } from '../../lib/unitTree';
import { ServiceForm } from './ServiceForm';
import { ServiceList } from './ServiceList';

export function ServicesPage() {
  const { t } = useTranslation();
  const page = useCrudPage(adminApi.services.list);
  const units = useLoad(adminApi.units.list).data;
  const scope = useUnitScope('services', units);
  const services = page.items;
  const unitName = (id: string) => units?.find((u) => u.id === id)?.name ?? '–';
  const options = units ? unitOptions(units, scope.allowed) : [];

  return (
    <>
      <PageHeader
        title={t('admin.sections.services.title')}
        intro={t('admin.sections.services.description')}
      />
      {scope.canWrite ? null : <ReadOnlyNotice />}
      <StatusMessage message={page.status} />
      <FormAlert message={page.problem} />
      <section className="stack" aria-labelledby="services-list-heading">
        <h2 id="services-list-heading" className="kern-heading-medium">
          {t('services.listHeading')}
        </h2>
        {services === undefined ? (
          <p className="kern-body">{t('common.loading')}</p>
        ) : services.length === 0 ? (
          <p className="kern-body">{t('services.empty')}</p>
        ) : (
          <ServiceList
            services={services}
            unitName={unitName}
            canManage={scope.canManage}
            onEdit={page.edit}
            onDelete={(service) => void page.remove(service, service.name, adminApi.services.remove)}
          />
        )}
      </section>
      {scope.canWrite && units ? (
        options.length === 0 ? (
          <p className="kern-body">{t('common.needUnit')}</p>
        ) : (
          <ServiceForm
            key={page.formKey}
            service={page.editing}
            unitOptions={options}
            onSaved={(message) => void page.saved(message)}
            onCancel={() => page.edit(null)}
          />
        )
      ) : null}
    </>
  );
}
