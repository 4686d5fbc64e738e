import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIRST_PAGE_SECTIONS, STAFF_PAGE_SECTIONS } from '../../src/web/i18n/sections';
import { staticClosure } from '../../vite-plugins/first-page-chunk';
import { LATIN_RANGE, rangeText } from '../../vite-plugins/font-subsets';
import { omitPaths, pickPaths } from '../../vite-plugins/message-sections';
import { usedClassCandidates } from '../../vite-plugins/purge-css';

const de = JSON.parse(readFileSync(new URL('../../src/web/i18n/de.json', import.meta.url), 'utf8'));

describe('message sections', () => {
  const tree = {
    app: { name: 'A' },
    citizen: { tenant: { intro: 'I' }, enter: { go: 'G' } },
    staff: { x: 'X' },
  };

  it('splits a language file into the first page’s part and the rest, losing nothing', () => {
    const paths = ['app', 'citizen.tenant'];
    expect(pickPaths(tree, paths)).toEqual({ app: { name: 'A' }, citizen: { tenant: { intro: 'I' } } });
    expect(omitPaths(tree, paths)).toEqual({ citizen: { enter: { go: 'G' } }, staff: { x: 'X' } });
  });

  it('names only sections the language files have, each in one part only', () => {
    expect(() => pickPaths(de, FIRST_PAGE_SECTIONS)).not.toThrow();
    expect(() => pickPaths(de, STAFF_PAGE_SECTIONS)).not.toThrow();
    const first: readonly string[] = FIRST_PAGE_SECTIONS;
    const overlap = STAFF_PAGE_SECTIONS.filter((s) =>
      first.some((f) => f === s || f.startsWith(`${s}.`) || s.startsWith(`${f}.`)),
    );
    expect(overlap).toEqual([]);

    expect(() => pickPaths(tree, ['citizen.nothing'])).toThrow(/citizen.nothing/);
  });
});

describe('unused CSS', () => {
  it('keeps classes written out and classes completed at run time by a literal of the code', () => {
    // Source text as the plugin reads it, placeholders and all.
    const candidates = usedClassCandidates([
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text, not a template
      "<b className={`kern-btn kern-btn--${variant}`} />; type V = 'primary' | 'secondary';",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text, not a template
      'const cell = `kern-table__${kind}--numeric`; f("cell");',
    ]);
    for (const kept of [
      'kern-btn',
      'kern-btn--primary',
      'kern-btn--secondary',
      'kern-table__cell--numeric',
    ]) {
      expect(candidates.has(kept), kept).toBe(true);
    }
    expect(candidates.has('kern-btn--tertiary')).toBe(false);
  });
});

describe('font subsets', () => {
  it('fonts.css declares the subsets for exactly the characters they hold', () => {
    const css = readFileSync(
      fileURLToPath(new URL('../../src/web/styles/fonts.css', import.meta.url)),
      'utf8',
    );
    const ranges = [...css.matchAll(/unicode-range:\s*([^;]+);/g)].map((m) =>
      m[1]!.replace(/\s+/g, ' ').trim(),
    );
    expect(ranges).toEqual([LATIN_RANGE, LATIN_RANGE]);
  });

  it('covers German and the Latin script of Europe’s other languages', () => {
    const text = rangeText(LATIN_RANGE);
    for (const char of 'ÄÖÜäöüßéèçñøåłśżčřğşıőűșț€„“–…→') expect(text, char).toContain(char);
  });
});

describe('first-page chunk', () => {
  it('follows static imports from the entry, not past what it never reaches', () => {
    const imports = new Map([
      ['main', ['a', 'b']],
      ['a', ['c']],
      ['c', ['a']],
      ['lazy', ['d']],
    ]);
    expect([...staticClosure('main', imports)].sort()).toEqual(['a', 'b', 'c', 'main']);
  });
});
