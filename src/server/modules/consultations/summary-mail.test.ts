import { describe, expect, it } from 'vitest';
import type { ProtocolRecord } from '../../../shared/consultations';
import { consultationSummaryMail } from './summary-mail';

const record: ProtocolRecord = {
  format: 'amtsraum.protocol/1',
  consultationId: '00000000-0000-4000-8000-000000000001',
  version: 2,
  issuedAt: '2026-11-25T10:00:00Z',
  authority: { name: 'Stadt Musterstadt', timeZone: 'Europe/Berlin' },
  office: { id: '00000000-0000-4000-8000-000000000002', name: 'Bürgeramt' },
  service: { id: '00000000-0000-4000-8000-000000000003', name: 'Wohnsitz anmelden' },
  concern: '',
  participants: { agent: { name: 'Erika Mustermann' }, citizen: { name: 'Zoë Çelik' } },
  times: {
    startedAt: '2026-11-25T09:30:00Z',
    endedAt: '2026-11-25T09:51:00Z',
    waitedSeconds: 120,
    durationSeconds: 1260,
    endReason: 'completed',
  },
  notes: 'Intern: Rückruf beim Vermieter nötig.',
  outcome: 'documents_missing',
  chat: { messageCount: 3, transcript: null },
  form: {
    fields: [{ key: 'adresse', label: 'Neue Adresse', type: 'text', value: 'Hauptstraße 1' }],
    freeText: 'Intern nicht',
    documents: [
      { name: 'Personalausweis', ticked: true },
      { name: 'Wohnungsgeberbestätigung', ticked: false },
    ],
  },
  files: [
    {
      name: 'mietvertrag.pdf',
      size: 1000,
      mime: 'application/pdf',
      sha256: 'a'.repeat(64),
      uploaderRole: 'citizen',
      sharedAt: '2026-11-25T09:40:00Z',
    },
  ],
};

describe('the summary mail', () => {
  it('names what is missing, what is there and the shared files, in the authority’s time', () => {
    const mail = consultationSummaryMail(record, '', 'de');
    expect(mail.subject).toBe('Zusammenfassung Ihres Videogesprächs am 25.11.2026 – Stadt Musterstadt');
    expect(mail.text).toContain('Beginn: 10:30 Uhr (MEZ)');
    expect(mail.text).toContain('Dauer: 21 Minuten');
    expect(mail.text).toContain('Diese Unterlagen fehlen noch:\n- Wohnungsgeberbestätigung');
    expect(mail.text).toContain('Diese Unterlagen liegen uns vor:\n- Personalausweis');
    expect(mail.text).toContain('Im Gespräch geteilte Dateien:\n- mietvertrag.pdf');
    // Notes and form answers stay with the authority.
    expect(mail.text + mail.html).not.toMatch(/Intern|Hauptstraße/);
  });

  it('leaves out empty lists and works for records without a form (older protocols)', () => {
    const { form: _form, files: _files, ...older } = record;
    const mail = consultationSummaryMail(older, 'Bis bald.', 'en');
    expect(mail.text).toContain('Outcome: Some documents are still missing.');
    expect(mail.text).toContain('> Bis bald.');
    expect(mail.text).not.toMatch(/documents:|Files shared/);
  });
});
