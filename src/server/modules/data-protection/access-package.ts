import { strToU8, type Zippable, zipSync } from 'fflate';
import { calendarDay } from '../consultations/protocol-format';
import { renderDossierPdf } from './dossier-pdf';
import type { Attachments, Dossier } from './dossier-types';

/**
 * The access package (GDPR Art. 15) as a ZIP: auskunft.json (everything, machine-readable),
 * auskunft.pdf (the same for reading), the decrypted shared files under dateien/ and the protocol PDFs
 * under protokolle/.
 */
export async function accessPackage(dossier: Dossier, attachments: Attachments) {
  const entries: Zippable = {
    'auskunft.json': [strToU8(`${JSON.stringify(dossier, null, 2)}\n`), { level: 6 }],
    // Stored, not deflated: PDFs and most shared files are compressed already (as in the xdomea package).
    'auskunft.pdf': [await renderDossierPdf(dossier), { level: 0 }],
  };
  for (const [path, bytes] of attachments) entries[path] = [bytes, { level: 0 }];
  const day = calendarDay(dossier.generatedAt, dossier.authority.timeZone);
  return { fileName: `auskunft-${day}.zip`, zip: zipSync(entries, { mtime: new Date(dossier.generatedAt) }) };
}
