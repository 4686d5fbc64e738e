import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../hooks/usePageTitle';

export function LandingPage() {
  const { t } = useTranslation();
  usePageTitle(t('landing.title'));
  return (
    <div className="stack">
      <h1 className="kern-heading-large">{t('landing.title')}</h1>
      <p className="kern-body kern-body--large">{t('landing.intro')}</p>
      <p>
        <Link className="kern-btn kern-btn--primary" to="/login">
          <span className="kern-label">{t('landing.staffSignIn')}</span>
        </Link>
      </p>
    </div>
  );
}
