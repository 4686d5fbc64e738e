import { formatDateTime } from '../lib/dateTimeFormat';

const locale = (language: string) => (language === 'en' ? 'en-GB' : 'de-DE');

/** "Mittwoch, 26. November, 08:00" in the authority's time zone and the UI language. */
export function formatInstant(iso: string, timeZone: string, language: string): string {
  return formatDateTime(
    locale(language),
    { timeZone, weekday: 'long', day: 'numeric', month: 'long', hour: '2-digit', minute: '2-digit' },
    new Date(iso),
  );
}

/** "18:00" in the authority's time zone (the device's when not known). */
export function formatTime(iso: string, timeZone: string | undefined, language: string): string {
  return formatDateTime(
    locale(language),
    { ...(timeZone ? { timeZone } : {}), hour: '2-digit', minute: '2-digit' },
    new Date(iso),
  );
}

/** Whole minutes since an instant, never negative (clocks of server and browser may differ a little). */
export function minutesSince(iso: string, now: number): number {
  return Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
}
