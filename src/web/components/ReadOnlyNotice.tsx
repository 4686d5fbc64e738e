import { useTranslation } from 'react-i18next';
import { Alert } from './Alert';

/** Tells people without write rights why there are no edit controls. */
export function ReadOnlyNotice() {
  const { t } = useTranslation();
  return <Alert tone="info" title={t('common.readOnly')} />;
}
