import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { appointmentIcs, icsAttachment } from './ics';

/** Parses with ical.js (an independent parser), registering the file's own VTIMEZONE first. */
function parseIcs(text: string) {
  const calendar = new ICAL.Component(ICAL.parse(text));
  for (const vtimezone of calendar.getAllSubcomponents('vtimezone')) ICAL.TimezoneService.register(vtimezone);
  const vevent = calendar.getFirstSubcomponent('vevent');
  if (!vevent) throw new Error('no VEVENT');
  return { calendar, vevent, event: new ICAL.Event(vevent) };
}

const base = {
  uid: 'b7e1c3a0-0000-4000-8000-000000000001@amtsraum.example',
  timeZone: 'Europe/Berlin',
  summary: 'Personalausweis beantragen',
  description: 'Bitte Ausweis, Foto; und Geburtsurkunde mitbringen.',
  url: 'https://amtsraum.example/j/abcDEF123',
  organizerName: 'Stadt "Muster"stadt',
  organizerEmail: 'no-reply@amtsraum.example',
  stamp: new Date('2026-10-01T12:00:00Z'),
};

describe('appointmentIcs', () => {
  it.each([
    // Summer time (CEST, UTC+2), the Friday before the change on Sunday 25 October 2026.
    ['2026-10-23T07:00:00Z', '20261023T090000'],
    // Winter time (CET, UTC+1), the Monday after: 09:00 in Berlin is 08:00 UTC.
    ['2026-10-26T08:00:00Z', '20261026T090000'],
    // Right after the spring change on 29 March 2026 (02:00 → 03:00).
    ['2026-03-29T01:30:00Z', '20260329T033000'],
  ])('writes %s as Berlin wall time %s with TZID, which parses back to the same instant', (iso, wall) => {
    const start = new Date(iso);
    const ics = appointmentIcs({ ...base, start, end: new Date(start.getTime() + 30 * 60_000) });
    expect(ics).toContain(`DTSTART;TZID=Europe/Berlin:${wall}`);
    const { calendar, event, vevent } = parseIcs(ics);
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(calendar.getFirstSubcomponent('vtimezone')?.getFirstPropertyValue('tzid')).toBe('Europe/Berlin');
    expect(vevent.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('Europe/Berlin');
    // Resolved through the file's own VTIMEZONE, not taken as floating time.
    expect(event.startDate.zone?.tzid).toBe('Europe/Berlin');
    expect(event.startDate.toJSDate().toISOString()).toBe(start.toISOString());
    expect(event.endDate.toJSDate().getTime() - start.getTime()).toBe(30 * 60_000);
  });

  it('has UID, SEQUENCE, a UTC DTSTAMP, the join link in URL and DESCRIPTION, organizer and status', () => {
    const start = new Date('2026-10-26T08:00:00Z');
    const ics = appointmentIcs({
      ...base,
      start,
      end: new Date('2026-10-26T08:30:00Z'),
      location: 'Bürgerbüro, Marktplatz 1',
      attendee: { name: 'Erika Mustermann', email: 'erika@example.org' },
    });
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics).toMatch(/\r\nDTSTAMP:20261001T120000Z\r\n/);
    const { event, vevent } = parseIcs(ics);
    expect(event.uid).toBe(base.uid);
    expect(event.sequence).toBe(0);
    expect(event.summary).toBe(base.summary);
    expect(event.description).toContain(base.description);
    expect(event.description).toContain(base.url);
    expect(vevent.getFirstPropertyValue('url')).toBe(base.url);
    expect(event.location).toBe('Bürgerbüro, Marktplatz 1');
    expect(vevent.getFirstPropertyValue('status')).toBe('CONFIRMED');
    expect(String(vevent.getFirstPropertyValue('organizer'))).toBe('mailto:no-reply@amtsraum.example');
    // A double quote cannot live inside a quoted parameter value.
    expect(vevent.getFirstProperty('organizer')?.getParameter('cn')).toBe("Stadt 'Muster'stadt");
    expect(String(vevent.getFirstPropertyValue('attendee')).toLowerCase()).toBe('mailto:erika@example.org');
  });

  it('writes a cancellation with METHOD:CANCEL, STATUS:CANCELLED and the raised SEQUENCE', () => {
    const ics = appointmentIcs({
      ...base,
      start: new Date('2026-10-26T08:00:00Z'),
      end: new Date('2026-10-26T08:30:00Z'),
      method: 'CANCEL',
      sequence: 2,
    });
    const { calendar, event, vevent } = parseIcs(ics);
    expect(calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    expect(vevent.getFirstPropertyValue('status')).toBe('CANCELLED');
    expect(event.sequence).toBe(2);
    expect(icsAttachment(ics, 'CANCEL').contentType).toBe('text/calendar; charset=utf-8; method=CANCEL');
  });

  it('without a join link and for a zone it has no VTIMEZONE for, still writes the exact instant (UTC)', () => {
    const start = new Date('2026-10-26T08:00:00Z');
    const { url: _url, ...noUrl } = base;
    const ics = appointmentIcs({ ...noUrl, timeZone: 'Mars/Olympus_Mons', start, end: start });
    expect(ics).not.toContain('VTIMEZONE');
    expect(ics).not.toContain('URL');
    expect(ics).toContain('DTSTART:20261026T080000Z');
    expect(parseIcs(ics).event.startDate.toJSDate().toISOString()).toBe(start.toISOString());
  });
});
