import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { InjectOptions } from 'fastify';
import { unzipSync } from 'fflate';
import PDFDocument from 'pdfkit';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiScope } from '../../src/shared/api-v1';
import { describeEachDb } from '../support/each-db';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../support/server';
import { signatureHeaders, startReceiver } from '../support/webhook-receiver';
import { callScene, fileRequests } from './consultation-fixtures';
import { agentFor, openOffice } from './visits-fixtures';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

/** A 1×1 PNG, as an agent would share a screenshot. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const letterPdf = () =>
  new Promise<Buffer>((resolve) => {
    const doc = new PDFDocument();
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.text('Mietvertrag, Seite 1');
    doc.end();
  });

/** The order xdomea 3.0.0's schema demands of the children we write (xs:sequence of each type). */
const SEQUENCES: Record<string, string[]> = {
  Kopf: [
    'ProzessID',
    'Nachrichtentyp',
    'Erstellungszeitpunkt',
    'Absender',
    'Empfaenger',
    'SendendesSystem',
    'Hinweis',
    'WeitererEmpfaenger',
    'Importbestaetigung',
    'Empfangsbestaetigung',
  ],
  Vorgang: [
    'Identifikation',
    'AllgemeineMetadaten',
    'ArchivspezifischeMetadaten',
    'Aktenbetreff',
    'Typ',
    'ZdA',
    'ZdADatum',
    'Laufzeit',
    'HistorienProtokollInformation',
    'InternerGeschaeftsgang',
    'Dokument',
    'Verweis',
    'Kontakt',
    'Teilvorgang',
    'AnwendungsspezifischeErweiterung',
  ],
  Dokument: [
    'Identifikation',
    'AllgemeineMetadaten',
    'FremdesGeschaeftszeichen',
    'Posteingangsdatum',
    'Postausgangsdatum',
    'DatumDesSchreibens',
    'Bezug',
    'Hier',
    'Bearbeiter',
    'Typ',
    'HistorienProtokollInformation',
    'InternerGeschaeftsgang',
    'Version',
    'Verweis',
    'Anlage',
    'Absender',
    'Empfaenger',
    'WeitererKontakt',
    'AnwendungsspezifischeErweiterung',
  ],
  AllgemeineMetadaten: [
    'Betreff',
    'Kennzeichen',
    'Federfuehrung',
    'Aktenfuehrung',
    'Vertraulichkeitsstufe',
    'Bemerkung',
    'Medium',
  ],
  Format: ['Name', 'SonstigerName', 'Version', 'Primaerdokument'],
  Primaerdokument: ['Dateiname', 'DateinameOriginal', 'Ersteller', 'DatumUhrzeit'],
};

/** A node as fast-xml-parser's preserveOrder gives it: { name: children, ':@': attributes } or text. */
interface OrderedNode {
  [name: string]: OrderedNode[] | string | Record<string, string>;
}

/** Every element named in SEQUENCES, anywhere in the document, has its children in schema order. */
function expectSchemaOrder(nodes: OrderedNode[]) {
  for (const node of nodes) {
    const [qname] = Object.keys(node).filter((k) => k !== ':@');
    const children = node[qname!];
    if (!Array.isArray(children)) continue;
    const name = qname!.replace(/^xdomea:/, '');
    const sequence = SEQUENCES[name];
    if (sequence) {
      const order = children
        .flatMap((c) => Object.keys(c).filter((k) => k !== ':@' && k !== '#text'))
        .map((k) => k.replace(/^xdomea:/, ''));
      const positions = order.map((child) => sequence.indexOf(child));
      expect(positions, `${name}: ${order.join(', ')}`).not.toContain(-1);
      expect(positions, `${name}: ${order.join(', ')}`).toEqual([...positions].sort((a, b) => a - b));
    }
    expectSchemaOrder(children);
  }
}

