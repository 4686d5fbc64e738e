import { OUTCOME_LABELS_DE, type Outcome } from '../../../shared/consultations';
import { openPdf, type PdfWriter } from '../../pdf/pdf-document';
import { formatBytesDe, formatDateTimeDe, formatTimeDe } from '../consultations/protocol-format';
import type { Dossier, DossierAppointment, DossierConsultation, DossierVisit } from './dossier-types';

const STATUS_DE: Record<string, string> = {
  pending_activation: 'Wartet auf Bestätigung',
  booked: 'Gebucht',
  cancelled: 'Abgesagt',
  expired: 'Nicht bestätigt, verfallen',
  no_show: 'Nicht erschienen',
  done: 'Wahrgenommen',
  waiting: 'Wartet',
  in_consultation: 'Im Gespräch',
  left: 'Gegangen',
  parked: 'Zurückgestellt',
  missed: 'Verpasst',
};
const KIND_DE: Record<string, string> = {
  video: 'Video',
  on_site: 'Vor Ort',
  walk_in: 'Spontan',
  appointment: 'Mit Termin',
};
const ROLE_DE: Record<string, string> = { agent: 'Sachbearbeitung', citizen: 'Bürger/in', guest: 'Gast' };
const SHARED_BY_DE: Record<string, string> = {
  staff: 'Sachbearbeitung',
  citizen: 'Bürger/in',
  guest: 'Gast',
};

const de = (table: Record<string, string>, value: string) => table[value] ?? value;

/**
 * The readable summary of an access package (GDPR Art. 15): what the JSON beside it holds, in German,
 * with the purposes and the periods the authority keeps it for. Files and protocols are named with their
 * place in the package.
 */
export function renderDossierPdf(dossier: Dossier): Promise<Buffer> {
  const pdf = openPdf({
    title: 'Auskunft nach Art. 15 DSGVO',
    subject: `Gespeicherte Daten bei ${dossier.authority.name}`,
    createdAt: new Date(dossier.generatedAt),
  });
  const { doc, left, width, heading, row, paragraph } = pdf;
  const tz = dossier.authority.timeZone;
  const at = (iso: string | null) => (iso ? formatDateTimeDe(iso, tz) : '—');

  doc.font('bold').fontSize(20).text('Auskunft über gespeicherte Daten', left, doc.y, { width });
  doc.font('regular').fontSize(12).text(`${dossier.authority.name} · nach Art. 15 DSGVO`, { width });
  doc.moveDown(0.5);
  paragraph(
    `Erstellt am ${at(dossier.generatedAt)}. Diese Übersicht nennt alle Daten, die die Videoberatung ` +
      'Amtsraum zu den unten genannten Terminen, Vorsprachen und Nachrichten gespeichert hat. Dieselben ' +
      'Angaben stehen maschinenlesbar in auskunft.json; geteilte Dateien liegen im Ordner „dateien“, ' +
      'Gesprächsprotokolle im Ordner „protokolle“ dieses Pakets.',
  );

  heading('Zwecke und Speicherdauer');
  row('Zweck', 'Vergabe von Terminen und Beratung per Video oder vor Ort (Art. 6 Abs. 1 lit. e DSGVO)');
  row('Speicherdauer', `${dossier.authority.retentionDays} Tage nach dem Termin oder der Vorsprache`);
  row('Protokolle', `${dossier.authority.protocolRetentionDays} Tage nach ihrer Erstellung (Aktenführung)`);
  row('Empfänger', 'Beschäftigte der Behörde; das Fachverfahren der Behörde, wenn sie angebunden ist');

  heading(`Termine (${dossier.appointments.length})`);
  if (dossier.appointments.length === 0) paragraph('Keine.');
  for (const appointment of dossier.appointments) appointmentRows(pdf, appointment, at);

  heading(`Vorsprachen und Gespräche (${dossier.visits.length})`);
  if (dossier.visits.length === 0) paragraph('Keine.');
  for (const visit of dossier.visits) visitRows(pdf, visit, at, tz);

  if (dossier.invitations.length > 0) {
    heading(`Einladungen aus dem Fachverfahren (${dossier.invitations.length})`);
    for (const invitation of dossier.invitations) {
      row('Einladung', `${at(invitation.createdAt)}, ${invitation.office}`);
      row('Name', invitation.name);
      row('Aktenzeichen', invitation.caseReference ?? '—');
    }
  }

  heading(`Nachrichten an Sie (${dossier.outboxMessages.length})`);
  if (dossier.outboxMessages.length === 0) paragraph('Keine.');
  for (const message of dossier.outboxMessages) {
    row(at(message.createdAt), `${message.channel === 'sms' ? 'SMS' : 'E-Mail'} an ${message.recipient}`);
    if (message.subject) row('Betreff', message.subject);
    row('Text', message.body);
    if (message.attachments.length > 0) row('Anhänge', message.attachments.join(', '));
  }
  return pdf.finish();
}

