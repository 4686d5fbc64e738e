import type { CalendarException, CalendarExceptionInput } from '../../../shared/calendar';

/** What the special-date form edits: one interval is what an evening opening or a short day needs. */
export interface SpecialDateDraft {
  firstDay: string;
  lastDay: string;
  kind: 'closed' | 'hours';
  from: string;
  to: string;
  reason: string;
}

export const emptySpecialDate = (): SpecialDateDraft => ({
  firstDay: '',
  lastDay: '',
  kind: 'hours',
  from: '17:00',
  to: '20:00',
  reason: '',
});

/** A single date needs no last day: left empty, it is the first. */
export const fromSpecialDraft = (d: SpecialDateDraft): CalendarExceptionInput => ({
  firstDay: d.firstDay,
  lastDay: d.lastDay || d.firstDay,
  hours: d.kind === 'closed' ? [] : [{ from: d.from, to: d.to }],
  reason: d.reason,
});

/** "24.12.2026" or "24.12.2026 – 31.12.2026", in the page's language. */
export function dateRange(e: Pick<CalendarException, 'firstDay' | 'lastDay'>, locale: string) {
  const format = (iso: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${iso}T00:00Z`),
    );
  return e.firstDay === e.lastDay ? format(e.firstDay) : `${format(e.firstDay)} – ${format(e.lastDay)}`;
}
