import { useTranslation } from 'react-i18next';

/** Announces why a form failed (role="alert"); shows nothing while all is well. */
export function FormAlert({ message }: { message: string | null }) {
  const { t } = useTranslation();
  return (
    <div role="alert">
      {message ? (
        <div className="kern-alert kern-alert--danger">
          <div className="kern-alert__header">
            <span className="kern-icon kern-icon--danger" aria-hidden="true" />
            <span className="kern-title">{t('form.errorTitle')}</span>
          </div>
          <div className="kern-alert__body">
            <p className="kern-body">{message}</p>
          </div>
        </div>
      ) : null}
    </div>
  );
}
