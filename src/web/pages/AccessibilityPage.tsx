import { useTranslation } from 'react-i18next';
import { usePageTitle } from '../hooks/usePageTitle';

/** Erklärung zur Barrierefreiheit (BITV 2.0 § 12b): status, limitations, feedback, enforcement. */
export function AccessibilityPage() {
  const { t } = useTranslation();
  usePageTitle(t('a11y.title'));
  const email = t('a11y.feedbackEmail');
  return (
    <article className="stack">
      <h1 className="kern-heading-large">{t('a11y.title')}</h1>
      <p className="kern-body">{t('a11y.intro')}</p>
      <section className="stack stack--small" aria-labelledby="a11y-status">
        <h2 id="a11y-status" className="kern-heading-medium">
          {t('a11y.statusHeading')}
        </h2>
        <p className="kern-body">{t('a11y.status')}</p>
      </section>
      <section className="stack stack--small" aria-labelledby="a11y-limits">
        <h2 id="a11y-limits" className="kern-heading-medium">
          {t('a11y.limitsHeading')}
        </h2>
        <ul className="kern-list kern-list--bullet">
          <li>{t('a11y.limit1')}</li>
          <li>{t('a11y.limit2')}</li>
        </ul>
      </section>
      <section className="stack stack--small" aria-labelledby="a11y-prepared">
        <h2 id="a11y-prepared" className="kern-heading-medium">
          {t('a11y.preparedHeading')}
        </h2>
        <p className="kern-body">{t('a11y.prepared')}</p>
      </section>
      <section className="stack stack--small" aria-labelledby="a11y-feedback">
        <h2 id="a11y-feedback" className="kern-heading-medium">
          {t('a11y.feedbackHeading')}
        </h2>
        <p className="kern-body">{t('a11y.feedback')}</p>
        <p className="kern-body">
          {t('a11y.feedbackEmailLabel')}{' '}
          <a className="kern-link" href={`mailto:${email}`}>
            {email}
          </a>
        </p>
      </section>
      <section className="stack stack--small" aria-labelledby="a11y-enforcement">
        <h2 id="a11y-enforcement" className="kern-heading-medium">
          {t('a11y.enforcementHeading')}
        </h2>
        <p className="kern-body">{t('a11y.enforcement')}</p>
        <p className="kern-body">{t('a11y.enforcementLink')}</p>
      </section>
    </article>
  );
}
