import { describe, expect, it } from 'vitest';
import { consultationSummaryMail } from '../../src/server/modules/consultations/summary-mail';
import { activationMail } from '../../src/server/modules/notifications/activation-mail';
import { appointmentCalendar } from '../../src/server/modules/notifications/appointment-ics';
import { calledMail, calledSms } from '../../src/server/modules/notifications/called-templates';
import type { Language, RenderedMail } from '../../src/server/modules/notifications/mail-document';
import {
  type AppointmentDetails,
  cancellationMail,
  confirmationMail,
  reminderMail,
  reminderSms,
  rescheduledMail,
} from '../../src/server/modules/notifications/templates';
import type { ProtocolRecord } from '../../src/shared/consultations';
import de from '../../src/web/i18n/de.json';
import en from '../../src/web/i18n/en.json';
import { bentNames } from '../support/name-placement';

/**
 * Office and authority names are typed by admins, with an article or without: no text may put them where
 * German grammar would decline them (after "mit", "an", "von", "bei", at a sentence's start …), because
 * "Gespräch mit Das Virtuelle Bürgeramt" cannot be fixed by the name. Texts name a place only after a
 * colon or a dash, in quotes or brackets, or as a line of its own.
 */
const NAMES = ['Bürgeramt Mitte', 'Das Virtuelle Bürgeramt'];

/** The i18n variables that carry an office's or the authority's name (the convention every text follows). */
const PLACE_VARIABLES = ['office', 'fromOffice', 'authority', 'tenant'];

type Tree = { [key: string]: string | Tree };

function* strings(tree: Tree, prefix = ''): Generator<[string, string]> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') yield [path, value];
    else yield* strings(value, path);
  }
}

/** Each place variable filled with the name, every other variable with a neutral word. */
function fill(template: string, name: string): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, variable: string) =>
    PLACE_VARIABLES.includes(variable) ? name : 'X',
  );
}

function misplaced(texts: [where: string, text: string][], name: string): string[] {
  return texts.flatMap(([where, text]) =>
    bentNames(text, name).map((bent) => `${where}: "… ${bent.before} ${name} …"`),
  );
}

const mailTexts = (where: string, mail: RenderedMail): [string, string][] => [
  [`${where} subject`, mail.subject],
  [`${where} text`, mail.text],
];

function appointment(name: string, language: Language, channel: 'video' | 'on_site'): AppointmentDetails {
  const base = {
    language,
    authorityName: name,
    timeZone: 'Europe/Berlin',
    serviceName: 'Wohnsitz anmelden',
    start: new Date('2026-12-03T09:00:00Z'),
    durationMinutes: 20,
    citizenName: 'Erika Mustermann',
    documents: ['Personalausweis'],
    manageUrl: 'https://amtsraum.example/m/abc',
  };
  return channel === 'video'
    ? { ...base, channel, joinUrl: 'https://amtsraum.example/j/abc' }
    : { ...base, channel, office: { name, address: 'Marktplatz 1, 12345 Musterstadt' } };
}

function summaryRecord(name: string): ProtocolRecord {
  return {
    format: 'amtsraum.protocol/1',
    consultationId: '00000000-0000-4000-8000-000000000001',
    version: 1,
    issuedAt: '2026-12-03T10:00:00Z',
    authority: { name, timeZone: 'Europe/Berlin' },
    office: { id: '00000000-0000-4000-8000-000000000002', name },
    service: null,
    concern: 'Wohnsitz',
    participants: { agent: { name: 'Dana' }, citizen: { name: 'Erika' } },
    times: {
      startedAt: '2026-12-03T09:00:00Z',
      endedAt: '2026-12-03T09:20:00Z',
      waitedSeconds: 60,
      durationSeconds: 1200,
      endReason: 'completed',
    },
    notes: '',
    outcome: 'resolved',
    chat: { messageCount: 0, transcript: null },
  };
}

/** A calendar file's text as a reader sees it: folded lines joined, escapes undone. */
const calendarText = (ics: string) =>
  ics
    .replace(/\r\n[ \t]/g, '')
    .replace(/\\n/gi, '\n')
    .replace(/\\([,;\\])/g, '$1');

function calendar(details: AppointmentDetails, language: Language): string {
  return calendarText(
    appointmentCalendar({
      appointmentId: '00000000-0000-4000-8000-000000000009',
      host: 'amtsraum.example',
      language,
      authorityName: details.authorityName,
      serviceName: details.serviceName,
      timeZone: details.timeZone,
      start: details.start,
      end: new Date(details.start.getTime() + 20 * 60_000),
      place: details,
      organizerEmail: 'no-reply@amtsraum.example',
      method: 'REQUEST',
      sequence: 0,
    }),
  );
}

/** Every mail, SMS and calendar file a citizen can get, with the office and the authority both named `name`. */
function messages(name: string, language: Language): [string, string][] {
  const video = appointment(name, language, 'video');
  const onSite = appointment(name, language, 'on_site');
  const called = { language, authorityName: name, officeName: name, joinUrl: 'https://amtsraum.example/j/x' };
  const moved = { previousStart: new Date('2026-12-02T09:00:00Z'), message: 'Bitte früher kommen.' };
  return [
    ...mailTexts('confirmation (video)', confirmationMail(video)),
    ...mailTexts('confirmation (on site)', confirmationMail(onSite)),
    ...mailTexts('reminder', reminderMail(onSite)),
    ...mailTexts('moved by the citizen', rescheduledMail({ ...video, ...moved, movedBy: 'citizen' })),
    ...mailTexts('moved by the authority', rescheduledMail({ ...onSite, ...moved, movedBy: 'authority' })),
    ...mailTexts('cancelled by the citizen', cancellationMail({ ...video, cancelledBy: 'citizen' })),
    ...mailTexts(
      'cancelled by the authority',
      cancellationMail({ ...video, cancelledBy: 'authority', message: 'Krankheit.' }),
    ),
    ...mailTexts(
      'activation',
      activationMail({
        ...onSite,
        activationUrl: 'https://amtsraum.example/a/x',
        activateBy: new Date('2026-12-01T10:00:00Z'),
      }),
    ),
    ...mailTexts('called', calledMail({ ...called, recall: false })),
    ...mailTexts('called again', calledMail({ ...called, recall: true })),
    ...mailTexts('summary', consultationSummaryMail(summaryRecord(name), 'Alles erledigt.', language)),
    ['called SMS', calledSms({ ...called, recall: false })],
    ['reminder SMS (video)', reminderSms(video)],
    ['reminder SMS (on site)', reminderSms(onSite)],
    ['calendar file (video)', calendar(video, language)],
    ['calendar file (on site)', calendar(onSite, language)],
  ];
}

describe.each(NAMES)('texts naming "%s"', (name) => {
  it.each([
    ['de', de],
    ['en', en],
  ] as const)('no page text (%s) puts it where grammar would bend it', (_, tree) => {
    const texts = [...strings(tree as Tree)].map(([key, text]): [string, string] => [key, fill(text, name)]);
    expect(misplaced(texts, name)).toEqual([]);
  });

  it.each(['de', 'en'] as const)(
    'no mail, SMS or calendar file (%s) puts it where grammar would bend it',
    (language) => {
      expect(misplaced(messages(name, language), name)).toEqual([]);
    },
  );
});
