/**
 * What a screen reader's list of links and buttons needs: each control's name tells it apart from the
 * others ("Betreten" three times cannot be told apart), and the name reads as one phrase (a stray space
 * before a comma is read out as a pause and shows in braille).
 */

/** A link or button as the browser's accessibility tree names it. */
export interface NamedControl {
  role: string;
  name: string;
}

const SPACE_BEFORE_PUNCTUATION = /\s[,.;:!?]/;

/** Every problem, one line each; empty when all controls have clean, distinct names. */
export function controlNameProblems(controls: NamedControl[]): string[] {
  const problems: string[] = [];
  const counts = new Map<string, number>();
  for (const { role, name } of controls) {
    const key = name.trim().replace(/\s+/g, ' ').toLowerCase();
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if (key === '') problems.push(`${role} without a name`);
    else if (SPACE_BEFORE_PUNCTUATION.test(name))
      problems.push(`${role} "${name}": space before punctuation`);
  }
  for (const [name, count] of counts) {
    if (name !== '' && count > 1) problems.push(`"${name}" names ${count} links or buttons`);
  }
  return problems;
}
