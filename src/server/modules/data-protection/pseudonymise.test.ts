import { describe, expect, it } from 'vitest';
import type { ProtocolRecord } from '../../../shared/consultations';
import { PSEUDONYM, pseudonymiseProtocol, REDACTED, redact } from './pseudonymise';

const record = {
  format: 'amtsraum.protocol/1',
  consultationId: '00000000-0000-4000-8000-000000000001',
  version: 1,
  issuedAt: '2026-11-25T10:00:00.000Z',
  authority: { name: 'Stadt Musterhausen', timeZone: 'Europe/Berlin' },
  office: { id: '00000000-0000-4000-8000-000000000002', name: 'Bürgeramt' },
  service: null,
  concern: 'Anna Schmidt zieht um',
  participants: { agent: { name: 'Erika Mustermann' }, citizen: { name: 'Anna Schmidt' } },
  times: {
    startedAt: '2026-11-25T09:00:00.000Z',
    endedAt: '2026-11-25T09:20:00.000Z',
    waitedSeconds: 60,
    durationSeconds: 1200,
    endReason: 'completed',
  },
  notes: 'Rückruf unter 0171 1234567 oder ANNA.SCHMIDT@example.org; Anna bringt den Ausweis.',
  outcome: 'resolved',
  performedServices: [],
  chat: {
    messageCount: 1,
    transcript: [{ at: '2026-11-25T09:05:00.000Z', role: 'citizen', text: 'Ich bin Anna Schmidt' }],
  },
  form: null,
  files: [],
} as unknown as ProtocolRecord;

describe('pseudonymised protocols', () => {
  const identifiers = ['Anna Schmidt', 'anna.schmidt@example.org', '0171 1234567', 'Anna'];

  it('calls the citizen by the pseudonym and removes their name, address and number from every text', () => {
    const kept = pseudonymiseProtocol(record, identifiers);
    expect(kept.participants).toEqual({ agent: { name: 'Erika Mustermann' }, citizen: { name: PSEUDONYM } });
    expect(kept.concern).toBe(`${REDACTED} zieht um`);
    expect(kept.notes).toBe(`Rückruf unter ${REDACTED} oder ${REDACTED}; ${REDACTED} bringt den Ausweis.`);
    expect(kept.chat.transcript?.[0]?.text).toBe(`Ich bin ${REDACTED}`);
    // What the authority's record of its work needs stays.
    expect(kept.times).toEqual(record.times);
    expect(kept.outcome).toBe('resolved');
    expect(kept.office).toEqual(record.office);
  });

  it('leaves a record without the identifiers and the input itself unchanged', () => {
    const before = JSON.stringify(record);
    expect(redact(record, ['Zoë Çelik-Müller'])).toEqual(record);
    expect(redact(record, [])).toBe(record);
    pseudonymiseProtocol(record, identifiers);
    expect(JSON.stringify(record)).toBe(before);
  });

  it('takes identifiers as text, not as patterns', () => {
    expect(redact({ a: 'Tel. (0171) 1.2' }, ['(0171) 1.2'])).toEqual({ a: `Tel. ${REDACTED}` });
    expect(redact({ a: 'x0171a1b2' }, ['(0171) 1.2'])).toEqual({ a: 'x0171a1b2' });
  });
});
