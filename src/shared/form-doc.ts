import type * as Y from 'yjs';
import type { IntakeField } from './admin';

/**
 * How the shared form lives in a Yjs document, the same on server and web. Every text field is a
 * top-level Y.Text, named after its key: top-level types exist by name in every replica, so two people
 * typing into a field for the first time at once never create two competing texts. Dates, choices and
 * checkboxes are whole values in one Y.Map (the last change wins, as with any picker).
 */

/** Key of the free-text field every form has below the service's fields (walk-ins have only this one). */
export const FREE_TEXT_KEY = '_free';

/** Typed text merges keystroke by keystroke; the other kinds are replaced whole. */
export const isTextField = (field: Pick<IntakeField, 'type'>) =>
  field.type === 'text' || field.type === 'textarea';

export const formText = (doc: Y.Doc, key: string) => doc.getText(`text:${key}`);
export const formChoices = (doc: Y.Doc) => doc.getMap<string | boolean>('choices');

/** The current answer of one field: text, a chosen value, a date or a tick; '' when unanswered. */
export function formAnswer(doc: Y.Doc, field: Pick<IntakeField, 'key' | 'type'>): string | boolean {
  if (isTextField(field)) return formText(doc, field.key).toString();
  const value = formChoices(doc).get(field.key);
  if (field.type === 'checkbox') return value === true;
  return typeof value === 'string' ? value : '';
}

/**
 * Writes answers given earlier (e.g. when booking) into a fresh document, in one transaction; returns
 * how many it wrote.
 */
export function writeAnswers(
  doc: Y.Doc,
  fields: readonly Pick<IntakeField, 'key' | 'type'>[],
  answers: Record<string, string | boolean>,
): number {
  let written = 0;
  doc.transact(() => {
    for (const field of fields) {
      const answer = answers[field.key];
      if (answer === undefined || answer === '' || answer === false) continue;
      if (isTextField(field)) formText(doc, field.key).insert(0, String(answer));
      else formChoices(doc).set(field.key, answer);
      written += 1;
    }
  });
  return written;
}
