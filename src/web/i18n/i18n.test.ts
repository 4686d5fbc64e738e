import { describe, expect, it } from 'vitest';
import de from './de.json';
import en from './en.json';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/** The interpolation variables of a text, sorted and joined: "{{count}} von {{total}}" → "count,total". */
function variables(text: string): string {
  const names = [...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((match) => match[1]!);
  return [...new Set(names)].sort().join(',');
}

describe('translations', () => {
  const german = flatten(de as Tree);
  const english = flatten(en as Tree);

  it('German and English have exactly the same keys', () => {
    expect([...english.keys()].sort()).toEqual([...german.keys()].sort());
  });

  it('German and English fill in the same variables ({{name}} …) in every text', () => {
    const mismatched = [...german]
      .filter(([key, text]) => english.has(key) && variables(text) !== variables(english.get(key)!))
      .map(([key, text]) => `${key}: de ${variables(text)} / en ${variables(english.get(key)!)}`);
    expect(mismatched).toEqual([]);
  });

  it('no translation is empty', () => {
    for (const [key, value] of [...german, ...english]) {
      expect(value.trim(), key).not.toBe('');
    }
  });
});
