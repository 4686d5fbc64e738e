import { useTranslation } from 'react-i18next';

/**
 * Shown instead of the workspace once the server ended this tab's session. The link loads the page
 * afresh (not a client-side route), so the whole app learns it is signed out and keeps nothing shown.
 */
export function SignedOutNotice() {
  const { t } = useTranslation();
  return (
    <div role="alert">
      <div className="kern-alert kern-alert--info">
        <div className="kern-alert__header">
          <span className="kern-icon kern-icon--info" aria-hidden="true" />
          <span className="kern-title">{t('staff.signedOut.title')}</span>
        </div>
        <div className="kern-alert__body stack stack--small">
          <p className="kern-body">{t('staff.signedOut.text')}</p>
          <p className="kern-body">
            <a className="kern-link" href="/login">
              {t('staff.signedOut.signIn')}
            </a>
          </p>
        </div>
      </div>
    </div>
  );
}
