import { describe, expect, it } from 'vitest';
import { type ActivationInput, activationMail } from './activation-mail';

const input: ActivationInput = {
  authorityName: 'Stadt Musterstadt',
  timeZone: 'Europe/Berlin',
  serviceName: 'Personalausweis beantragen',
  start: new Date('2026-10-26T08:00:00Z'),
  durationMinutes: 30,
  channel: 'on_site',
  office: { name: 'Bürgerbüro Mitte' },
  activationUrl: 'https://amtsraum.example/musterstadt/termin/aktivieren#TOKEN',
  activateBy: new Date('2026-10-19T08:30:00Z'),
};

describe('activation mail', () => {
  it('greets neutrally and tells the service, time, place, link and deadline (German by default)', () => {
    const mail = activationMail(input);
    expect(mail.subject).toBe(
      'Bitte bestätigen Sie Ihre Terminanfrage: Personalausweis beantragen am 26.10.2026, 09:00 Uhr',
    );
    expect(mail.text.split('\n')[0]).toBe('Guten Tag,');
    expect(mail.text).toContain('Adresse: Bürgerbüro Mitte');
    expect(mail.text).toContain(
      'Termin bestätigen:\nhttps://amtsraum.example/musterstadt/termin/aktivieren#TOKEN',
    );
    expect(mail.text).toContain('Bitte bestätigen Sie bis 10:30 Uhr (MESZ), Montag, 19. Oktober 2026.');
    expect(mail.text).toContain('Sie haben keinen Termin angefragt?');
    expect(mail.html).toContain('<a href="https://amtsraum.example/musterstadt/termin/aktivieren#TOKEN">');
  });

  it('speaks English when asked, and a video appointment names no place', () => {
    const mail = activationMail({ ...input, language: 'en', channel: 'video' });
    expect(mail.subject).toBe(
      'Please confirm your appointment request: Personalausweis beantragen on 26/10/2026, 09:00',
    );
    expect(mail.text.split('\n')[0]).toBe('Hello,');
    expect(mail.text).toContain('Type of appointment: Video appointment');
    expect(mail.text).not.toContain('Address:');
    expect(mail.text).toContain('Please confirm by 10:30 (CEST), Monday, 19 October 2026.');
  });
});
