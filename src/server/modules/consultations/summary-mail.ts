import type { Outcome, ProtocolRecord } from '../../../shared/consultations';
import { type Block, type Language, type RenderedMail, render } from '../notifications/mail-document';
import { formatAppointmentTime } from '../notifications/templates';

const WORDS = {
  de: {
    subject: (authority: string, day: string) =>
      `Zusammenfassung Ihres Videogesprächs am ${day} – ${authority}`,
    greeting: 'Guten Tag,',
    intro: 'vielen Dank für das Gespräch. Hier das Wichtigste in Kürze.',
    authority: 'Behörde',
    office: 'Büro',
    concern: 'Anliegen',
    date: 'Datum',
    time: 'Beginn',
    duration: 'Dauer',
    outcome: 'Ergebnis',
    message: 'Nachricht Ihrer Ansprechperson:',
    documentsSeen: 'Diese Unterlagen liegen uns vor:',
    documentsMissing: 'Diese Unterlagen fehlen noch:',
    files: 'Im Gespräch geteilte Dateien:',
    outcomes: {
      resolved: 'Ihr Anliegen ist erledigt.',
      follow_up: 'Es folgt ein weiterer Termin.',
      documents_missing: 'Es fehlen noch Unterlagen.',
      forwarded: 'Ihr Anliegen wurde an eine andere Stelle weitergegeben.',
      other: 'Wir haben Ihr Anliegen besprochen.',
    } satisfies Record<Outcome, string>,
    footer: (authority: string) =>
      `Diese E-Mail wurde automatisch verschickt. Bitte antworten Sie nicht darauf. Das Protokoll des Gesprächs bewahrt die Behörde auf. Absender: ${authority}`,
  },
  en: {
    subject: (authority: string, day: string) => `Summary of your video call on ${day} – ${authority}`,
    greeting: 'Hello,',
    intro: 'thank you for the conversation. Here is a short summary.',
    authority: 'Authority',
    office: 'Office',
    concern: 'Concern',
    date: 'Date',
    time: 'Start',
    duration: 'Duration',
    outcome: 'Outcome',
    message: 'A message from the person you talked to:',
    documentsSeen: 'We have these documents:',
    documentsMissing: 'These documents are still missing:',
    files: 'Files shared in the consultation:',
    outcomes: {
      resolved: 'Your concern has been settled.',
      follow_up: 'A further appointment will follow.',
      documents_missing: 'Some documents are still missing.',
      forwarded: 'Your concern was passed on to another office.',
      other: 'We talked about your concern.',
    } satisfies Record<Outcome, string>,
    footer: (authority: string) =>
      `This e-mail was sent automatically. Please do not reply to it. The authority keeps the record of the conversation. Sender: ${authority}`,
  },
};

const list = (title: string, items: string[]): Block[] =>
  items.length > 0 ? [{ kind: 'list', title, items }] : [];

/**
 * The citizen's summary of a consultation, from its issued protocol. Deliberately leaves out the agent's
 * notes (internal), the form's answers and the chat; the agent's `message` is the place for anything else
 * the citizen should know. The documents checklist and the names of shared files tell what comes next.
 */
export function consultationSummaryMail(
  record: ProtocolRecord,
  message: string,
  language: Language,
): RenderedMail {
  const w = WORDS[language];
  const minutes = Math.max(1, Math.round(record.times.durationSeconds / 60));
  const when = formatAppointmentTime(
    new Date(record.times.startedAt),
    record.authority.timeZone,
    language,
    minutes,
  );
  const concern = record.service?.name ?? record.concern;
  const documents = record.form?.documents ?? [];
  const authority = record.authority.name;
  const blocks: Block[] = [
    { kind: 'p', text: w.greeting },
    { kind: 'p', text: w.intro },
    {
      kind: 'facts',
      rows: [
        [w.authority, authority],
        [w.office, record.office.name],
        ...(concern ? [[w.concern, concern] as [string, string]] : []),
        [w.date, when.date],
        [w.time, when.time],
        [w.duration, when.duration ?? ''],
        ...(record.outcome ? [[w.outcome, w.outcomes[record.outcome]] as [string, string]] : []),
      ],
    },
    ...(message ? [{ kind: 'quote', label: w.message, text: message } as Block] : []),
    ...list(
      w.documentsMissing,
      documents.filter((d) => !d.ticked).map((d) => d.name),
    ),
    ...list(
      w.documentsSeen,
      documents.filter((d) => d.ticked).map((d) => d.name),
    ),
    ...list(
      w.files,
      (record.files ?? []).map((f) => f.name),
    ),
    { kind: 'p', text: w.footer(authority) },
  ];
  return render(language, w.subject(authority, when.short.split(',')[0] ?? when.date), blocks);
}
