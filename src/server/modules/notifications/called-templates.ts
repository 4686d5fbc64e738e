/**
 * "Sie wurden aufgerufen": the mail and the SMS that tell a citizen whose page did not answer that a
 * clerk calls them, with the link back to their waiting room. German by default and English; pure.
 */

import { type Language, oneLine, type RenderedMail, render, safeUrl } from './mail-document';
import { footer } from './templates';

export interface CalledInput {
  /** Default: German. */
  language?: Language;
  authorityName: string;
  officeName: string;
  /** The appointment's join link: opening it brings the visit to this device (join-links.ts). */
  joinUrl: string;
  /** Called again after a call they did not answer. */
  recall: boolean;
  /** For the greeting; left out when unknown. */
  citizenName?: string;
}

const WORDS = {
  de: {
    subject: (office: string) => `Sie wurden aufgerufen: ${office}`,
    greeting: (name?: string) => (name ? `Guten Tag ${name},` : 'Guten Tag,'),
    called: (office: string, authority: string) =>
      `Sie wurden soeben aufgerufen. Büro: ${office} (${authority}). Ihre Seite mit dem Wartezimmer ist aber nicht geöffnet.`,
    recalled: (office: string, authority: string) =>
      `Sie wurden noch einmal aufgerufen. Büro: ${office} (${authority}). Auf den letzten Aufruf kam keine Antwort.`,
    back: 'Bitte gehen Sie jetzt zurück ins Wartezimmer. Ihre Ansprechperson wartet auf Sie.',
    link: 'Zurück ins Wartezimmer',
    sms: (office: string, authority: string) =>
      `Sie wurden aufgerufen: ${office} (${authority}). Zurück ins Wartezimmer:`,
  },
  en: {
    subject: (office: string) => `You have been called: ${office}`,
    greeting: (name?: string) => (name ? `Dear ${name},` : 'Hello,'),
    called: (office: string, authority: string) =>
      `You have just been called. Office: ${office} (${authority}). But your waiting room page is not open.`,
    recalled: (office: string, authority: string) =>
      `You have been called again. Office: ${office} (${authority}). There was no answer to the last call.`,
    back: 'Please go back to the waiting room now. Your contact person is waiting for you.',
    link: 'Back to the waiting room',
    sms: (office: string, authority: string) =>
      `You have been called: ${office} (${authority}). Back to the waiting room:`,
  },
} as const;

export function calledMail(input: CalledInput): RenderedMail {
  const language = input.language ?? 'de';
  const w = WORDS[language];
  const intro = input.recall ? w.recalled : w.called;
  return render(language, w.subject(input.officeName), [
    { kind: 'p', text: w.greeting(input.citizenName) },
    { kind: 'p', text: intro(input.officeName, input.authorityName) },
    { kind: 'p', text: w.back },
    { kind: 'link', label: w.link, url: input.joinUrl },
    footer(input, language),
  ]);
}

/** The same as one short plain text, the link last. */
export function calledSms(input: Omit<CalledInput, 'citizenName'>): string {
  const w = WORDS[input.language ?? 'de'];
  return `${w.sms(oneLine(input.officeName), oneLine(input.authorityName))} ${safeUrl(input.joinUrl)}`;
}
