import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAuth } from '../auth/context';
import { usePageTitle } from '../hooks/usePageTitle';
import { sectionsFor, sectionTitleKey } from './sections';

export function AdminHome() {
  const { t } = useTranslation();
  const { me } = useAuth();
  usePageTitle(t('admin.title'));
  return (
    <>
      <h1 className="kern-heading-large">{t('admin.title')}</h1>
      <p className="kern-body">
        {t('admin.welcome', { name: me?.displayName, tenant: me?.tenant.name, role: t(`roles.${me?.role}`) })}
      </p>
      <ul className="card-grid">
        {sectionsFor(me?.role).map(({ section, path }) => (
          <li key={section} className="section-card stack stack--small">
            <h2 className="kern-heading-small">
              <Link className="kern-link" to={`/admin/${path}`}>
                {t(sectionTitleKey(section, 'title'))}
              </Link>
            </h2>
            <p className="kern-body">{t(sectionTitleKey(section, 'description'))}</p>
          </li>
        ))}
      </ul>
    </>
  );
}
