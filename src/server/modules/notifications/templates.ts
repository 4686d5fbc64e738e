/**
 * Texts of the appointment mails and SMS, German by default and English. Pure functions: a typed input in,
 * subject + plain text + HTML out. Every interpolated value is escaped in HTML and flattened to one line
 * where a line is expected, so a service name or a citizen's name cannot inject markup or fake lines.
 */

import { APPOINTMENT_WORDS } from './appointment-words';
import { type Block, type Language, oneLine, type RenderedMail, render, safeUrl } from './mail-document';

export type { Language } from './mail-document';

export interface AppointmentBase {
  /** Default: German. */
  language?: Language;
  /** The authority (tenant) name, e.g. "Stadt Musterstadt". */
  authorityName: string;
  /** The authority's IANA time zone: dates and times are shown in it, whatever the server's zone. */
  timeZone: string;
  serviceName: string;
  start: Date;
  durationMinutes: number;
  /** For the greeting; left out when unknown. */
  citizenName?: string;
}

/** Where an in-person appointment takes place; address and directions as the admin entered them. */
export interface OfficePlace {
  name: string;
  address?: string | null;
  directions?: string | null;
}

/** Video appointments have a join link; on-site ones a place and no join link. */
export type AppointmentPlace =
  | { channel: 'video'; joinUrl: string }
  | { channel: 'on_site'; office: OfficePlace };

export type AppointmentDetails = AppointmentBase &
  AppointmentPlace & {
    /** Documents to have ready (the service's checklist); may be empty. */
    documents: string[];
    /** Cancel or reschedule. */
    manageUrl: string;
  };

export type ConfirmationInput = AppointmentDetails;
export type ReminderInput = AppointmentDetails;

export type RescheduledInput = AppointmentDetails & {
  previousStart: Date;
  /** Who moved it; an authority may add a message. Default: the citizen. */
  movedBy?: 'citizen' | 'authority';
  message?: string;
};

export type CancellationInput = AppointmentBase & {
  cancelledBy: 'citizen' | 'authority';
  /** The authority's message to the citizen (only shown when the authority cancelled). */
  message?: string;
  /** Where to book a new appointment. */
  bookUrl?: string;
};

// ---------------------------------------------------------------------------------------------------------
// Formatting

const LOCALES: Record<Language, string> = { de: 'de-DE', en: 'en-GB' };

export interface FormattedTime {
  /** "Montag, 26. Oktober 2026" / "Monday, 26 October 2026" */
  date: string;
  /** "09:00 Uhr (MEZ)" / "09:00 (CET)" */
  time: string;
  /** "26.10.2026, 09:00 Uhr" / "26/10/2026, 09:00": for subjects and SMS. */
  short: string;
  /** "30 Minuten" / "30 minutes" */
  duration?: string;
}

