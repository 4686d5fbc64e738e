import { adminApi } from '../../api/admin';
import { useAuth } from '../../auth/context';
import { UnitItemsPage } from '../UnitItemsPage';
import { LocalHolidaysSection } from './LocalHolidaysSection';
import { OfficeForm } from './OfficeForm';
import { OfficeList } from './OfficeList';
import { SpecialDatesSection } from './SpecialDatesSection';

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
      more={(offices) =>
        offices.length > 0 ? (
          <>
            <SpecialDatesSection offices={offices} />
            <LocalHolidaysSection offices={offices} />
          </>
        ) : null
      }
    />
  );
}
