import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { usePageTitle } from '../hooks/usePageTitle';

/** What a wrong, retired or expired manage or join link shows: a way on, never any data. */
export function LinkInvalid({ tenantSlug }: { tenantSlug: string }) {
  const { t } = useTranslation();
  usePageTitle(t('booking.invalid.title'));
  return (
    <div className="stack">
      <h1 className="kern-heading-large">{t('booking.invalid.title')}</h1>
      <p className="kern-body kern-body--large">{t('booking.invalid.text')}</p>
      <ul className="bullet-list">
        <li>{t('booking.invalid.moved')}</li>
        <li>{t('booking.invalid.cancelled')}</li>
        <li>{t('booking.invalid.typo')}</li>
      </ul>
      <p className="kern-body">
        <Link className="kern-link" to={`/${tenantSlug}/termine`}>
          {t('booking.invalid.book')}
        </Link>
      </p>
    </div>
  );
}
