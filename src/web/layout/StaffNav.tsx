import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { type Role, SERVING_ROLES } from '../../shared/roles';
import { useKnownAuth } from '../auth/context';

/** Workspace and administration, for signed-in staff only. */
export function StaffNav() {
  const { t } = useTranslation();
  const { me } = useKnownAuth();
  if (!me) return null;
  // The reporting and privacy roles serve no office: no workspace or calendar, only the administration.
  const serves = (SERVING_ROLES as readonly Role[]).includes(me.role);
  return (
    <nav aria-label={t('header.navLabel')}>
      <ul className="inline-list staff-nav">
        {serves ? (
          <>
            <li>
              <NavLink end className="kern-link" to="/staff">
                {t('header.workspace')}
              </NavLink>
            </li>
            <li>
              <NavLink className="kern-link" to="/staff/termine">
                {t('header.appointments')}
              </NavLink>
            </li>
            <li>
              <NavLink className="kern-link" to="/staff/verfuegbarkeit">
                {t('header.availability')}
              </NavLink>
            </li>
          </>
        ) : null}
        <li>
          <NavLink className="kern-link" to="/admin">
            {t('header.admin')}
          </NavLink>
        </li>
      </ul>
    </nav>
  );
}
