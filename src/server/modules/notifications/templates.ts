/**
 * Texts of the appointment mails and SMS, German by default and English. Pure functions: a typed input in,
 * subject + plain text + HTML out. Every interpolated value is escaped in HTML and flattened to one line
 * where a line is expected, so a service name or a citizen's name cannot inject markup or fake lines.
 */

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

/** Video appointments have a join link; on-site ones a place and no join link. */
export type AppointmentPlace =
  | { channel: 'video'; joinUrl: string }
  | { channel: 'on_site'; office: { name: string; address?: string } };

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
    service: 'Anliegen',
    date: 'Datum',
    time: 'Uhrzeit',
    duration: 'Dauer',
    kind: 'Art',
    video: 'Videoberatung im Browser',
    onSite: 'Vor Ort',
    place: 'Ort',
    documents: 'Bitte halten Sie bereit:',
    join: 'Zum Videotermin (der Link öffnet zur Terminzeit den Warteraum)',
    manage: 'Termin absagen oder verschieben',
    calendar: 'Im Anhang finden Sie den Termin als Kalenderdatei (.ics).',
    footer: (authority: string) =>
      `Diese Nachricht wurde automatisch von ${authority} versandt. Bitte antworten Sie nicht darauf.`,
    confirmation: {
      subject: (service: string, when: string) => `Terminbestätigung: ${service} am ${when}`,
      intro: (authority: string) => `Ihr Termin bei ${authority} ist gebucht.`,
    },
    reminder: {
      subject: (service: string, when: string) => `Erinnerung: ${service} am ${when}`,
      intro: (authority: string) => `wir erinnern Sie an Ihren Termin bei ${authority}.`,
    },
    rescheduled: {
      subject: (service: string, when: string) => `Termin verschoben: ${service}, neu am ${when}`,
      introCitizen: 'Ihr Termin wurde wie gewünscht verschoben.',
      introAuthority: (authority: string) => `${authority} hat Ihren Termin verschoben.`,
      previous: 'Bisheriger Termin',
      message: (authority: string) => `Nachricht von ${authority}:`,
    },
    cancellation: {
      subject: (service: string, when: string) => `Termin abgesagt: ${service} am ${when}`,
      introCitizen: 'Ihr Termin wurde wie gewünscht abgesagt.',
      introAuthority: (authority: string) => `${authority} musste Ihren Termin leider absagen.`,
      message: (authority: string) => `Nachricht von ${authority}:`,
      rebook: 'Neuen Termin buchen',
    },
    sms: {
      reminder: (authority: string, service: string, when: string) =>
        `Erinnerung: Ihr Termin bei ${authority} (${service}) am ${when}.`,
      join: 'Videotermin:',
      place: 'Ort:',
    },
  },
  en: {
    greeting: (name?: string) => (name ? `Dear ${name},` : 'Hello,'),
    service: 'Service',
    date: 'Date',
    time: 'Time',
    duration: 'Duration',
    kind: 'Type',
    video: 'Video consultation in the browser',
    onSite: 'In person',
    place: 'Place',
    documents: 'Please have ready:',
    join: 'Join the video appointment (at the appointment time the link opens the waiting room)',
    manage: 'Cancel or reschedule the appointment',
    calendar: 'The attached calendar file (.ics) adds the appointment to your calendar.',
    footer: (authority: string) =>
      `This message was sent automatically by ${authority}. Please do not reply to it.`,
    confirmation: {
      subject: (service: string, when: string) => `Appointment confirmed: ${service} on ${when}`,
      intro: (authority: string) => `your appointment with ${authority} is booked.`,
    },
    reminder: {
      subject: (service: string, when: string) => `Reminder: ${service} on ${when}`,
      intro: (authority: string) => `this is a reminder of your appointment with ${authority}.`,
    },
    rescheduled: {
      subject: (service: string, when: string) => `Appointment moved: ${service}, now on ${when}`,
      introCitizen: 'Your appointment has been moved as you asked.',
      introAuthority: (authority: string) => `${authority} has moved your appointment.`,
      previous: 'Previous appointment',
      message: (authority: string) => `Message from ${authority}:`,
    },
    cancellation: {
      subject: (service: string, when: string) => `Appointment cancelled: ${service} on ${when}`,
      introCitizen: 'Your appointment has been cancelled as you asked.',
      introAuthority: (authority: string) => `We are sorry: ${authority} had to cancel your appointment.`,
      message: (authority: string) => `Message from ${authority}:`,
      rebook: 'Book a new appointment',
    },
    sms: {
      reminder: (authority: string, service: string, when: string) =>
        `Reminder: your appointment with ${authority} (${service}) on ${when}.`,
      join: 'Video appointment:',
      place: 'Place:',
    },
  },
} as const;

// ---------------------------------------------------------------------------------------------------------
// Building blocks shared by the mails

const placeLine = (office: { name: string; address?: string }) =>
  office.address ? `${office.name}, ${office.address}` : office.name;

/** Where the appointment takes place, as far as the facts table tells it (no links). */
export type PlaceKind =
  | { channel: 'video' }
  | { channel: 'on_site'; office: { name: string; address?: string } };

/** The appointment's facts table; reads nothing of the citizen (the activation mail relies on that). */
export function facts(input: AppointmentBase, language: Language, place?: PlaceKind): Block {
  const w = WORDS[language];
  const when = formatAppointmentTime(input.start, input.timeZone, language, input.durationMinutes);
  const rows: [string, string][] = [
    [w.service, input.serviceName],
    [w.date, when.date],
    [w.time, when.time],
    [w.duration, when.duration!],
  ];
  if (place?.channel === 'video') rows.push([w.kind, w.video]);
  if (place?.channel === 'on_site') rows.push([w.kind, w.onSite], [w.place, placeLine(place.office)]);
  return { kind: 'facts', rows };
}

function detailBlocks(input: AppointmentDetails, language: Language): Block[] {
  const w = WORDS[language];
  const blocks: Block[] = [facts(input, language, input)];
  if (input.documents.length > 0) blocks.push({ kind: 'list', title: w.documents, items: input.documents });
  if (input.channel === 'video') blocks.push({ kind: 'link', label: w.join, url: input.joinUrl });
  blocks.push({ kind: 'link', label: w.manage, url: input.manageUrl });
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
    { kind: 'p', text: w.confirmation.intro(input.authorityName) },
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
    { kind: 'p', text: w.reminder.intro(input.authorityName) },
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
      text: byAuthority ? w.rescheduled.introAuthority(input.authorityName) : w.rescheduled.introCitizen,
    },
  ];
  if (byAuthority && input.message?.trim()) {
    blocks.push({
      kind: 'quote',
      label: w.rescheduled.message(input.authorityName),
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
      text: byAuthority ? w.cancellation.introAuthority(input.authorityName) : w.cancellation.introCitizen,
    },
  ];
  if (byAuthority && input.message?.trim()) {
    blocks.push({
      kind: 'quote',
      label: w.cancellation.message(input.authorityName),
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
  const when = formatAppointmentTime(input.start, input.timeZone, language);
  const first = w.sms.reminder(oneLine(input.authorityName), oneLine(input.serviceName), when.short);
  return input.channel === 'video'
    ? `${first} ${w.sms.join} ${safeUrl(input.joinUrl)}`
    : `${first} ${w.sms.place} ${oneLine(placeLine(input.office))}`;
}
