import { adminApi } from '../../api/admin';
import { UnitItemsPage } from '../UnitItemsPage';
import { ServiceForm } from './ServiceForm';
import { ServiceList } from './ServiceList';

export function ServicesPage() {
  return (
    <UnitItemsPage
      section="services"
      resource={adminApi.services}
      list={(services, actions) => <ServiceList services={services} {...actions} />}
      editor={({ editing, ...props }) => <ServiceForm service={editing} {...props} />}
    />
  );
}
