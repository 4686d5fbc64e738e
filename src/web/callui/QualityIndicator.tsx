import { useTranslation } from 'react-i18next';
import type { Quality } from '../call/quality';

const ICONS: Record<Quality, string> = { good: 'success', fair: 'warning', poor: 'danger', unknown: 'info' };

/** "Verbindungsqualität: gut" with an icon; words carry the meaning, the icon only repeats it. */
export function QualityIndicator({ quality, active }: { quality: Quality; active: boolean }) {
  const { t } = useTranslation();
  const shown: Quality = active ? quality : 'unknown';
  return (
    <p className="call-chip call-chip--quality kern-body">
      <span className={`kern-icon kern-icon--${ICONS[shown]}`} aria-hidden="true" />
      <span>{t('call.quality.label', { quality: t(`call.quality.${shown}`) })}</span>
    </p>
  );
}
