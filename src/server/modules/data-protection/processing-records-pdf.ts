import { openPdf } from '../../pdf/pdf-document';
import { formatDateTimeDe } from '../consultations/protocol-format';
import type { ProcessingRecords } from './processing-records';

/** The records of processing as a PDF/A document the authority files (German, as the protocol). */
export function renderProcessingRecordsPdf(
  records: ProcessingRecords,
  createdAt: Date,
  timeZone: string,
): Promise<Buffer> {
  const pdf = openPdf(
    {
      title: 'Verzeichnis von Verarbeitungstätigkeiten',
      subject: `Videoberatung Amtsraum bei ${records.controller}`,
      createdAt,
    },
    130,
  );
  const { doc, left, width, heading, row, paragraph } = pdf;
  doc.font('bold').fontSize(20).text('Verzeichnis von Verarbeitungstätigkeiten', left, doc.y, { width });
  doc.font('regular').fontSize(12).text(`${records.controller} · Art. 30 Abs. 1 DSGVO`, { width });
  doc.moveDown(0.5);
  paragraph(
    `Stand: ${formatDateTimeDe(createdAt.toISOString(), timeZone)}, erzeugt aus den aktuellen Einstellungen ` +
      'der Videoberatung Amtsraum. Verantwortlich ist die Behörde; Kontaktdaten der Behörde und ihrer ' +
      'oder ihres Datenschutzbeauftragten ergänzt sie beim Ablegen. Übermittlungen in Drittländer finden ' +
      'nicht statt.',
  );
  for (const activity of records.activities) {
    heading(activity.title);
    row('Zweck', activity.purpose);
    row('Betroffene', activity.subjects);
    row('Daten', activity.data);
    row('Zugriff', activity.access);
    row('Empfänger', activity.recipients);
    row('Löschfrist', activity.retention);
  }
  heading('Technische und organisatorische Maßnahmen (Art. 32 DSGVO)');
  for (const measure of records.measures) paragraph(`• ${measure}`);
  return pdf.finish();
}
