import { existsSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { filePath } from '../../src/server/modules/consultations/file-store';
import type { SubjectRecords } from '../../src/shared/data-protection';
import { describeEachDb } from '../support/each-db';
import { citizenPost } from '../support/proof-of-work';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../support/server';
import { pdfText } from './consultation-pdf';
import {
  type Citizen,
  consultingOffice,
  contentOf,
  filesHolding,
  identifiersOf,
  type SeededCitizen,
  seedCitizens,
  tablesHolding,
} from './data-protection-fixtures';

/** Two citizens with similar names and the same e-mail domain, each with everything a visit leaves. */
const ANNA: Citizen = {
  name: 'Anna Schmidt',
  email: 'anna.schmidt@example.org',
  phone: '0171 2345678',
  e164: '+491712345678',
  start: '2026-12-02T09:00:00Z',
  intake: 'Umzug nach Kiel-Holtenau',
  chat: 'Ich bringe den Mietvertrag vom Lindenweg mit',
  form: 'Zuzug zum 1. Februar, Lindenweg 7',
  fileText: 'Mietvertrag Lindenweg',
};
const ANNE: Citizen = {
  name: 'Anne Schmidt',
  email: 'anne.schmidt@example.org',
  phone: '+49 172 9876543',
  e164: '+491729876543',
  start: '2026-12-02T10:00:00Z',
  intake: 'Reisepass verloren in Rostock',
  chat: 'Der alte Pass lag im Rucksack am Hafen',
  form: 'Verlustanzeige vom 28. November',
  fileText: 'Verlustanzeige Hafenwache',
};
const BASE = '/api/admin/data-protection';

describeEachDb('data-protection requests', (kind) => {
  let server: TestServer;
  let tenant: TestTenant;
  let officer: { id: string; cookie: string };
  let anna: SeededCitizen;
  let anne: SeededCitizen;
  let place: Awaited<ReturnType<typeof consultingOffice>>;

  beforeAll(async () => {
    server = await startTestServer(kind);
    tenant = await createTestTenant(server, 'Stadt Musterhausen');
    place = await consultingOffice(server, tenant);
    [anna, anne] = (await seedCitizens(server, tenant, place, [ANNA, ANNE])) as [
      SeededCitizen,
      SeededCitizen,
    ];
    officer = await tenant.staff('privacy');
  });
  afterAll(() => server.close());

  const send = (method: 'GET' | 'POST' | 'PUT', url: string, cookie: string, payload?: object) =>
    server.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  const search = async (by: string, value: string, cookie = officer.cookie) => {
    const response = await send('POST', `${BASE}/search`, cookie, { by, value });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as SubjectRecords;
  };
  const idsOf = (records: SubjectRecords) => ({
    appointmentIds: records.appointments.map((a) => a.id).join(','),
    visitIds: records.visits.map((v) => v.id).join(','),
    outboxMessageIds: records.outboxMessages.map((m) => m.id).join(','),
  });
  const auditOf = (action: string) =>
    server.ctx.db.query<{ actor: string; object: string | null; details: Record<string, unknown> }>(
      'SELECT actor, object, details FROM audit_events WHERE tenant_id = $1 AND action = $2 ORDER BY seq',
      [tenant.tenantId, action],
    );

  it('finds one citizen by address, number or reference, and never the one with the similar address', async () => {
    const byEmail = await search('email', '  Anna.Schmidt@EXAMPLE.org ');
    expect(byEmail.appointments.map((a) => a.id)).toEqual([anna.appointmentId]);
    expect(byEmail.appointments[0]).toMatchObject({ name: ANNA.name, email: ANNA.email, phone: ANNA.e164 });
    expect(byEmail.visits.map((v) => [v.id, v.status, v.consultations])).toEqual([[anna.visitId, 'done', 1]]);
    // The booking's confirmation, to Anna only.
    expect(byEmail.outboxMessages.length).toBeGreaterThan(0);
    expect(byEmail.outboxMessages.every((m) => m.recipient === ANNA.email)).toBe(true);

    // The same records by her number in another spelling, by the appointment, the visit or the call.
    expect(await search('phone', '+49 (0)171 234 56 78')).toEqual(byEmail);
    for (const reference of [anna.appointmentId, anna.visitId, anna.consultationId.toUpperCase()]) {
      expect(await search('reference', reference)).toEqual(byEmail);
    }
    // Part of an address is no address; the domain both share finds nobody.
    for (const value of ['schmidt@example.org', 'anna.schmidt@example.or']) {
      expect(await search('email', value)).toEqual({ appointments: [], visits: [], outboxMessages: [] });
    }
    expect((await search('email', ANNE.email)).appointments.map((a) => a.id)).toEqual([anne.appointmentId]);

    const searched = await auditOf('data_protection.searched');
    expect(searched.length).toBeGreaterThanOrEqual(8);
    expect(searched[0]).toMatchObject({
      actor: `staff:${officer.id}`,
      details: { by: 'email', appointments: 1, visits: 1, outboxMessages: byEmail.outboxMessages.length },
    });
    expect(JSON.stringify(searched)).not.toMatch(/schmidt|2345678|9876543/i);
  });

  it("hands out exactly the citizen's data: JSON, files, protocols and a readable summary", async () => {
    const records = await search('email', ANNA.email);
    const response = await server.app.inject({
      url: `${BASE}/export?${new URLSearchParams(idsOf(records))}`,
      headers: { cookie: officer.cookie },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toBe('attachment; filename="auskunft-2026-12-02.zip"');
    const zip = unzipSync(new Uint8Array(response.rawPayload));
    const json = Buffer.from(zip['auskunft.json']!).toString('utf8');
    const dossier = JSON.parse(json);
    expect(dossier.appointments.map((a: { id: string }) => a.id)).toEqual([anna.appointmentId]);
    expect(dossier.visits[0].consultations[0]).toMatchObject({
      id: anna.consultationId,
      messages: [{ role: 'citizen', text: ANNA.chat }],
      form: { freeText: ANNA.form },
    });
    for (const secret of [...identifiersOf(ANNA), ...contentOf(ANNA)]) expect(json).toContain(secret);

    // The shared file decrypted, byte for byte; the protocol as issued.
    const file = dossier.visits[0].consultations[0].files[0];
    expect(file).toMatchObject({ id: anna.fileId, sharedBy: 'citizen' });
    expect(Buffer.from(zip[file.path]!).equals(anna.fileBytes)).toBe(true);
    const protocol = dossier.visits[0].consultations[0].protocols[0];
    expect(await pdfText(zip[protocol.path]!)).toContain(ANNA.name);

    const summary = (await pdfText(zip['auskunft.pdf']!)).replace(/\s+/g, ' ');
    for (const secret of [ANNA.name, ANNA.email, ANNA.chat, ANNA.form]) expect(summary).toContain(secret);
    expect(summary).toContain('Stadt Musterhausen');

    // Nothing of Anne anywhere in the package: not in the JSON, not in a PDF, not as a file.
    expect(Object.keys(zip).sort()).toEqual(
      ['auskunft.json', 'auskunft.pdf', file.path, protocol.path].sort(),
    );
    for (const secret of [...identifiersOf(ANNE), ...contentOf(ANNE), anne.appointmentId, anne.visitId]) {
      expect(json).not.toContain(secret);
      expect(summary).not.toContain(secret);
    }
    expect(Buffer.from(zip[file.path]!).equals(anne.fileBytes)).toBe(false);

    const [exported] = await auditOf('data_protection.exported');
    expect(exported).toMatchObject({
      actor: `staff:${officer.id}`,
      details: { appointments: [anna.appointmentId], visits: [anna.visitId], attachments: 2 },
    });
    expect(JSON.stringify(exported)).not.toMatch(/schmidt|2345678/i);
  });

  it('refuses bad input with problem+json, and records it cannot find with 404', async () => {
    const cases: [string, string, object, string][] = [
      ['POST', `${BASE}/search`, { by: 'phone', value: 'Anna' }, 'body.value'],
      ['POST', `${BASE}/search`, { by: 'email', value: 'anna.schmidt' }, 'body.value'],
      ['POST', `${BASE}/search`, { by: 'name', value: 'Anna Schmidt' }, 'body.by'],
      ['POST', `${BASE}/erasure`, { visitIds: [anna.visitId], note: 'Antrag vom 3.12.' }, 'body.reason'],
      ['PUT', `${BASE}/appointments/${anne.appointmentId}/contact`, { name: 'A', email: 'x' }, 'body.email'],
    ];
    for (const [method, url, payload, field] of cases) {
      const response = await send(method as 'POST', url, officer.cookie, payload);
      expect(response.statusCode, url).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const none = await server.app.inject({ url: `${BASE}/export`, headers: { cookie: officer.cookie } });
    expect(none.statusCode).toBe(400);
    const unknown = crypto.randomUUID();
    const missing = await server.app.inject({
      url: `${BASE}/export?visitIds=${anna.visitId},${unknown}`,
      headers: { cookie: officer.cookie },
    });
    expect(missing.statusCode).toBe(404);
  });

  it('is for the data-protection officer and admins only, and sees no other authority', async () => {
    const admin = await tenant.staff('admin');
    expect((await search('email', ANNA.email, admin.cookie)).appointments).toHaveLength(1);
    for (const role of ['agent', 'lead', 'reporting'] as const) {
      const other = await tenant.staff(role);
      for (const [method, url, payload] of [
        ['POST', `${BASE}/search`, { by: 'email', value: ANNA.email }],
        ['GET', `${BASE}/export?visitIds=${anna.visitId}`, undefined],
        ['PUT', `${BASE}/visits/${anna.visitId}/name`, { name: 'X' }],
        ['POST', `${BASE}/erasure`, { visitIds: [anna.visitId], reason: 'objection', note: 'Antrag 17' }],
        ['GET', `${BASE}/records-of-processing.pdf`, undefined],
      ] as const) {
        const response = await send(method, url, other.cookie, payload);
        expect(response.statusCode, `${role} ${method} ${url}`).toBe(403);
      }
    }
    // Without a session (a valid request otherwise): 401.
    const anonymous = await server.app.inject({
      method: 'POST',
      url: `${BASE}/search`,
      payload: { by: 'email', value: ANNA.email },
    });
    expect(anonymous.statusCode).toBe(401);
    // The officer serves no office: the workspace is closed to them, and they may not be given one.
    const workspace = await send('GET', '/api/staff/workspace', officer.cookie);
    expect(workspace.statusCode).toBe(403);
    const withOffice = await send('POST', '/api/admin/staff', admin.cookie, {
      email: 'dsb@musterhausen.example',
      displayName: 'Datenschutz',
      role: 'privacy',
      unitId: null,
      officeIds: [place.office.id],
      active: true,
      password: 'ein-langes-sicheres-Kennwort-2026',
    });
    expect(withOffice.statusCode).toBe(400);
    expect(withOffice.json().errors).toEqual([
      { field: 'body.officeIds', message: 'A privacy account serves no office' },
    ]);
    // Another authority's officer finds nothing and reaches nothing of this one.
    const elsewhere = await (await createTestTenant(server, 'Landkreis Anderswo')).staff('privacy');
    expect(await search('email', ANNA.email, elsewhere.cookie)).toEqual({
      appointments: [],
      visits: [],
      outboxMessages: [],
    });
    const foreign = await server.app.inject({
      url: `${BASE}/export?appointmentIds=${anna.appointmentId}`,
      headers: { cookie: elsewhere.cookie },
    });
    expect(foreign.statusCode).toBe(404);
    const rename = await send('PUT', `${BASE}/visits/${anna.visitId}/name`, elsewhere.cookie, { name: 'X' });
    expect(rename.statusCode).toBe(404);
  });

  it('refuses to erase a coming appointment and a note that names the citizen', async () => {
    const records = await search('email', ANNA.email);
    const ids = {
      appointmentIds: records.appointments.map((a) => a.id),
      visitIds: records.visits.map((v) => v.id),
      outboxMessageIds: records.outboxMessages.map((m) => m.id),
    };
    const naming = await send('POST', `${BASE}/erasure`, officer.cookie, {
      ...ids,
      reason: 'consent-withdrawn',
      note: `Antrag von ${ANNA.email.toUpperCase()}`,
    });
    expect(naming.statusCode).toBe(400);
    expect(naming.json().errors).toEqual([
      { field: 'body.note', message: 'The note must not name the citizen or give their address or number' },
    ]);
    // A coming appointment (Otto's, next week) is erased after it took place or was cancelled.
    const coming = await citizenPost(
      server.app,
      `/api/public/tenants/${tenant.slug}/services/${place.service.id}/appointments`,
      { start: '2026-12-09T09:00:00Z', name: 'Otto Normal', email: 'otto@example.org', consent: true },
    );
    expect(coming.statusCode, coming.body).toBe(201);
    const refused = await send('POST', `${BASE}/erasure`, officer.cookie, {
      appointmentIds: [coming.json().appointmentId],
      reason: 'objection',
      note: 'Antrag vom 3. Dezember',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await auditOf('data_protection.erased')).toEqual([]);
  });

  it('erases the citizen from every table and file, keeps a pseudonymised protocol, leaves the other untouched', async () => {
    const anneProtocolBefore = await protocolOf(anne.consultationId);
    const records = await search('email', ANNA.email);
    const erased = await send('POST', `${BASE}/erasure`, officer.cookie, {
      appointmentIds: records.appointments.map((a) => a.id),
      visitIds: [],
      outboxMessageIds: records.outboxMessages.map((m) => m.id),
      reason: 'consent-withdrawn',
      note: 'Antrag vom 3. Dezember, Az. DS-2026-17',
    });
    expect(erased.statusCode, erased.body).toBe(200);
    expect(erased.json()).toMatchObject({
      appointments: 1,
      visits: 1,
      consultations: 1,
      chatMessages: 1,
      files: 1,
      forms: 1,
      outboxMessages: records.outboxMessages.length,
      protocolsPseudonymised: 1,
    });

    // Nothing that identifies Anna in any table; what she said only in the kept protocol.
    const identifying = await tablesHolding(server, identifiersOf(ANNA));
    expect(Object.fromEntries(identifying)).toEqual({});
    const content = await tablesHolding(server, contentOf(ANNA));
    expect(new Set([...content.values()].flat())).toEqual(new Set(['consultation_protocols']));
    expect(existsSync(filePath(server.ctx.config.dataDir, tenant.tenantId, anna.fileId))).toBe(false);
    expect(await filesHolding(server.ctx.config.dataDir, identifiersOf(ANNA))).toEqual([]);

    const kept = await protocolOf(anna.consultationId);
    expect(kept.record.participants.citizen.name).toBe('Pseudonymisiert');
    const keptText = await pdfText(kept.pdf);
    expect(keptText).toContain('Pseudonymisiert');
    expect(keptText).not.toContain(ANNA.name);
    expect(await search('email', ANNA.email)).toEqual({ appointments: [], visits: [], outboxMessages: [] });
    const byReference = await search('reference', anna.appointmentId);
    expect(byReference.appointments[0]).toMatchObject({ erased: true, email: '', phone: null, name: '–' });
    expect(byReference.visits[0]).toMatchObject({ id: anna.visitId, erased: true, consultations: 1 });

    // Anne is as she was: every identifier and every content where it was, her file, her protocol.
    const anneIdentifying = await tablesHolding(server, [...identifiersOf(ANNE), ...contentOf(ANNE)]);
    expect([...anneIdentifying.keys()].sort()).toEqual([...identifiersOf(ANNE), ...contentOf(ANNE)].sort());
    expect(existsSync(filePath(server.ctx.config.dataDir, tenant.tenantId, anne.fileId))).toBe(true);
    expect((await filesHolding(server.ctx.config.dataDir, [ANNE.email])).length).toBeGreaterThan(0);
    expect(await protocolOf(anne.consultationId)).toEqual(anneProtocolBefore);

    const [event] = await auditOf('data_protection.erased');
    expect(event).toMatchObject({
      actor: `staff:${officer.id}`,
      details: {
        reason: 'consent-withdrawn',
        note: 'Antrag vom 3. Dezember, Az. DS-2026-17',
        appointments: [anna.appointmentId],
        visits: [anna.visitId],
        protocols: [{ consultationId: anna.consultationId, version: 1, sha256: kept.sha256 }],
      },
    });
    const admin = await tenant.staff('admin');
    const chain = await server.app.inject({
      url: '/api/admin/audit/verify',
      headers: { cookie: admin.cookie },
    });
    expect(chain.json().broken).toBeNull();
  });

  it("corrects a citizen's name and number, audited without the values", async () => {
    const corrected = await send(
      'PUT',
      `${BASE}/appointments/${anne.appointmentId}/contact`,
      officer.cookie,
      {
        name: 'Anne Schmitt',
        email: ANNE.email,
        phone: '0172 1112223',
      },
    );
    expect(corrected.statusCode, corrected.body).toBe(204);
    const [found] = (await search('reference', anne.appointmentId)).appointments;
    expect(found).toMatchObject({ name: 'Anne Schmitt', email: ANNE.email, phone: '+491721112223' });
    const renamed = await send('PUT', `${BASE}/visits/${anne.visitId}/name`, officer.cookie, {
      name: 'Anne Schmitt',
    });
    expect(renamed.statusCode).toBe(204);
    const events = await auditOf('data_protection.rectified');
    expect(events.map((e) => [e.object, e.details])).toEqual([
      [`appointment:${anne.appointmentId}`, { fields: ['name', 'phone'] }],
      [`visit:${anne.visitId}`, { fields: ['name'] }],
    ]);
    expect(JSON.stringify(events)).not.toMatch(/schmi|1112223/i);
    // An erased record has nothing left to correct.
    const gone = await send('PUT', `${BASE}/visits/${anna.visitId}/name`, officer.cookie, { name: 'Anna' });
    expect(gone.statusCode).toBe(409);
  });

  it('gives the records of processing from the authority’s actual settings', async () => {
    const admin = await tenant.staff('admin');
    const read = async (cookie: string) => {
      const response = await server.app.inject({
        url: `${BASE}/records-of-processing.pdf`,
        headers: { cookie },
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('application/pdf');
      return (await pdfText(response.rawPayload)).replace(/\s+/g, ' ');
    };
    const before = await read(officer.cookie);
    expect(before).toContain('Verzeichnis von Verarbeitungstätigkeiten');
    expect(before).toContain('Stadt Musterhausen');
    expect(before).toContain('90 Tage nach dem Ende');
    const changed = await send('PUT', '/api/admin/tenant', admin.cookie, {
      name: 'Stadt Musterhausen',
      logoUrl: null,
      timeZone: 'Europe/Berlin',
      holidayState: 'BY',
      retentionDays: 45,
      protocolRetentionDays: 4000,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const after = await read(admin.cookie);
    expect(after).toContain('45 Tage nach dem Ende');
    expect(after).toContain('4000 Tage nach der Erstellung');
    expect(after).not.toContain('90 Tage');
  });

  async function protocolOf(consultationId: string) {
    const [row] = await server.ctx.db.query<{
      record: { participants: { citizen: { name: string } } };
      pdf: Uint8Array;
      sha256: string;
    }>(
      `SELECT record, pdf, pdf_sha256 AS sha256 FROM consultation_protocols
        WHERE consultation_id = $1 AND version = 1`,
      [consultationId],
    );
    return { ...row!, pdf: Buffer.from(row!.pdf) };
  }
});