function appointmentRows(pdf: PdfWriter, a: DossierAppointment, at: (iso: string | null) => string) {
  pdf.row('Termin', `${at(a.startsAt)} · ${a.service} · ${a.office}`);
  pdf.row('Art und Stand', `${de(KIND_DE, a.kind)}, ${de(STATUS_DE, a.status)}`);
  pdf.row('Gebucht am', `${at(a.bookedAt)}${a.bookedByStaff ? ' (durch die Behörde)' : ''}`);
  pdf.row('Name', a.name);
  pdf.row('E-Mail', a.email);
  pdf.row('Mobilnummer', a.phone ?? '—');
  const answers = Object.entries(a.intake).map(
    ([k, v]) => `${k}: ${v === true ? 'Ja' : v === false ? 'Nein' : v}`,
  );
  if (answers.length > 0) pdf.row('Angaben', answers.join('\n'));
  if (a.caseReference) pdf.row('Aktenzeichen', a.caseReference);
  pdf.doc.moveDown(0.4);
}

function visitRows(pdf: PdfWriter, v: DossierVisit, at: (iso: string | null) => string, tz: string) {
  pdf.row('Vorsprache', `${at(v.arrivedAt)} · ${v.office} (${de(KIND_DE, v.kind)})`);
  pdf.row('Stand', de(STATUS_DE, v.status));
  pdf.row('Name', v.name);
  if (v.concern) pdf.row('Anliegen', v.concern);
  for (const note of [v.transferNote, v.clerkNote, v.priorityReason]) if (note) pdf.row('Vermerk', note);
  for (const call of v.consultations) callRows(pdf, call, at, tz);
  pdf.doc.moveDown(0.4);
}

function callRows(pdf: PdfWriter, c: DossierConsultation, at: (iso: string | null) => string, tz: string) {
  pdf.row('Gespräch', `${at(c.startedAt)} bis ${at(c.endedAt)}`);
  if (c.outcome) pdf.row('Ergebnis', OUTCOME_LABELS_DE[c.outcome as Outcome] ?? c.outcome);
  if (c.notes) pdf.row('Notizen', c.notes);
  for (const m of c.messages) {
    pdf.row(`Chat ${formatTimeDe(m.at, tz)} ${m.label ?? de(ROLE_DE, m.role)}`, m.text);
  }
  for (const f of c.files) {
    const place = f.path ?? 'nicht mehr vorhanden';
    pdf.row('Datei', `${f.name} (${formatBytesDe(f.size)}, von ${de(SHARED_BY_DE, f.sharedBy)}) – ${place}`);
  }
  if (c.form) {
    for (const field of c.form.fields) pdf.row(`Formular: ${field.label}`, String(field.value));
    if (c.form.freeText) pdf.row('Formular: Weitere Angaben', c.form.freeText);
  }
  for (const p of c.protocols) pdf.row(`Protokoll Version ${p.version}`, `${at(p.issuedAt)} – ${p.path}`);
}