/** The instant as the authority's clock shows it, in the chosen language. */
export function formatAppointmentTime(
  start: Date,
  timeZone: string,
  language: Language = 'de',
  durationMinutes?: number,
): FormattedTime {
  const locale = LOCALES[language];
  const date = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(start);
  const clock = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' }).format(
    start,
  );
  const zone =
    new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
      .formatToParts(start)
      .find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
  const numericDate = new Intl.DateTimeFormat(locale, {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(start);
  const duration =
    durationMinutes === undefined
      ? undefined
      : new Intl.NumberFormat(locale, { style: 'unit', unit: 'minute', unitDisplay: 'long' }).format(
          durationMinutes,
        );
  return language === 'de'
    ? {
        date,
        time: `${clock} Uhr (${zone})`,
        short: `${numericDate}, ${clock} Uhr`,
        ...(duration ? { duration } : {}),
      }
    : {
        date,
        time: `${clock} (${zone})`,
        short: `${numericDate}, ${clock}`,
        ...(duration ? { duration } : {}),
      };
}

// ---------------------------------------------------------------------------------------------------------
// Words

const WORDS = {
  de: {
    greeting: (name?: string) => (name ? `Guten Tag ${name},` : 'Guten Tag,'),
    authority: 'Behörde',
    service: 'Anliegen',
    date: 'Datum',
    time: 'Uhrzeit',
    duration: 'Dauer',
    documents: 'Bitte halten Sie bereit:',
    calendar: 'Im Anhang finden Sie den Termin als Kalenderdatei (.ics).',
    footer: (authority: string) =>
      `Diese E-Mail wurde automatisch verschickt. Bitte antworten Sie nicht darauf. Absender: ${authority}`,
    confirmation: {
      subject: (service: string, when: string) => `Terminbestätigung: ${service} am ${when}`,
      intro: 'Ihr Termin ist gebucht.',
    },
    reminder: {
      subject: (service: string, when: string) => `Erinnerung: ${service} am ${when}`,
      intro: 'wir erinnern Sie an Ihren Termin.',
    },
    rescheduled: {
      subject: (service: string, when: string) => `Termin verschoben: ${service}, neu am ${when}`,
      introCitizen: 'Ihr Termin wurde wie gewünscht verschoben.',
      introAuthority: 'Die Behörde hat Ihren Termin verschoben.',
      previous: 'Bisheriger Termin',
      message: 'Nachricht der Behörde:',
    },
    cancellation: {
      subject: (service: string, when: string) => `Termin abgesagt: ${service} am ${when}`,
      introCitizen: 'Ihr Termin wurde wie gewünscht abgesagt.',
      introAuthority: 'Die Behörde musste Ihren Termin leider absagen.',
      message: 'Nachricht der Behörde:',
      rebook: 'Neuen Termin buchen',
    },
    sms: {
      reminder: (authority: string, service: string, when: string) =>
        `Erinnerung an Ihren Termin am ${when}: ${service} – ${authority}.`,
    },
  },
  en: {
    greeting: (name?: string) => (name ? `Dear ${name},` : 'Hello,'),
    authority: 'Authority',
    service: 'Service',
    date: 'Date',
    time: 'Time',
    duration: 'Duration',
    documents: 'Please have ready:',
    calendar: 'The attached calendar file (.ics) adds the appointment to your calendar.',
    footer: (authority: string) =>
      `This e-mail was sent automatically. Please do not reply to it. Sender: ${authority}`,
    confirmation: {
      subject: (service: string, when: string) => `Appointment confirmed: ${service} on ${when}`,
      intro: 'your appointment is booked.',
    },
    reminder: {
      subject: (service: string, when: string) => `Reminder: ${service} on ${when}`,
      intro: 'this is a reminder of your appointment.',
    },
    rescheduled: {
      subject: (service: string, when: string) => `Appointment moved: ${service}, now on ${when}`,
      introCitizen: 'Your appointment has been moved as you asked.',
      introAuthority: 'The authority has moved your appointment.',
      previous: 'Previous appointment',
      message: 'Message from the authority:',
    },
    cancellation: {
      subject: (service: string, when: string) => `Appointment cancelled: ${service} on ${when}`,
      introCitizen: 'Your appointment has been cancelled as you asked.',
      introAuthority: 'We are sorry: the authority had to cancel your appointment.',
      message: 'Message from the authority:',
      rebook: 'Book a new appointment',
    },
    sms: {
      reminder: (authority: string, service: string, when: string) =>
        `Reminder of your appointment on ${when}: ${service} – ${authority}.`,
    },
  },
} as const;

// ---------------------------------------------------------------------------------------------------------
// Building blocks shared by the mails

export const placeLine = (office: OfficePlace) =>
  office.address ? `${office.name}, ${office.address}` : office.name;

/** Where the appointment takes place, as far as the facts table tells it (no links). */
export type PlaceKind = { channel: 'video' } | { channel: 'on_site'; office: OfficePlace };

/** The appointment's facts table; reads nothing of the citizen (the activation mail relies on that). */
export function facts(input: AppointmentBase, language: Language, place?: PlaceKind): Block {
  const w = WORDS[language];
  const words = APPOINTMENT_WORDS[language];
  const when = formatAppointmentTime(input.start, input.timeZone, language, input.durationMinutes);
  const rows: [string, string][] = [
    [w.authority, input.authorityName],
    [w.service, input.serviceName],
    [w.date, when.date],
    [w.time, when.time],
    [w.duration, when.duration!],
  ];
  if (place?.channel === 'video') rows.push([words.kindLabel, words.video]);
  if (place?.channel === 'on_site') {
    rows.push([words.kindLabel, words.onSite], [words.address, placeLine(place.office)]);
    if (place.office.directions) rows.push([words.directions, place.office.directions]);
  }
  return { kind: 'facts', rows };
}

/** The links under the pages' own labels, each with what the pages say beside it. */
function detailBlocks(input: AppointmentDetails, language: Language): Block[] {
  const w = WORDS[language];
  const words = APPOINTMENT_WORDS[language];
  const blocks: Block[] = [facts(input, language, input)];
  if (input.documents.length > 0) blocks.push({ kind: 'list', title: w.documents, items: input.documents });
  if (input.channel === 'video')
    blocks.push({ kind: 'link', label: words.join, url: input.joinUrl }, { kind: 'p', text: words.joinHint });
  else blocks.push({ kind: 'p', text: words.onSiteHint });
  blocks.push(
    { kind: 'link', label: words.manage, url: input.manageUrl },
    { kind: 'p', text: words.manageHint },
  );
  return blocks;
}

export const footer = (input: Pick<AppointmentBase, 'authorityName'>, language: Language): Block => ({
  kind: 'p',
  text: WORDS[language].footer(input.authorityName),
});

// ---------------------------------------------------------------------------------------------------------
// The mails

export function confirmationMail(input: ConfirmationInput): RenderedMail {
  const language = input.language ?? 'de';
  const w = WORDS[language];
  const when = formatAppointmentTime(input.start, input.timeZone, language);
  return render(language, w.confirmation.subject(input.serviceName, when.short), [
    { kind: 'p', text: w.greeting(input.citizenName) },
    { kind: 'p', text: w.confirmation.intro },
    ...detailBlocks(input, language),
    { kind: 'p', text: w.calendar },
    footer(input, language),
  ]);
}

export function reminderMail(input: ReminderInput): RenderedMail {
  const language = input.language ?? 'de';
  const w = WORDS[language];
  const when = formatAppointmentTime(input.start, input.timeZone, language);
  return render(language, w.reminder.subject(input.serviceName, when.short), [
    { kind: 'p', text: w.greeting(input.citizenName) },
    { kind: 'p', text: w.reminder.intro },
    ...detailBlocks(input, language),
    footer(input, language),
  ]);
}

export function rescheduledMail(input: RescheduledInput): RenderedMail {
  const language = input.language ?? 'de';
  const w = WORDS[language];
  const when = formatAppointmentTime(input.start, input.timeZone, language);
  const before = formatAppointmentTime(input.previousStart, input.timeZone, language);
  const byAuthority = input.movedBy === 'authority';
  const blocks: Block[] = [
    { kind: 'p', text: w.greeting(input.citizenName) },
    {
      kind: 'p',
      text: byAuthority ? w.rescheduled.introAuthority : w.rescheduled.introCitizen,
    },
  ];
  if (byAuthority && input.message?.trim()) {
    blocks.push({
      kind: 'quote',
      label: w.rescheduled.message,
      text: input.message.trim(),
    });
  }
  blocks.push(
    { kind: 'facts', rows: [[w.rescheduled.previous, `${before.date}, ${before.time}`]] },
    ...detailBlocks(input, language),
    { kind: 'p', text: w.calendar },
    footer(input, language),
  );
  return render(language, w.rescheduled.subject(input.serviceName, when.short), blocks);
}

export function cancellationMail(input: CancellationInput): RenderedMail {
  const language = input.language ?? 'de';
  const w = WORDS[language];
  const when = formatAppointmentTime(input.start, input.timeZone, language);
  const byAuthority = input.cancelledBy === 'authority';
  const blocks: Block[] = [
    { kind: 'p', text: w.greeting(input.citizenName) },
    {
      kind: 'p',
      text: byAuthority ? w.cancellation.introAuthority : w.cancellation.introCitizen,
    },
  ];
  if (byAuthority && input.message?.trim()) {
    blocks.push({
      kind: 'quote',
      label: w.cancellation.message,
      text: input.message.trim(),
    });
  }
  blocks.push(facts(input, language));
  if (input.bookUrl) blocks.push({ kind: 'link', label: w.cancellation.rebook, url: input.bookUrl });
  blocks.push(footer(input, language));
  return render(language, w.cancellation.subject(input.serviceName, when.short), blocks);
}

/** The SMS reminder: when, what, and the join link (video) or the place (on site). Plain text. */
export function reminderSms(input: AppointmentBase & AppointmentPlace): string {
  const language = input.language ?? 'de';
  const w = WORDS[language];
  const words = APPOINTMENT_WORDS[language];
  const when = formatAppointmentTime(input.start, input.timeZone, language);
  const first = w.sms.reminder(oneLine(input.authorityName), oneLine(input.serviceName), when.short);
  return input.channel === 'video'
    ? `${first} ${words.video}. ${words.join}: ${safeUrl(input.joinUrl)}`
    : `${first} ${words.onSite}. ${words.address}: ${oneLine(placeLine(input.office))}`;
}
