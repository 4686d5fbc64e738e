import { create } from 'xmlbuilder2';
import type { XMLBuilder } from 'xmlbuilder2/lib/interfaces';

/** xdomea 3.0.0: the namespace, and the message a finished consultation is handed over with. */
export const XDOMEA_NAMESPACE = 'urn:xoev-de:xdomea:schema:3.0.0';
export const ABGABE_MESSAGE = { code: '0401', name: 'Abgabe.Abgabe' } as const;
/** "Abgabe.Abgabe.0401": the root element, and the end of the XML's and the ZIP's file names. */
export const ABGABE_ELEMENT = `${ABGABE_MESSAGE.name}.${ABGABE_MESSAGE.code}`;

/**
 * Codes of the list urn:xoev-de:xdomea:codeliste:dateiformat (version 2.0, the one xdomea 3.0.0 messages
 * name), by the MIME type Amtsraum detected from the content. Unknown types go as "Sonstiges" with the MIME
 * type as the other name.
 */
const DATEIFORMAT: Record<string, string> = {
  'application/pdf': '018',
  'image/png': '019',
  'image/jpeg': '011',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '035',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '036',
  'application/vnd.oasis.opendocument.text': '015',
  'application/vnd.oasis.opendocument.spreadsheet': '014',
};
const DATEIFORMAT_PDF_A = '044';
const DATEIFORMAT_OTHER = '100';
/** Medium "Elektronisch": the record exists only electronically. */
const MEDIUM_ELECTRONIC = '001';

/** A name–value pair of Amtsraum's own metadata (xdomea "AnwendungsspezifischeErweiterung"). */
export interface Field {
  name: string;
  description?: string;
  value: string;
}

/** One Dokument of the Vorgang; its bytes travel in the ZIP under `fileName`. */
export interface PrimaryDocument {
  /** The Dokument's UUID; `fileName` starts with it, as xdomea's Dateiname pattern requires. */
  id: string;
  subject: string;
  /** "<id>_<ASCII name>.<ext>": the name in the ZIP. */
  fileName: string;
  /** The name the uploader gave, for DateinameOriginal; null for documents Amtsraum wrote. */
  originalName: string | null;
  mime: string;
  /** PDF/A files get the archival PDF code. */
  pdfA: boolean;
  bytes: Uint8Array;
  sha256: string;
  /** When the file was made (protocol issued, file shared), ISO 8601. */
  createdAt: string;
  /** Calendar day in the authority's time zone: letter date, or when it came in or went out. */
  day: string;
  /** internal: a note of the authority (the protocol); incoming: from the citizen; outgoing: to them. */
  direction: 'internal' | 'incoming' | 'outgoing';
  version: number;
  /** Who handled it (the agent), for Dokument/Bearbeiter. */
  handler?: string;
  /** Dokument/Typ, e.g. "Protokoll". */
  type?: string;
  remark?: string;
}

/** Everything an Abgabe.Abgabe.0401 message of one consultation says. */
export interface AbgabeMessage {
  processId: string;
  createdAt: Date;
  authority: string;
  office: string;
  /** Identifies this installation and authority (SendendesSystem/InstanzID). */
  instanceId: string;
  vorgang: {
    id: string;
    subject: string;
    /** The case system's reference (Aktenzeichen), when the consultation came from a case. */
    caseReference: string | null;
    /** First and last calendar day, in the authority's time zone. */
    from: string;
    to: string;
    fields: Field[];
  };
  documents: PrimaryDocument[];
}

/** Which date a Dokument carries: the letter date of the authority's note, else when it came or went. */
const DATED_BY = {
  internal: 'DatumDesSchreibens',
  incoming: 'Posteingangsdatum',
  outgoing: 'Postausgangsdatum',
} as const;

/** Characters XML 1.0 cannot carry at all; they are dropped rather than fail the export. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;
const xmlText = (text: string) => text.replace(NOT_XML, '');

/** The PDF version from the file header ("%PDF-1.7"), empty when it is not a PDF or has none. */
export function pdfVersion(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 16)).toString('latin1');
  return head.match(/^%PDF-(\d\.\d)/)?.[1] ?? '';
}

/**
 * The XML of an xdomea 3.0.0 "Abgabe.Abgabe.0401" message: a Kopf naming sender and receiver, and one
 * Schriftgutobjekt, a Vorgang holding the protocol and the shared files as Dokumente. Element order
 * follows the schema's sequences (NkAbgabeType, VorgangType, DokumentType, FormatType).
 */
