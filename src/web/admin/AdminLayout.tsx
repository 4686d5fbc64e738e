import { useTranslation } from 'react-i18next';
import { Navigate, Outlet } from 'react-router';
import { useAuth } from '../auth/context';
import { AdminNav } from './AdminNav';

/** The staff-only area: signed-out visitors go to /login. */
export function AdminLayout() {
  const { t } = useTranslation();
  const { me } = useAuth();
  if (me === undefined) return <p className="kern-body">{t('common.loading')}</p>;
  if (me === null) return <Navigate to="/login" replace />;
  return (
    <div className="admin-layout">
      <AdminNav />
      <div className="stack">
        <Outlet />
      </div>
    </div>
  );
}