interface Feld {
  'xdomea:Name': string;
  'xdomea:Wert': string;
}
/** The parts of a parsed Dokument the tests read. */
interface ParsedDokument {
  'xdomea:Identifikation': { 'xdomea:ID': string };
  'xdomea:AllgemeineMetadaten': Record<string, string>;
  'xdomea:Posteingangsdatum'?: string;
  'xdomea:Postausgangsdatum'?: string;
  'xdomea:Bearbeiter'?: string;
  'xdomea:Version': {
    'xdomea:Format': {
      'xdomea:Name': Record<string, string>;
      'xdomea:Version': string;
      'xdomea:Primaerdokument': { 'xdomea:Dateiname': string; 'xdomea:DateinameOriginal'?: string };
    };
  };
  'xdomea:AnwendungsspezifischeErweiterung': { 'xdomea:Feld': Feld[] };
}
const fieldsOf = (extension: { 'xdomea:Feld': Feld[] }) =>
  Object.fromEntries(extension['xdomea:Feld'].map((f) => [f['xdomea:Name'], f['xdomea:Wert']]));

/** A package read back: the XML (parsed twice: by name and in document order) and every file in it. */
function readPackage(zip: Uint8Array) {
  const files = unzipSync(zip);
  const xmlName = Object.keys(files).find((n) => n.endsWith('.xml'))!;
  const xml = Buffer.from(files[xmlName]!).toString('utf8');
  const parsed = new XMLParser({
    ignoreAttributes: false,
    parseTagValue: false,
    isArray: (name) => ['xdomea:Dokument', 'xdomea:Feld'].includes(name),
  }).parse(xml);
  const ordered = new XMLParser({ preserveOrder: true, ignoreAttributes: false }).parse(xml) as OrderedNode[];
  const message = parsed['xdomea:Abgabe.Abgabe.0401'];
  return { files, xmlName, xml, message, ordered };
}

