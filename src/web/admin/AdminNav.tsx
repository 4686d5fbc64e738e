import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useAuth } from '../auth/context';
import { sectionsFor, sectionTitleKey } from './sections';

export function AdminNav() {
  const { t } = useTranslation();
  const { me } = useAuth();
  return (
    <nav aria-label={t('admin.navLabel')} className="admin-nav">
      <ul className="admin-nav__list">
        <li>
          <NavLink end className="admin-nav__link kern-link" to="/admin">
            {t('admin.overview')}
          </NavLink>
        </li>
        {sectionsFor(me?.role).map(({ section, path }) => (
          <li key={section}>
            <NavLink className="admin-nav__link kern-link" to={`/admin/${path}`}>
              {t(sectionTitleKey(section, 'title'))}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