export function abgabeXml(message: AbgabeMessage): string {
  const doc = create({ version: '1.0', encoding: 'UTF-8' });
  const root = doc.ele(XDOMEA_NAMESPACE, `xdomea:${ABGABE_ELEMENT}`);
  const el = (parent: XMLBuilder, name: string, text?: string, attributes?: Record<string, string>) => {
    const child = parent.ele(XDOMEA_NAMESPACE, `xdomea:${name}`, attributes);
    if (text !== undefined) child.txt(xmlText(text));
    return child;
  };
  // Code elements: the attributes name the code list; <code> and <name> are unqualified (xoev-code).
  const code = (parent: XMLBuilder, name: string, list: string, version: string, value: string) =>
    el(parent, name, undefined, { listURI: `urn:xoev-de:xdomea:codeliste:${list}`, listVersionID: version })
      .ele('code')
      .txt(value);
  const fields = (parent: XMLBuilder, kennung: string, name: string, values: Field[]) => {
    const extension = el(parent, 'AnwendungsspezifischeErweiterung');
    el(extension, 'Kennung', kennung);
    el(extension, 'Name', name);
    for (const field of values) {
      const f = el(extension, 'Feld');
      el(f, 'Name', field.name);
      if (field.description) el(f, 'Beschreibung', field.description);
      el(f, 'Wert', field.value);
    }
  };

  const kopf = el(root, 'Kopf');
  el(kopf, 'ProzessID', message.processId);
  const type = el(kopf, 'Nachrichtentyp', undefined, {
    listURI: 'urn:xoev-de:xdomea:codeliste:nachrichtentyp',
    listVersionID: '2.0',
  });
  type.ele('code').txt(ABGABE_MESSAGE.code);
  type.ele('name').txt(ABGABE_MESSAGE.name);
  el(kopf, 'Erstellungszeitpunkt', message.createdAt.toISOString());
  const sender = el(kopf, 'Absender');
  el(el(sender, 'Institution'), 'Name', message.authority);
  el(el(sender, 'Organisationseinheit'), 'Name', message.office);
  // The receiver is the authority's own e-file (records management); its system routes the message on.
  const receiver = el(kopf, 'Empfaenger');
  el(el(receiver, 'Institution'), 'Name', message.authority);
  el(receiver, 'Zustaendigkeit', 'E-Akte (Schriftgutverwaltung)');
  const system = el(kopf, 'SendendesSystem');
  el(system, 'InstanzID', message.instanceId);
  el(system, 'Produktname', 'Amtsraum');
  el(kopf, 'Hinweis', 'Gesprächsprotokoll und geteilte Dateien einer Videoberatung');
  // Fixed to 1 by the schema: the receiver answers with Abgabe.ImportBestaetigen.0402.
  el(kopf, 'Importbestaetigung', '1');
  el(kopf, 'Empfangsbestaetigung', '0');

  const { vorgang } = message;
  const v = el(el(root, 'Schriftgutobjekt'), 'Vorgang');
  el(el(v, 'Identifikation'), 'ID', vorgang.id);
  const vMeta = el(v, 'AllgemeineMetadaten');
  el(vMeta, 'Betreff', vorgang.subject);
  if (vorgang.caseReference) el(vMeta, 'Kennzeichen', vorgang.caseReference);
  el(vMeta, 'Federfuehrung', message.office);
  code(vMeta, 'Medium', 'medium', '1.0', MEDIUM_ELECTRONIC);
  el(v, 'Typ', 'Videoberatung');
  const term = el(v, 'Laufzeit');
  el(term, 'Beginn', vorgang.from);
  el(term, 'Ende', vorgang.to);

  for (const [index, document] of message.documents.entries()) {
    const d = el(v, 'Dokument');
    const id = el(d, 'Identifikation');
    el(id, 'ID', document.id);
    el(id, 'NummerImUebergeordnetenContainer', String(index + 1));
    const meta = el(d, 'AllgemeineMetadaten');
    el(meta, 'Betreff', document.subject);
    if (document.remark) el(meta, 'Bemerkung', document.remark);
    code(meta, 'Medium', 'medium', '1.0', MEDIUM_ELECTRONIC);
    el(d, DATED_BY[document.direction], document.day);
    if (document.handler) el(d, 'Bearbeiter', document.handler);
    if (document.type) el(d, 'Typ', document.type);
    const version = el(d, 'Version');
    el(version, 'Nummer', String(document.version));
    const format = el(version, 'Format');
    const known = document.pdfA ? DATEIFORMAT_PDF_A : DATEIFORMAT[document.mime];
    code(format, 'Name', 'dateiformat', '2.0', known ?? DATEIFORMAT_OTHER);
    if (!known) el(format, 'SonstigerName', document.mime);
    el(format, 'Version', document.mime === 'application/pdf' ? pdfVersion(document.bytes) : '');
    const primary = el(format, 'Primaerdokument');
    el(primary, 'Dateiname', document.fileName);
    if (document.originalName) el(primary, 'DateinameOriginal', document.originalName);
    el(primary, 'DatumUhrzeit', document.createdAt);
    // xdomea 3.0.0 has no checksum element: the SHA-256 travels as Amtsraum's own metadata.
    fields(d, 'urn:amtsraum:xdomea:primaerdokument', 'Amtsraum Primärdokument', [
      {
        name: 'SHA-256',
        description: 'Prüfsumme SHA-256 (hexadezimal) der Datei im Paket',
        value: document.sha256,
      },
      { name: 'MIME-Typ', value: document.mime },
      { name: 'Bytes', value: String(document.bytes.length) },
    ]);
  }
  fields(v, 'urn:amtsraum:xdomea:videoberatung', 'Amtsraum Videoberatung', vorgang.fields);
  return doc.end({ prettyPrint: true });
}
