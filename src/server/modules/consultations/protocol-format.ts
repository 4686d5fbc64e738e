import { Temporal } from 'temporal-polyfill';

const pad = (n: number) => String(n).padStart(2, '0');

const zoned = (iso: string, timeZone: string) => Temporal.Instant.from(iso).toZonedDateTimeISO(timeZone);

/** "25.11.2026, 10:03 Uhr" in the authority's time zone. */
export function formatDateTimeDe(iso: string, timeZone: string): string {
  const t = zoned(iso, timeZone);
  return `${pad(t.day)}.${pad(t.month)}.${t.year}, ${pad(t.hour)}:${pad(t.minute)} Uhr`;
}

/** "10:03" in the authority's time zone. */
export function formatTimeDe(iso: string, timeZone: string): string {
  const t = zoned(iso, timeZone);
  return `${pad(t.hour)}:${pad(t.minute)}`;
}

/** "2026-11-25": the calendar day in the authority's time zone, e.g. for file names. */
export function calendarDay(iso: string, timeZone: string): string {
  return zoned(iso, timeZone).toPlainDate().toString();
}

/** "1 Std. 5 Min.", "12 Min. 3 Sek.", "40 Sek." */
export function formatDurationDe(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  if (hours > 0) return `${hours} Std. ${minutes} Min.`;
  if (minutes > 0) return `${minutes} Min. ${seconds} Sek.`;
  return `${seconds} Sek.`;
}

/** Text as the PDF shows it: line breaks normalised, tabs as spaces. */
export function pdfText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(/\t/g, '    ');
}