describeEachDb('xdomea export', (kind) => {
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    server = await startTestServer(kind);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await server.close();
  });

  const inject = (options: InjectOptions) => server.app.inject(options);
  const v1 = (key: string, url: string) =>
    inject({ url: `/api/v1${url}`, headers: { authorization: `Bearer ${key}` } });
  const staffExport = (headers: Record<string, string>, consultationId: string) =>
    inject({ url: `/api/consultations/${consultationId}/export/xdomea`, headers });
  const apiKey = async (admin: { cookie: string }, scopes: ApiScope[]) => {
    const created = await inject({
      method: 'POST',
      url: '/api/admin/api-keys',
      headers: { cookie: admin.cookie },
      payload: { name: 'E-Akte', scopes },
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json() as { id: string; key: string };
  };
  const exportEvents = (tenantId: string) =>
    server.ctx.db.query<{ actor: string; object: string; details: Record<string, unknown> }>(
      `SELECT actor, object, details FROM audit_events WHERE tenant_id = $1 AND action = 'consultation.exported'
        ORDER BY seq`,
      [tenantId],
    );

  /**
   * A case system opens a consultation with a case reference and subscribes to consultation.completed;
   * the citizen comes in, both share a file, the agent records the outcome. The call is still running.
   */
  async function caseInCall(tenant: TestTenant, slug: string) {
    const admin = await tenant.staff('admin');
    const office = await openOffice(server, tenant, slug);
    const agent = await agentFor(server, tenant, [office.id]);
    const key = await apiKey(admin, ['consultations:read', 'consultations:write']);
    const hook = await inject({
      method: 'POST',
      url: '/api/admin/webhooks',
      headers: { cookie: admin.cookie },
      payload: { url: receiver.url('/hooks'), events: ['consultation.completed'] },
    });
    expect(hook.statusCode, hook.body).toBe(201);
    const invited = await inject({
      method: 'POST',
      url: '/api/v1/consultations',
      headers: { authorization: `Bearer ${key.key}` },
      payload: { officeId: office.id, citizen: { name: 'Zoë Çelik-Müller' }, caseReference: 'AZ 4711/26' },
    });
    expect(invited.statusCode, invited.body).toBe(201);
    const invitationId: string = invited.json().id;
    const joined = await inject({
      method: 'POST',
      url: '/api/public/invitation/join',
      headers: { authorization: `Bearer ${invited.json().joinUrl.split('#')[1]}` },
    });
    expect(joined.statusCode, joined.body).toBe(200);
    const [visit] = await server.ctx.db.query<{ id: string }>('SELECT id FROM visits WHERE office_id = $1', [
      office.id,
    ]);
    const called = await inject({
      method: 'POST',
      url: `/api/staff/visits/${visit!.id}/call`,
      headers: { cookie: agent.cookie },
    });
    expect(called.statusCode, called.body).toBe(200);
    const consultationId: string = called.json().consultationId;
    const citizen = { authorization: `Bearer ${joined.json().visitToken}` };
    const letter = await letterPdf();
    const { upload } = fileRequests(server);
    const asCitizen = { token: joined.json().visitToken as string };
    expect((await upload(asCitizen, consultationId, 'Mietvertrag März.pdf', letter)).statusCode).toBe(201);
    expect((await upload({ cookie: agent.cookie }, consultationId, 'Übersicht.png', PNG)).statusCode).toBe(
      201,
    );
    const recorded = await inject({
      method: 'PUT',
      url: `/api/consultations/${consultationId}/record`,
      headers: { cookie: agent.cookie },
      payload: { notes: 'Unterlagen geprüft.', outcome: 'resolved' },
    });
    expect(recorded.statusCode, recorded.body).toBe(200);
    return { admin, office, agent, key, invitationId, consultationId, citizen, letter };
  }

  const issueProtocol = async (agent: { cookie: string }, consultationId: string) => {
    const issued = await inject({
      method: 'POST',
      url: `/api/consultations/${consultationId}/protocol`,
      headers: { cookie: agent.cookie },
      payload: {},
    });
    expect(issued.statusCode, issued.body).toBe(201);
    return issued.json() as { version: number; pdfSha256: string };
  };

  it('hands a finished case to the e-file: the webhook names the xdomea message, which carries the record intact', async () => {
    const tenant = await createTestTenant(server, 'Stadt Musterhausen');
    const scene = await caseInCall(tenant, 'wohngeld');
    const issued = await issueProtocol(scene.agent, scene.consultationId);

    // The case system learns of the protocol by a signed webhook that names where to fetch the record.
    const secret = (
      await server.ctx.db.query<{ secret: string }>(
        'SELECT secret FROM webhook_endpoints WHERE tenant_id = $1',
        [tenant.tenantId],
      )
    )[0]!.secret;
    receiver.received.length = 0;
    await server.ctx.jobs.runDue();
    const delivery = receiver.received.find((r) => r.body.includes(scene.consultationId))!;
    const event = new Webhook(secret).verify(delivery.body, signatureHeaders(delivery)) as {
      type: string;
      data: { protocol: { sha256: string; xdomeaPath: string } };
    };
    expect(event.type).toBe('consultation.completed');
    const { xdomeaPath } = event.data.protocol;
    expect(xdomeaPath).toBe(`/api/v1/consultations/${scene.invitationId}/xdomea`);

    const response = await v1(scene.key.key, xdomeaPath.replace('/api/v1', ''));
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['cache-control']).toBe('no-store');
    const zipName = String(response.headers['content-disposition']).match(/filename="([^"]+)"/)?.[1];
    expect(zipName).toMatch(new RegExp(`^${UUID}_Abgabe\\.Abgabe\\.0401\\.zip$`));
    const processId = zipName!.slice(0, 36);

    const { files, xmlName, xml, message, ordered } = readPackage(response.rawPayload);
    expect(xmlName).toBe(`${processId}_Abgabe.Abgabe.0401.xml`);
    expect(xml).toContain('xmlns:xdomea="urn:xoev-de:xdomea:schema:3.0.0"');
    expectSchemaOrder(ordered);

    const kopf = message['xdomea:Kopf'];
    expect(kopf['xdomea:ProzessID']).toBe(processId);
    expect(kopf['xdomea:Nachrichtentyp']).toMatchObject({ code: '0401', name: 'Abgabe.Abgabe' });
    expect(Math.abs(Date.parse(kopf['xdomea:Erstellungszeitpunkt']) - Date.now())).toBeLessThan(600_000);
    expect(kopf['xdomea:Absender']).toEqual({
      'xdomea:Institution': { 'xdomea:Name': 'Stadt Musterhausen' },
      'xdomea:Organisationseinheit': { 'xdomea:Name': 'Büro wohngeld' },
    });
    expect(kopf['xdomea:Empfaenger']['xdomea:Institution']).toEqual({ 'xdomea:Name': 'Stadt Musterhausen' });
    expect(kopf['xdomea:Importbestaetigung']).toBe('1');

    const vorgang = message['xdomea:Schriftgutobjekt']['xdomea:Vorgang'];
    expect(vorgang['xdomea:Identifikation']['xdomea:ID']).toBe(scene.consultationId);
    expect(vorgang['xdomea:AllgemeineMetadaten']).toMatchObject({
      'xdomea:Betreff': 'Videoberatung: Az. AZ 4711/26',
      'xdomea:Kennzeichen': 'AZ 4711/26',
      'xdomea:Federfuehrung': 'Büro wohngeld',
    });
    expect(vorgang['xdomea:Laufzeit']).toEqual({
      'xdomea:Beginn': expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
      'xdomea:Ende': expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
    });
    expect(fieldsOf(vorgang['xdomea:AnwendungsspezifischeErweiterung'])).toMatchObject({
      'Gespraechs-ID': scene.consultationId,
      Ergebnis: 'Erledigt',
      'Einladungs-ID': scene.invitationId,
      Protokollversion: '1',
    });

    // Protocol first, then the shared files in the order they were shared; every file in the ZIP.
    const documents = vorgang['xdomea:Dokument'] as ParsedDokument[];
    expect(documents).toHaveLength(3);
    expect(Object.keys(files).sort()).toEqual(
      [
        xmlName,
        ...documents.map(
          (d) => d['xdomea:Version']['xdomea:Format']['xdomea:Primaerdokument']['xdomea:Dateiname'],
        ),
      ].sort(),
    );
    const described = documents.map((d) => {
      const format = d['xdomea:Version']['xdomea:Format'];
      const primary = format['xdomea:Primaerdokument'];
      const bytes = files[primary['xdomea:Dateiname']]!;
      expect(primary['xdomea:Dateiname'].startsWith(`${d['xdomea:Identifikation']['xdomea:ID']}_`)).toBe(
        true,
      );
      const fields = fieldsOf(d['xdomea:AnwendungsspezifischeErweiterung']);
      // The checksum in the message is that of the bytes in the package.
      expect(fields['SHA-256']).toBe(sha256(bytes));
      expect(fields.Bytes).toBe(String(bytes.length));
      return { d, format, primary, bytes, fields };
    });
    const [protocol, letter, picture] = described as [
      (typeof described)[0],
      (typeof described)[0],
      (typeof described)[0],
    ];

    // The protocol PDF inside is byte for byte the one /api/v1 serves, with the hash the webhook announced.
    const pdf = await v1(scene.key.key, `/consultations/${scene.invitationId}/protocol.pdf`);
    expect(Buffer.from(protocol.bytes).equals(pdf.rawPayload)).toBe(true);
    expect(protocol.fields['SHA-256']).toBe(issued.pdfSha256);
    expect(protocol.fields['SHA-256']).toBe(event.data.protocol.sha256);
    expect(protocol.d['xdomea:AllgemeineMetadaten']['xdomea:Betreff']).toBe('Gesprächsprotokoll');
    expect(protocol.d['xdomea:Bearbeiter']).toBe(`agent ${tenant.slug}`);
    expect(protocol.format['xdomea:Name']).toEqual({
      '@_listURI': 'urn:xoev-de:xdomea:codeliste:dateiformat',
      '@_listVersionID': '2.0',
      code: '044',
    });
    expect(`%PDF-${protocol.format['xdomea:Version']}`).toBe(pdf.rawPayload.subarray(0, 8).toString());
    expect(protocol.fields['MIME-Typ']).toBe('application/pdf');

    // The shared files: bytes as uploaded, the uploader's name kept, incoming and outgoing told apart.
    expect(Buffer.from(letter.bytes).equals(scene.letter)).toBe(true);
    expect(letter.primary['xdomea:DateinameOriginal']).toBe('Mietvertrag März.pdf');
    expect(letter.primary['xdomea:Dateiname']).toMatch(new RegExp(`^${UUID}_Mietvertrag_Maerz\\.pdf$`));
    expect(letter.d['xdomea:Posteingangsdatum']).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(letter.format['xdomea:Name'].code).toBe('018');
    expect(Buffer.from(picture.bytes).equals(PNG)).toBe(true);
    expect(picture.primary['xdomea:DateinameOriginal']).toBe('Übersicht.png');
    expect(picture.d['xdomea:Postausgangsdatum']).toMatch(/^\d{4}-\d\d-\d\d$/);
    expect(picture.format['xdomea:Name'].code).toBe('019');
    expect(picture.fields['MIME-Typ']).toBe('image/png');

    // The export is in the audit trail with the process id and the hash of the very ZIP that went out.
    expect(await exportEvents(tenant.tenantId)).toEqual([
      {
        actor: `api_key:${scene.key.id}`,
        object: `consultation:${scene.consultationId}`,
        details: {
          format: 'xdomea',
          message: 'Abgabe.Abgabe.0401',
          processId,
          documents: 3,
          sha256: sha256(response.rawPayload),
        },
      },
    ]);

    // A second export is a new process with the same object ids, so the e-file recognises the record.
    const again = readPackage(
      (await v1(scene.key.key, `/consultations/${scene.invitationId}/xdomea`)).rawPayload,
    );
    expect(again.message['xdomea:Kopf']['xdomea:ProzessID']).not.toBe(processId);
    const ids = (m: typeof message) =>
      m['xdomea:Schriftgutobjekt']['xdomea:Vorgang']['xdomea:Dokument'].map(
        (d: ParsedDokument) => d['xdomea:Identifikation']['xdomea:ID'],
      );
    expect(ids(again.message)).toEqual(ids(message));
  });

  it('lets the agent, admins and leads download it, and nobody else', async () => {
    const tenant = await createTestTenant(server);
    const scene = await callScene(server, {}, tenant);
    await issueProtocol(scene.agent, scene.consultationId);
    const admin = await tenant.staff('admin');
    const lead = await tenant.staff('lead');
    for (const who of [scene.agent, admin, lead]) {
      const got = await staffExport({ cookie: who.cookie }, scene.consultationId);
      expect(got.statusCode, got.body).toBe(200);
      expect(got.headers['content-type']).toBe('application/zip');
      expect(got.headers['content-disposition']).toMatch(
        /^attachment; filename="[0-9a-f-]{36}_Abgabe\.Abgabe\.0401\.zip"$/,
      );
      const { message } = readPackage(got.rawPayload);
      // A walk-in has no case reference: no Kennzeichen, the concern as subject.
      const meta = message['xdomea:Schriftgutobjekt']['xdomea:Vorgang']['xdomea:AllgemeineMetadaten'];
      expect(meta['xdomea:Kennzeichen']).toBeUndefined();
      expect(meta['xdomea:Betreff']).toBe('Videoberatung: Anliegen von Zoë Çelik-Müller');
    }
    expect((await exportEvents(tenant.tenantId)).map((e) => e.actor)).toEqual([
      `staff:${scene.agent.id}`,
      `staff:${admin.id}`,
      `staff:${lead.id}`,
    ]);

    const otherAgent = await tenant.staff('agent');
    const stranger = await (await createTestTenant(server, 'Andere Stadt')).staff('admin');
    for (const who of [otherAgent, stranger]) {
      const refused = await staffExport({ cookie: who.cookie }, scene.consultationId);
      expect(refused.statusCode).toBe(404);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect((await staffExport({}, scene.consultationId)).statusCode).toBe(401);
    expect(
      (await staffExport({ authorization: `Bearer ${scene.citizen.token}` }, scene.consultationId))
        .statusCode,
    ).toBe(403);
    expect((await staffExport({ cookie: admin.cookie }, 'not-a-uuid')).statusCode).toBe(400);
    expect(await exportEvents(tenant.tenantId)).toHaveLength(3);
  });

  it('refuses with 409 while the consultation runs or has no protocol, and 404 or 403 to the wrong key', async () => {
    const tenant = await createTestTenant(server);
    const scene = await caseInCall(tenant, 'laufend');
    const running = await staffExport({ cookie: scene.agent.cookie }, scene.consultationId);
    expect(running.statusCode).toBe(409);
    expect(running.headers['content-type']).toMatch(/application\/problem\+json/);
    expect((await v1(scene.key.key, `/consultations/${scene.invitationId}/xdomea`)).statusCode).toBe(409);

    // Ended without a protocol: still nothing to hand over.
    await server.ctx.db.query(
      `UPDATE consultations SET ended_at = now(), end_reason = 'completed' WHERE id = $1`,
      [scene.consultationId],
    );
    const unissued = await v1(scene.key.key, `/consultations/${scene.invitationId}/xdomea`);
    expect(unissued.statusCode).toBe(409);
    expect(unissued.json().detail).toMatch(/protocol/);

    // Invited, but the citizen never came.
    const invited = await inject({
      method: 'POST',
      url: '/api/v1/consultations',
      headers: { authorization: `Bearer ${scene.key.key}` },
      payload: { officeId: scene.office.id, citizen: { name: 'Max' } },
    });
    expect((await v1(scene.key.key, `/consultations/${invited.json().id}/xdomea`)).statusCode).toBe(409);
    expect((await v1(scene.key.key, `/consultations/${crypto.randomUUID()}/xdomea`)).statusCode).toBe(404);

    await issueProtocol(scene.agent, scene.consultationId);
    expect((await v1(scene.key.key, `/consultations/${scene.invitationId}/xdomea`)).statusCode).toBe(200);
    // Another authority's key does not find it; a key without consultations:read may not ask.
    const other = await createTestTenant(server, 'Andere Stadt');
    const otherKey = await apiKey(await other.staff('admin'), ['consultations:read']);
    const notFound = await v1(otherKey.key, `/consultations/${scene.invitationId}/xdomea`);
    expect(notFound.statusCode).toBe(404);
    expect(notFound.headers['content-type']).toMatch(/application\/problem\+json/);
    const writeOnly = await apiKey(scene.admin, ['consultations:write', 'appointments:read']);
    expect((await v1(writeOnly.key, `/consultations/${scene.invitationId}/xdomea`)).statusCode).toBe(403);
    expect((await inject({ url: `/api/v1/consultations/${scene.invitationId}/xdomea` })).statusCode).toBe(
      401,
    );
    expect(await exportEvents(tenant.tenantId)).toHaveLength(1);
    expect(await exportEvents(other.tenantId)).toEqual([]);
  });

  it('is in the OpenAPI document with its scope and media type', async () => {
    const document = (await inject({ url: '/api/v1/openapi.json' })).json();
    const operation = document.paths['/api/v1/consultations/{id}/xdomea'].get;
    expect(operation.security).toEqual([{ apiKey: ['consultations:read'] }]);
    expect(Object.keys(operation.responses['200'].content)).toEqual(['application/zip']);
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['401', '403', '404', '409']));
  });
});

