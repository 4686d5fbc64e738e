import de from '../../../web/i18n/de.json';
import en from '../../../web/i18n/en.json';
import type { Language } from './mail-document';

/**
 * The words the booking pages use for an appointment (its kind, address, the join and manage links, the
 * device check), read from the pages' own language files: mails, SMS and calendar files then name
 * things exactly as the pages do, and a change of wording reaches all of them at once.
 */
export const APPOINTMENT_WORDS: Record<Language, typeof de.booking.words> = {
  de: de.booking.words,
  en: en.booking.words,
};

export type AppointmentWords = typeof de.booking.words;
