/**
 * Where a proper name (an office's or authority's, as an admin typed it) may stand in a sentence without
 * German grammar bending it. "Gespräch mit Virtuelles Bürgeramt" is wrong because "mit" wants the dative
 * and the name's article ("dem Virtuellen Bürgeramt"); the name itself cannot be declined by us. A name
 * reads right wherever it stands on its own: as the whole text (a heading, a label's value), after a
 * colon or a dash, in quotes, or in brackets. Anywhere else is reported.
 */

/** One place where the name stands inside a sentence. */
export interface BentName {
  /** Up to three words just before the name, to say where it stands ("Gespräch mit"). */
  before: string;
  /** Offset of the name in the text. */
  index: number;
}

/** A name may follow these (after optional spaces): colon, dashes, an opening quote or bracket. */
const SAFE_BEFORE = /[:–—\-„“"«»‚‘'(]\s*$/;
/** Text that ends one line or sentence block: a name right after it starts a label of its own. */
const LINE_START = /(^|\n)\s*$/;
/** The name then ends its line, or is followed by a colon: a heading or a label. */
const ALONE_AFTER = /^\s*(:|$|\n)/;

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Every place in `text` where `name` stands where grammar would bend it; empty when all is well. */
export function bentNames(text: string, name: string): BentName[] {
  if (name.trim() === '') return [];
  const found: BentName[] = [];
  for (const match of text.matchAll(new RegExp(escapeRegExp(name), 'g'))) {
    const before = text.slice(0, match.index);
    const after = text.slice(match.index + name.length);
    const ownLine = LINE_START.test(before) && ALONE_AFTER.test(after);
    if (ownLine || SAFE_BEFORE.test(before)) continue;
    const words = before.split('\n').pop()!.trim().split(/\s+/);
    found.push({ before: words.slice(-3).join(' '), index: match.index });
  }
  return found;
}
