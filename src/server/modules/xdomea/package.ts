import { strToU8, type Zippable, zipSync } from 'fflate';
import { ABGABE_ELEMENT, type AbgabeMessage, abgabeXml } from './message';

const UMLAUTS: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', Ä: 'Ae', Ö: 'Oe', Ü: 'Ue', ß: 'ss' };

/**
 * "<id>_<name>": a primary document's name in the ZIP, as xdomea's Dateiname pattern wants it (the
 * Dokument's UUID first). Only ASCII letters, digits, ".", "-" and "_", so every importer's ZIP reader
 * and file system takes it; the uploader's own name travels as DateinameOriginal.
 */
export function packageFileName(id: string, name: string): string {
  const ascii = name
    .replace(/[äöüÄÖÜß]/g, (c) => UMLAUTS[c] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '_');
  const ext = ascii.match(/\.[A-Za-z0-9]{1,10}$/)?.[0] ?? '';
  const stem = ascii.slice(0, ascii.length - ext.length).replace(/^[._-]+|[._-]+$/g, '');
  return `${id}_${stem.slice(0, 100) || 'Datei'}${ext}`;
}

/**
 * The message as xdomea hands it over: "<ProzessID>_Abgabe.Abgabe.0401.zip" holding
 * "<ProzessID>_Abgabe.Abgabe.0401.xml" and every primary document under its Dateiname.
 */
export function abgabePackage(message: AbgabeMessage): { fileName: string; zip: Uint8Array } {
  const base = `${message.processId}_${ABGABE_ELEMENT}`;
  const entries: Zippable = { [`${base}.xml`]: [strToU8(abgabeXml(message)), { level: 6 }] };
  // Stored, not deflated: PDF, PNG, JPEG and the office formats are compressed already.
  for (const document of message.documents) entries[document.fileName] = [document.bytes, { level: 0 }];
  return { fileName: `${base}.zip`, zip: zipSync(entries, { mtime: message.createdAt }) };
}
