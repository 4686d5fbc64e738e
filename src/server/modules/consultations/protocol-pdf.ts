import { OUTCOME_LABELS_DE, type ProtocolRecord } from '../../../shared/consultations';
import { openPdf } from '../../pdf/pdf-document';
import {
  formatBytesDe,
  formatDateDe,
  formatDateTimeDe,
  formatDurationDe,
  formatTimeDe,
  pdfText,
} from './protocol-format';

const END_REASONS_DE: Record<ProtocolRecord['times']['endReason'], string> = {
  completed: 'Beendet durch die Sachbearbeitung',
  transferred: 'Weitergeleitet an ein anderes Büro',
  citizen_left: 'Beendet durch die Bürgerin / den Bürger',
};

const ROLE_DE = { agent: 'Sachbearbeitung', citizen: 'Bürger/in', guest: 'Gast' } as const;

/** Who wrote or shared something: by role, a guest by the agent's label too ("Dolmetscherin (Gast)"). */
const byWhom = (role: keyof typeof ROLE_DE, label: string | undefined) =>
  role === 'guest' && label ? `${label} (${ROLE_DE.guest})` : ROLE_DE[role];

type FormAnswer = NonNullable<ProtocolRecord['form']>['fields'][number];

/** An answer as a person reads it: ticks as Ja/Nein, dates the German way. */
function answerText(field: FormAnswer): string {
  if (typeof field.value === 'boolean') return field.value ? 'Ja' : 'Nein';
  return field.type === 'date' ? formatDateDe(field.value) : field.value;
}

/** The protocol as PDF/A-3b (fonts and the shared layout: pdf/pdf-document.ts). */
export function renderProtocolPdf(record: ProtocolRecord): Promise<Buffer> {
  const tz = record.authority.timeZone;
  const pdf = openPdf({
    title: 'Beratungsprotokoll',
    subject: `Beratung im Büro ${record.office.name}`,
    createdAt: new Date(record.issuedAt),
  });
  const { doc, left, width, roomFor, heading, row, paragraph } = pdf;

  doc.font('bold').fontSize(20).text('Beratungsprotokoll', left, doc.y, { width });
  doc.font('regular').fontSize(12).text(record.authority.name, { width });
  doc.moveDown(0.5);

  heading('Beratung');
  row('Büro', record.office.name);
  row('Leistung', record.service?.name ?? 'Keine (Spontanbesuch)');
  if (record.concern) row('Anliegen', record.concern);
  row('Sachbearbeitung', record.participants.agent.name);
  row('Bürger/in', record.participants.citizen.name);

  heading('Zeiten');
  row('Beginn', formatDateTimeDe(record.times.startedAt, tz));
  row('Ende', formatDateTimeDe(record.times.endedAt, tz));
  row('Dauer', formatDurationDe(record.times.durationSeconds));
  row('Wartezeit', formatDurationDe(record.times.waitedSeconds));
  row('Abschluss', END_REASONS_DE[record.times.endReason]);

  heading('Ergebnis');
  row('Ergebnis', record.outcome ? OUTCOME_LABELS_DE[record.outcome] : 'Nicht angegeben');
  if (record.performedServices?.length) {
    row('Erbrachte Leistungen', record.performedServices.map((s) => `${s.count} × ${s.name}`).join('\n'));
  }

  heading('Notizen');
  paragraph(record.notes);

  if (record.form) {
    heading('Gemeinsam ausgefülltes Formular');
    if (record.form.fields.length === 0 && !record.form.freeText) paragraph('Das Formular blieb leer.');
    for (const field of record.form.fields) row(field.label, answerText(field));
    if (record.form.freeText) row('Weitere Angaben', record.form.freeText);
    if (record.form.documents.length > 0) {
      heading('Erforderliche Unterlagen');
      for (const document of record.form.documents) {
        row(document.name, document.ticked ? 'Vorgelegt (abgehakt)' : 'Nicht abgehakt');
      }
    }
  }

  if (record.files) {
    heading('Geteilte Dateien');
    if (record.files.length === 0) paragraph('Im Gespräch wurden keine Dateien geteilt.');
    for (const file of record.files) {
      roomFor(50);
      doc.font('bold').fontSize(10.5).text(pdfText(file.name), left, doc.y, { width });
      doc
        .font('regular')
        .text(
          `${formatBytesDe(file.size)} · ${file.mime} · geteilt um ${formatTimeDe(file.sharedAt, tz)} Uhr ` +
            `von ${byWhom(file.uploaderRole, file.uploaderLabel)}`,
          { width },
        );
      // Small enough that the 64 hex digits stay on one line (an extractor reads them as one word).
      doc.fontSize(8.5).text(`SHA-256: ${file.sha256}`, { width });
      doc.moveDown(0.4);
    }
  }

  heading('Chat');
  const { messageCount, transcript } = record.chat;
  if (!transcript) {
    paragraph(
      messageCount === 0
        ? 'Im Chat wurden keine Nachrichten geschrieben.'
        : `${messageCount} Nachricht${messageCount === 1 ? '' : 'en'} im Chat; der Verlauf ist nicht Teil dieses Protokolls.`,
    );
  } else if (transcript.length === 0) {
    paragraph('Im Chat wurden keine Nachrichten geschrieben.');
  } else {
    for (const message of transcript) {
      row(`${formatTimeDe(message.at, tz)} ${byWhom(message.role, message.label)}`, message.text);
    }
  }

  doc.moveDown(1.5);
  roomFor(40);
  doc
    .font('regular')
    .fontSize(8.5)
    .fillColor('#444444')
    .text(
      `Protokoll Version ${record.version}, erstellt am ${formatDateTimeDe(record.issuedAt, tz)} · ` +
        `Vorgang ${record.consultationId}`,
      left,
      doc.y,
      { width },
    );
  return pdf.finish();
}
