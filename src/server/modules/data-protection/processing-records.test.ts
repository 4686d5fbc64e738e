import { describe, expect, it } from 'vitest';
import { type ProcessingFacts, processingRecords } from './processing-records';

const facts: ProcessingFacts = {
  authority: 'Stadt Musterhausen',
  retentionDays: 30,
  protocolRetentionDays: 3650,
  secondFactor: 'admins',
  smtp: false,
  smsGateway: false,
  activeApiKeys: 0,
  activeWebhooks: 0,
  disconnectGraceMinutes: 5,
};

const text = (f: ProcessingFacts) => JSON.stringify(processingRecords(f));

describe('records of processing', () => {
  it('names the authority and states every period from its settings', () => {
    const records = processingRecords(facts);
    expect(records.controller).toBe('Stadt Musterhausen');
    const retention = Object.fromEntries(records.activities.map((a) => [a.title, a.retention]));
    expect(retention.Terminvergabe).toMatch(/^30 Tage nach dem Ende/);
    expect(retention.Gesprächsprotokolle).toMatch(/^3650 Tage nach der Erstellung/);
    expect(text({ ...facts, retentionDays: 1 })).toContain('1 Tag nach dem Ende');
    expect(text({ ...facts, retentionDays: 1 })).not.toContain('30 Tage');
  });

  it('names recipients only where the authority has them', () => {
    expect(text(facts)).toContain('kein Fachverfahren angebunden');
    expect(text(facts)).toContain('Nachrichten bleiben im Postausgang');
    const coupled = text({ ...facts, activeApiKeys: 2, activeWebhooks: 1, smtp: true });
    expect(coupled).toContain('2 aktive API-Schlüssel, 1 Webhook-Empfänger');
    expect(coupled).toContain('Mailserver der Behörde');
    expect(coupled).not.toContain('kein Fachverfahren angebunden');
  });

  it('states who signs in with a second factor', () => {
    expect(text(facts)).toContain('Administration und Datenschutzbeauftragte');
    expect(text({ ...facts, secondFactor: 'everyone' })).toContain('für alle Beschäftigten');
  });
});
