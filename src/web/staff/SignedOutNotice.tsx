import { useTranslation } from 'react-i18next';
import { Alert } from '../components/Alert';

/**
 * Shown instead of the workspace once the server ended this tab's session. The link loads the page
 * afresh (not a client-side route), so the whole app learns it is signed out and keeps nothing shown.
 */
export function SignedOutNotice() {
  const { t } = useTranslation();
  return (
    <div role="alert">
      <Alert tone="info" title={t('staff.signedOut.title')} bodyClassName="stack stack--small">
        <p className="kern-body">{t('staff.signedOut.text')}</p>
        <p className="kern-body">
          <a className="kern-link" href="/login">
            {t('staff.signedOut.signIn')}
          </a>
        </p>
      </Alert>
    </div>
  );
}
