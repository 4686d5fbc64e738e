import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { pdfText, xmpOf } from '../../../../test/api/consultation-pdf';
import { ProtocolRecord } from '../../../shared/consultations';
import { FREE_TEXT_KEY, formText, writeAnswers } from '../../../shared/form-doc';
import type { FormDefinition } from '../../../shared/shared-form';
import { protocolRecord, sha256Hex } from './protocol';
import {
  pdfText as asPdfText,
  calendarDay,
  formatBytesDe,
  formatDateDe,
  formatDateTimeDe,
  formatDurationDe,
  formatTimeDe,
} from './protocol-format';
import { renderProtocolPdf } from './protocol-pdf';
import { formRecordOf } from './shared-form-record';

const source = {
  tenantName: 'Stadt Musterhausen',
  timeZone: 'Europe/Berlin',
  officeId: '11111111-1111-4111-8111-111111111111',
  officeName: 'Bürgerbüro',
  serviceId: null,
  serviceName: null,
  concern: 'Ummeldung',
  agentName: null,
  citizenName: 'Ørjan Åberg',
  startedAt: new Date('2026-03-29T00:55:00Z'),
  endedAt: new Date('2026-03-29T01:10:30Z'),
  endReason: 'citizen_left' as const,
  waitedSeconds: 125,
  notes: 'Zeile 1\r\nZeile 2\tmit Tab',
  outcome: null,
};
const CONSULTATION = '22222222-2222-4222-8222-222222222222';

const definition: FormDefinition = {
  service: { id: '33333333-3333-4333-8333-333333333333', name: 'Wohnsitz anmelden' },
  fields: [
    { key: 'aktenzeichen', label: 'Aktenzeichen', type: 'text', required: true },
    { key: 'termin', label: 'Wunschtermin', type: 'date', required: false },
    { key: 'eilig', label: 'Eilig', type: 'checkbox', required: false },
    { key: 'art', label: 'Art', type: 'select', required: false, options: ['Neu', 'Änderung'] },
  ],
  documents: ['Personalausweis', 'Meldebescheinigung'],
};

describe('protocol formatting', () => {
  it('shows times in the authority time zone, across the change to summer time', () => {
    expect(formatDateTimeDe('2026-03-29T00:55:00Z', 'Europe/Berlin')).toBe('29.03.2026, 01:55 Uhr');
    expect(formatDateTimeDe('2026-03-29T01:10:30Z', 'Europe/Berlin')).toBe('29.03.2026, 03:10 Uhr');
    expect(formatTimeDe('2026-11-25T09:03:00Z', 'Europe/Berlin')).toBe('10:03');
    expect(calendarDay('2026-11-24T23:30:00Z', 'Europe/Berlin')).toBe('2026-11-25');
  });

  it('says durations in German', () => {
    expect(formatDurationDe(40)).toBe('40 Sek.');
    expect(formatDurationDe(725)).toBe('12 Min. 5 Sek.');
    expect(formatDurationDe(3900)).toBe('1 Std. 5 Min.');
    expect(formatDurationDe(-5)).toBe('0 Sek.');
    expect(asPdfText('a\r\nb\rc\td')).toBe('a\nb\nc    d');
  });

  it('says sizes and dates in German', () => {
    expect(formatBytesDe(999)).toBe('999 Bytes');
    expect(formatBytesDe(12_595)).toBe('12,3 KB (12.595 Bytes)');
    expect(formatBytesDe(3_500_000)).toBe('3,3 MB (3.500.000 Bytes)');
    expect(formatDateDe('2026-11-25')).toBe('25.11.2026');
    expect(formatDateDe('bald')).toBe('bald');
  });

  it('builds the record of an ended consultation and refuses a live one', () => {
    const record = protocolRecord(CONSULTATION, 1, new Date('2026-03-29T02:00:00Z'), source, {
      count: 3,
      transcript: null,
    });
    expect(ProtocolRecord.parse(record)).toEqual(record);
    expect(record.times).toEqual({
      startedAt: '2026-03-29T00:55:00.000Z',
      endedAt: '2026-03-29T01:10:30.000Z',
      waitedSeconds: 125,
      durationSeconds: 930,
      endReason: 'citizen_left',
    });
    expect(record.participants.agent.name).toBe('Gelöschtes Konto');
    expect(record.chat).toEqual({ messageCount: 3, transcript: null });
    expect(() =>
      protocolRecord(
        CONSULTATION,
        1,
        new Date(),
        { ...source, endedAt: null, endReason: null },
        {
          count: 0,
          transcript: null,
        },
      ),
    ).toThrow(/not ended/);
  });
});

