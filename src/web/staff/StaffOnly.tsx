import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router';
import type { Me } from '../../shared/auth';
import { useAuth } from '../auth/context';

/** Staff-only pages: loading while asking who is signed in, /login for signed-out visitors. */
export function StaffOnly({ children }: { children(me: Me): ReactNode }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  if (me === undefined) return <p className="kern-body">{t('common.loading')}</p>;
  if (me === null) return <Navigate to="/login" replace />;
  return <>{children(me)}</>;
}
