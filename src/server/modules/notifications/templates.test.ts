import { describe, expect, it } from 'vitest';
import { escapeHtml } from './mail-document';
import {
  type ConfirmationInput,
  cancellationMail,
  confirmationMail,
  formatAppointmentTime,
  reminderMail,
  reminderSms,
  rescheduledMail,
} from './templates';

const video: ConfirmationInput = {
  authorityName: 'Stadt Musterstadt',
  timeZone: 'Europe/Berlin',
  serviceName: 'Personalausweis beantragen',
  // Monday after the change to winter time: 09:00 in Berlin.
  start: new Date('2026-10-26T08:00:00Z'),
  durationMinutes: 30,
  citizenName: 'Erika Mustermann',
  documents: ['Alter Ausweis', 'Biometrisches Passfoto'],
  manageUrl: 'https://amtsraum.example/m/MANAGE123',
  channel: 'video',
  joinUrl: 'https://amtsraum.example/j/JOIN456',
};

const onSite: ConfirmationInput = {
  ...video,
  channel: 'on_site',
  office: { name: 'Bürgerbüro Mitte', address: 'Marktplatz 1, 12345 Musterstadt' },
} as ConfirmationInput;

describe('formatAppointmentTime', () => {
  it("shows the authority's wall clock, not the server's, across the October change", () => {
    expect(formatAppointmentTime(new Date('2026-10-23T07:00:00Z'), 'Europe/Berlin', 'de', 45)).toEqual({
      date: 'Freitag, 23. Oktober 2026',
      time: '09:00 Uhr (MESZ)',
      short: '23.10.2026, 09:00 Uhr',
      duration: '45 Minuten',
    });
    expect(formatAppointmentTime(new Date('2026-10-26T08:00:00Z'), 'Europe/Berlin', 'de')).toMatchObject({
      date: 'Montag, 26. Oktober 2026',
      time: '09:00 Uhr (MEZ)',
    });
    expect(formatAppointmentTime(new Date('2026-10-26T08:00:00Z'), 'Europe/Berlin', 'en', 1)).toEqual({
      date: 'Monday, 26 October 2026',
      time: '09:00 (CET)',
      short: '26/10/2026, 09:00',
      duration: '1 minute',
    });
  });
});

