/** "26.11.2026, 09:00" (or "26 Nov 2026, 09:00") in the browser's time zone and the UI language. */
export const formatDateTime = (iso: string, language: string) =>
  new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : 'de-DE', {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));
