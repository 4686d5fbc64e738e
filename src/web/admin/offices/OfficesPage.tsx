import { adminApi } from '../../api/admin';
import { useAuth } from '../../auth/context';
import { UnitItemsPage } from '../UnitItemsPage';
import { OfficeForm } from './OfficeForm';
import { OfficeList } from './OfficeList';

export function OfficesPage() {
  const { me } = useAuth();
  return (
    <UnitItemsPage
      section="offices"
      resource={adminApi.offices}
      list={(offices, actions) => (
        <OfficeList offices={offices} tenantSlug={me?.tenant.slug ?? ''} {...actions} />
      )}
      editor={({ editing, ...props }) => <OfficeForm office={editing} {...props} />}
    />
  );
}
