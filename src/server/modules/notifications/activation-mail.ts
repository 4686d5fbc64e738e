/**
 * The mail that asks a citizen to confirm an internet booking. It goes to an address nobody has verified
 * yet, so it must not carry anything the requester typed (a name, a concern, intake answers): otherwise
 * anyone could send their own text under the authority's name to any address. It greets neutrally and
 * tells only what the authority itself chose: the service, the time, the place and the deadline.
 */

import { type Block, type Language, type RenderedMail, render } from './mail-document';
import { type AppointmentBase, facts, footer, formatAppointmentTime, type PlaceKind } from './templates';

export type ActivationInput = Omit<AppointmentBase, 'citizenName'> &
  PlaceKind & {
    activationUrl: string;
    /** Unconfirmed after this, the slot goes back to others. */
    activateBy: Date;
  };

const WORDS = {
  de: {
    subject: (service: string, when: string) =>
      `Bitte bestätigen Sie Ihre Terminanfrage: ${service} am ${when}`,
    greeting: 'Guten Tag,',
    intro:
      'mit dieser E-Mail-Adresse wurde der folgende Termin angefragt. Gebucht ist er erst, wenn Sie ihn über den Link bestätigen.',
    confirm: 'Termin bestätigen',
    deadline: (time: string, date: string) =>
      `Bitte bestätigen Sie bis ${time}, ${date}. Danach wird die Zeit wieder für andere frei, und Sie müssten neu buchen.`,
    after: 'Nach der Bestätigung erhalten Sie eine Terminbestätigung mit Kalendereintrag und Ihren Links.',
    notYou:
      'Sie haben keinen Termin angefragt? Dann ignorieren Sie diese E-Mail einfach: ohne Bestätigung wird nichts gebucht, und die Anfrage wird gelöscht.',
  },
  en: {
    subject: (service: string, when: string) =>
      `Please confirm your appointment request: ${service} on ${when}`,
    greeting: 'Hello,',
    intro:
      'the following appointment was requested with this e-mail address. It is booked only once you confirm it with the link.',
    confirm: 'Confirm the appointment',
    deadline: (time: string, date: string) =>
      `Please confirm by ${time}, ${date}. After that the time goes back to others and you would have to book again.`,
    after: 'Once confirmed, you receive a confirmation with a calendar entry and your links.',
    notYou:
      'You did not request an appointment? Then simply ignore this e-mail: without confirmation nothing is booked, and the request is deleted.',
  },
} as const;

export function activationMail(input: ActivationInput): RenderedMail {
  const language: Language = input.language ?? 'de';
  const w = WORDS[language];
  const when = formatAppointmentTime(input.start, input.timeZone, language);
  const deadline = formatAppointmentTime(input.activateBy, input.timeZone, language);
  const blocks: Block[] = [
    { kind: 'p', text: w.greeting },
    { kind: 'p', text: w.intro },
    facts(input, language, input),
    { kind: 'link', label: w.confirm, url: input.activationUrl },
    { kind: 'p', text: w.deadline(deadline.time, deadline.date) },
    { kind: 'p', text: w.after },
    { kind: 'p', text: w.notYou },
    footer(input, language),
  ];
  return render(language, w.subject(input.serviceName, when.short), blocks);
}
