import type { TFunction } from 'i18next';
import { type OpeningHours, WEEKDAYS } from '../../../shared/admin';

/** "Mo 08:00–12:00, 13:00–16:00; Di …" in the current language; closed days left out. */
export function hoursSummary(hours: OpeningHours, t: TFunction): string {
  const days = WEEKDAYS.filter((day) => (hours[day]?.length ?? 0) > 0).map(
    (day) => `${t(`weekdaysShort.${day}`)} ${(hours[day] ?? []).map((i) => `${i.from}–${i.to}`).join(', ')}`,
  );
  return days.length > 0 ? days.join('; ') : t('offices.hours.neverOpen');
}