/**
 * Validation against the official schema, when it is at hand: XDOMEA_XSD names xdomea 3.0.0's
 * xdomea-Nachrichten-AbgabeDurchfuehren.xsd (from the XRepository release, with its includes beside it)
 * and xmllint (Debian: libxml2-utils) is installed.
 */
const xsd = process.env.XDOMEA_XSD;
const xmllint = (() => {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!xsd || !xmllint)
  console.warn('xdomea schema validation skipped: set XDOMEA_XSD and install xmllint (libxml2-utils)');

describe.skipIf(!xsd || !xmllint)('xdomea message against the official XSD', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(() => server.close());

  it('validates', async () => {
    const scene = await callScene(server);
    const issued = await server.app.inject({
      method: 'POST',
      url: `/api/consultations/${scene.consultationId}/protocol`,
      headers: { cookie: scene.agent.cookie },
      payload: {},
    });
    expect(issued.statusCode).toBe(201);
    const got = await server.app.inject({
      url: `/api/consultations/${scene.consultationId}/export/xdomea`,
      headers: { cookie: scene.agent.cookie },
    });
    const { xml } = readPackage(got.rawPayload);
    const dir = mkdtempSync(join(tmpdir(), 'xdomea-'));
    try {
      writeFileSync(join(dir, 'message.xml'), xml);
      expect(() =>
        execFileSync('xmllint', ['--noout', '--nonet', '--schema', xsd!, join(dir, 'message.xml')], {
          stdio: 'pipe',
        }),
      ).not.toThrow();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
