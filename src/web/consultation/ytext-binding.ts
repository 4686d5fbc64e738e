import type * as Y from 'yjs';

/**
 * Binding a plain input to a Y.Text without replacing its whole content: each input event becomes the
 * one deletion and insertion that turns the old value into the new (so two people typing in the same
 * field merge instead of overwriting each other), and each change from elsewhere moves the caret with
 * the text around it.
 */

export interface TextChange {
  index: number;
  remove: number;
  insert: string;
}

const isHighSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;
const isLowSurrogate = (code: number) => code >= 0xdc00 && code <= 0xdfff;

/**
 * The change from `before` to `after`: what both share at the start and the end stays. `caret` (where
 * the cursor is after the edit) settles ambiguous cases: typing "a" into "aa" between the two a's
 * inserts in the middle, where the person typed, not at the end.
 */
export function diffText(before: string, after: string, caret = after.length): TextChange {
  const shorter = Math.min(before.length, after.length);
  let suffix = 0;
  const suffixLimit = Math.min(shorter, Math.max(0, after.length - caret));
  while (
    suffix < suffixLimit &&
    before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)
  ) {
    suffix++;
  }
  let prefix = 0;
  while (prefix < shorter - suffix && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  // Never split a character made of two UTF-16 units (emoji, rare CJK) between kept and changed text.
  if (prefix > 0 && isHighSurrogate(before.charCodeAt(prefix - 1))) prefix--;
  if (suffix > 0 && isLowSurrogate(after.charCodeAt(after.length - suffix))) suffix--;
  return {
    index: prefix,
    remove: before.length - prefix - suffix,
    insert: after.slice(prefix, after.length - suffix),
  };
}

/** Applies an input's new value to the text as one transaction tagged with `origin`. */
export function applyInputValue(text: Y.Text, value: string, caret?: number, origin?: unknown): void {
  const { index, remove, insert } = diffText(text.toString(), value, caret);
  if (remove === 0 && insert === '') return;
  const apply = () => {
    if (remove > 0) text.delete(index, remove);
    if (insert) text.insert(index, insert);
  };
  if (text.doc) text.doc.transact(apply, origin);
  else apply();
}

/** One step of a Y.Text change (Y.YTextEvent['delta']). */
export interface DeltaStep {
  retain?: number | undefined;
  insert?: unknown;
  delete?: number | undefined;
}

/**
 * Where a caret at `index` of the old text belongs after `delta`. Text inserted exactly at the caret
 * goes after it: two people typing at the same place each keep writing their own word.
 */
export function transformIndex(index: number, delta: readonly DeltaStep[]): number {
  let oldPosition = 0;
  let shift = 0;
  for (const step of delta) {
    if (oldPosition >= index) break;
    if (step.retain !== undefined) {
      oldPosition += step.retain;
    } else if (step.insert !== undefined) {
      shift += typeof step.insert === 'string' ? step.insert.length : 1;
    } else if (step.delete !== undefined) {
      shift -= Math.min(step.delete, index - oldPosition);
      oldPosition += step.delete;
    }
  }
  return index + shift;
}