describe('confirmation mail', () => {
  it('German by default: service, date and time in Berlin, duration, documents, join and manage link', () => {
    const mail = confirmationMail(video);
    expect(mail.subject).toBe('Terminbestätigung: Personalausweis beantragen am 26.10.2026, 09:00 Uhr');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('Erika Mustermann');
      expect(part).toContain('Montag, 26. Oktober 2026');
      expect(part).toContain('09:00 Uhr (MEZ)');
      expect(part).toContain('30 Minuten');
      expect(part).toContain('Alter Ausweis');
      expect(part).toContain('Biometrisches Passfoto');
      expect(part).toContain('https://amtsraum.example/j/JOIN456');
      expect(part).toContain('https://amtsraum.example/m/MANAGE123');
      // The labels the pages use (booking.words in the pages' language files), the device check beside.
      expect(part).toContain('Art des Termins');
      expect(part).toContain('Videotermin');
      expect(part).toContain('Termin beitreten');
      expect(part).toContain('Kamera, Mikrofon und Lautsprecher');
      expect(part).toContain('Termin verwalten');
    }
    expect(mail.text).toContain('- Alter Ausweis\n- Biometrisches Passfoto');
    expect(mail.html).toContain('<html lang="de">');
    expect(mail.html).toContain('<a href="https://amtsraum.example/j/JOIN456">');
    expect(mail.html).toContain('<li>Biometrisches Passfoto</li>');
  });

  it('on site: office name and address, no join link', () => {
    const mail = confirmationMail(onSite);
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('Bürgerbüro Mitte, Marktplatz 1, 12345 Musterstadt');
      expect(part).toContain('Termin vor Ort');
      expect(part).not.toContain('/j/');
      expect(part).not.toContain('Videotermin');
      expect(part).not.toContain('Termin beitreten');
      expect(part).toContain('https://amtsraum.example/m/MANAGE123');
    }
  });

  it('in English', () => {
    const mail = confirmationMail({ ...video, language: 'en', citizenName: undefined });
    expect(mail.subject).toBe('Appointment confirmed: Personalausweis beantragen on 26/10/2026, 09:00');
    expect(mail.text).toMatch(/^Hello,\n/);
    expect(mail.text).toContain('Monday, 26 October 2026');
    expect(mail.text).toContain('09:00 (CET)');
    expect(mail.text).toContain('30 minutes');
    expect(mail.text).toContain('Please have ready:');
    expect(mail.html).toContain('<html lang="en">');
  });

  it('leaves out the documents section when there are none', () => {
    expect(confirmationMail({ ...video, documents: [] }).text).not.toContain('bereit');
  });

  it('escapes every interpolated value in HTML and keeps names on one line in text', () => {
    const evil = '<script>alert("x")</script> & \'Co\'';
    const mail = confirmationMail({
      ...onSite,
      authorityName: evil,
      serviceName: `${evil}\nAnliegen: gefälscht`,
      citizenName: evil,
      documents: [evil],
      office: { name: evil, address: evil },
      manageUrl: 'https://amtsraum.example/m/a?b=1&c="2"',
    } as ConfirmationInput);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('"x"');
    expect(mail.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Co&#39;');
    expect(mail.html).toContain('href="https://amtsraum.example/m/a?b=1&amp;c=%222%22"');
    // A line break in a name cannot fake a line of the mail or a header.
    expect(mail.text).not.toMatch(/^Anliegen: gefälscht/m);
    expect(mail.subject).not.toMatch(/[\r\n]/);
  });

  it('refuses links that are not http(s)', () => {
    expect(() => confirmationMail({ ...video, joinUrl: 'javascript:alert(1)' })).toThrow(/http/);
    expect(() => confirmationMail({ ...video, manageUrl: '/relative' })).toThrow(/absolute/);
  });

  it('escapeHtml covers the five characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('reminder, cancellation, rescheduled', () => {
  it('reminder repeats the details and links', () => {
    const mail = reminderMail(video);
    expect(mail.subject).toBe('Erinnerung: Personalausweis beantragen am 26.10.2026, 09:00 Uhr');
    expect(mail.text).toContain('https://amtsraum.example/j/JOIN456');
    expect(mail.text).toContain('Alter Ausweis');
  });

  it('cancellation by the citizen: no message, no links to the old appointment', () => {
    const mail = cancellationMail({ ...video, cancelledBy: 'citizen', message: 'ignored' });
    expect(mail.subject).toBe('Termin abgesagt: Personalausweis beantragen am 26.10.2026, 09:00 Uhr');
    expect(mail.text).toContain('wie gewünscht abgesagt');
    expect(mail.text).not.toContain('ignored');
    expect(mail.text).not.toContain('/j/');
    expect(mail.text).not.toContain('/m/');
  });

  it('cancellation by the authority with its message (multi-line, escaped) and a rebooking link', () => {
    const mail = cancellationMail({
      ...video,
      cancelledBy: 'authority',
      message: 'Die Sachbearbeiterin ist erkrankt.\nBitte buchen Sie <neu>.',
      bookUrl: 'https://amtsraum.example/buchen',
    });
    // The authority is named in the facts, never inside a sentence (its name may carry an article).
    expect(mail.text).toContain('Die Behörde musste Ihren Termin leider absagen.');
    expect(mail.text).toContain('Behörde: Stadt Musterstadt');
    expect(mail.text).toContain('> Die Sachbearbeiterin ist erkrankt.\n> Bitte buchen Sie <neu>.');
    expect(mail.html).toContain('Die Sachbearbeiterin ist erkrankt.<br>Bitte buchen Sie &lt;neu&gt;.');
    expect(mail.html).toContain('href="https://amtsraum.example/buchen"');
    const english = cancellationMail({ ...video, language: 'en', cancelledBy: 'authority' });
    expect(english.text).toContain('the authority had to cancel your appointment');
  });

  it('rescheduled shows the previous and the new time', () => {
    const mail = rescheduledMail({
      ...video,
      previousStart: new Date('2026-10-23T07:00:00Z'),
      movedBy: 'authority',
      message: 'Terminänderung wegen Fortbildung',
    });
    expect(mail.subject).toBe('Termin verschoben: Personalausweis beantragen, neu am 26.10.2026, 09:00 Uhr');
    expect(mail.text).toContain('Bisheriger Termin: Freitag, 23. Oktober 2026, 09:00 Uhr (MESZ)');
    expect(mail.text).toContain('Montag, 26. Oktober 2026');
    expect(mail.text).toContain('> Terminänderung wegen Fortbildung');
    expect(mail.text).toContain('https://amtsraum.example/j/JOIN456');
  });

  it('SMS reminder: short, with join link for video and the place on site', () => {
    expect(reminderSms(video)).toBe(
      'Erinnerung an Ihren Termin am 26.10.2026, 09:00 Uhr: Personalausweis beantragen – Stadt Musterstadt. ' +
        'Videotermin. Termin beitreten: https://amtsraum.example/j/JOIN456',
    );
    const place = reminderSms(onSite);
    expect(place).toContain('Termin vor Ort. Adresse: Bürgerbüro Mitte, Marktplatz 1, 12345 Musterstadt');
    expect(place).not.toContain('/j/');
  });
});
