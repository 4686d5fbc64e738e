import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../hooks/usePageTitle';

export function NotFoundPage() {
  const { t } = useTranslation();
  usePageTitle(t('notFound.title'));
  return (
    <div className="stack">
      <h1 className="kern-heading-large">{t('notFound.title')}</h1>
      <p className="kern-body">{t('notFound.text')}</p>
      <p>
        <Link className="kern-link" to="/">
          {t('notFound.home')}
        </Link>
      </p>
    </div>
  );
}
