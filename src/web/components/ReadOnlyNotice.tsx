import { useTranslation } from 'react-i18next';

/** Tells people without write rights why there are no edit controls. */
export function ReadOnlyNotice() {
  const { t } = useTranslation();
  return (
    <div className="kern-alert kern-alert--info">
      <div className="kern-alert__header">
        <span className="kern-icon kern-icon--info" aria-hidden="true" />
        <span className="kern-title">{t('common.readOnly')}</span>
      </div>
    </div>
  );
}
