import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { ADMIN_SECTIONS } from './sections';

export function AdminNav() {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('admin.navLabel')} className="admin-nav">
      <ul className="admin-nav__list">
        <li>
          <NavLink end className="admin-nav__link kern-link" to="/admin">
            {t('admin.overview')}
          </NavLink>
        </li>
        {ADMIN_SECTIONS.map(({ section, path }) => (
          <li key={section}>
            <NavLink className="admin-nav__link kern-link" to={`/admin/${path}`}>
              {t(`admin.sections.${section}.title`)}
            </NavLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
