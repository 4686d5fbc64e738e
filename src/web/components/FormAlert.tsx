import { useTranslation } from 'react-i18next';
import { Alert } from './Alert';

/** Announces why a form failed (role="alert"); shows nothing while all is well. */
export function FormAlert({ message }: { message: string | null }) {
  const { t } = useTranslation();
  return (
    <div role="alert">
      {message ? (
        <Alert tone="danger" title={t('form.errorTitle')}>
          <p className="kern-body">{message}</p>
        </Alert>
      ) : null}
    </div>
  );
}
