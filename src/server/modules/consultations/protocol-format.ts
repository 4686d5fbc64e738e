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

/** "25.11.2026" for a calendar date "2026-11-25"; anything else unchanged. */
export function formatDateDe(date: string): string {
  const match = date.match(/^(\d{4})-(\d{2})-(\d{2})$/);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : date;
}

/** "12,3 KB (12.595 Bytes)": readable, and exact for comparing with a copy. */
export function formatBytesDe(bytes: number): string {
  const exact = `${String(bytes).replace(/\B(?=(\d{3})+(?!\d))/g, '.')} Bytes`;
  if (bytes < 1024) return exact;
  const [value, unit] = bytes < 1024 * 1024 ? [bytes / 1024, 'KB'] : [bytes / (1024 * 1024), 'MB'];
  return `${value.toFixed(1).replace('.', ',')} ${unit} (${exact})`;
}