describe('protocol PDF', () => {
  it('renders a PDF/A-3b whose text an independent extractor reads back', async () => {
    const transcript = Array.from({ length: 60 }, (_, i) => ({
      at: new Date(Date.UTC(2026, 2, 29, 1, i % 60)),
      role: i % 2 === 0 ? ('agent' as const) : ('citizen' as const),
      text: `Nachricht ${i}: ${'lang '.repeat(i)}`,
    }));
    const record = protocolRecord(CONSULTATION, 3, new Date('2026-03-29T02:00:00Z'), source, {
      count: transcript.length,
      transcript,
    });
    const pdf = await renderProtocolPdf(record);
    expect(sha256Hex(pdf)).toMatch(/^[0-9a-f]{64}$/);
    const text = (await pdfText(pdf)).replace(/\s+/g, ' ');
    for (const expected of [
      'Ørjan Åberg',
      'Gelöschtes Konto',
      'Keine (Spontanbesuch)',
      'Zeile 1',
      'Zeile 2 mit Tab',
      'Nicht angegeben',
      'Beendet durch die Bürgerin / den Bürger',
      '2 Min. 5 Sek.',
      '29.03.2026, 03:10 Uhr',
      'Nachricht 59:',
      'Protokoll Version 3',
    ]) {
      expect(text).toContain(expected);
    }
    // A long transcript flows onto further pages.
    expect(
      Buffer.from(pdf)
        .toString('latin1')
        .match(/\/Type \/Page\b/g)?.length,
    ).toBeGreaterThan(1);
    expect(xmpOf(pdf)).toMatch(/<pdfaid:part>3<\/pdfaid:part>[\s\S]*<pdfaid:conformance>B</);
  });

  it('states the shared form, the checked documents and the shared files with their SHA-256', async () => {
    const doc = new Y.Doc();
    writeAnswers(doc, definition.fields, { aktenzeichen: 'AZ-2026/17', termin: '2026-04-01', eilig: true });
    formText(doc, FREE_TEXT_KEY).insert(0, 'Rückruf erwünscht');
    const form = formRecordOf(definition, [true, false], Y.encodeStateAsUpdate(doc));
    expect(form).toEqual({
      fields: [
        { key: 'aktenzeichen', label: 'Aktenzeichen', type: 'text', value: 'AZ-2026/17' },
        { key: 'termin', label: 'Wunschtermin', type: 'date', value: '2026-04-01' },
        { key: 'eilig', label: 'Eilig', type: 'checkbox', value: true },
        { key: 'art', label: 'Art', type: 'select', value: '' },
      ],
      freeText: 'Rückruf erwünscht',
      documents: [
        { name: 'Personalausweis', ticked: true },
        { name: 'Meldebescheinigung', ticked: false },
      ],
    });
    const file = {
      name: 'Mietvertrag Ørsted.pdf',
      size: 12_595,
      mime: 'application/pdf',
      sha256: 'b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9',
      uploaderRole: 'citizen' as const,
      sharedAt: '2026-03-29T01:02:00.000Z',
    };
    const record = protocolRecord(
      CONSULTATION,
      1,
      new Date('2026-03-29T02:00:00Z'),
      source,
      { count: 0, transcript: null },
      { form, files: [file] },
    );
    expect(ProtocolRecord.parse(record)).toEqual(record);
    const text = (await pdfText(await renderProtocolPdf(record))).replace(/\s+/g, ' ');
    for (const expected of [
      'Gemeinsam ausgefülltes Formular',
      'Aktenzeichen AZ-2026/17',
      'Wunschtermin 01.04.2026',
      'Eilig Ja',
      'Weitere Angaben Rückruf erwünscht',
      'Personalausweis Vorgelegt (abgehakt)',
      'Meldebescheinigung Nicht abgehakt',
      'Mietvertrag Ørsted.pdf',
      '12,3 KB (12.595 Bytes)',
      `SHA-256: ${file.sha256}`,
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('says when no files were shared, and leaves out a form nobody opened', async () => {
    const record = protocolRecord(CONSULTATION, 1, new Date('2026-03-29T02:00:00Z'), source, {
      count: 0,
      transcript: null,
    });
    expect(record).toMatchObject({ form: null, files: [] });
    const text = (await pdfText(await renderProtocolPdf(record))).replace(/\s+/g, ' ');
    expect(text).toContain('Im Gespräch wurden keine Dateien geteilt.');
    expect(text).not.toContain('Formular');
  });
});
