import { createInstance } from 'i18next';
import { describe, expect, it, vi } from 'vitest';
import de from './de.json';
import en from './en.json';
import { I18n, interpolate } from './runtime';

type Tree = { [key: string]: string | Tree };

/** Every key of a message tree, plural forms as the key t is called with ("x_one", "x_other" → "x"). */
function keys(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return typeof value === 'string'
      ? [path.replace(/_(zero|one|two|few|many|other)$/, '')]
      : keys(value, path);
  });
}

/** The variables of every text, with values of each kind, and counts that pick each plural form. */
const OPTIONS = [
  {},
  { count: 0, name: 'Ada', authority: 'Musterstadt', position: 3, minutes: 5, office: 'Bürgeramt' },
  { count: 1, page: 'Seite', time: '10:15', wait: '5 Minuten', step: 1, total: 3 },
  { count: 2, name: '', number: 12, position: null, authority: undefined, fromOffice: '$& </script>' },
  { count: 21.5, name: 'Élodie', minutes: 0 },
];

async function both(language: 'de' | 'en') {
  const options = {
    lng: language,
    fallbackLng: 'de',
    resources: { de: { translation: de }, en: { translation: en } },
    interpolation: { escapeValue: false },
    returnNull: false,
  };
  const reference = createInstance(options);
  await reference.init();
  const runtime = new I18n();
  await runtime.init(options);
  return { reference, runtime };
}

describe('the browser’s i18n runtime', () => {
  for (const language of ['de', 'en'] as const) {
    it(`gives the same text as i18next for every key in ${language}, with every kind of value`, async () => {
      const { reference, runtime } = await both(language);
      const all = [...new Set(keys(de as Tree))];
      expect(all.length).toBeGreaterThan(500);
      for (const key of all) {
        for (const options of OPTIONS) {
          expect(runtime.t(key, options), `${key} ${JSON.stringify(options)}`).toBe(
            reference.t(key, options),
          );
        }
      }
    });
  }

  it('falls back to German for a text English lacks, and answers the key for one neither has', async () => {
    const runtime = new I18n();
    const missing = vi.fn();
    await runtime.init({
      lng: 'en',
      fallbackLng: 'de',
      resources: { de: { translation: { a: { b: 'Deutsch' } } }, en: { translation: { c: 'English' } } },
      saveMissing: true,
      missingKeyHandler: missing,
    });
    expect(runtime.t('a.b')).toBe('Deutsch');
    expect(runtime.t('c')).toBe('English');
    expect(missing).not.toHaveBeenCalled();
    expect(runtime.t('a.nothing')).toBe('a.nothing');
    expect(missing).toHaveBeenCalledTimes(1);
  });

  it('tells listeners of added texts and of a language change, and resolves the language with texts', async () => {
    const runtime = new I18n();
    await runtime.init({ lng: 'en', fallbackLng: 'de', resources: { de: { translation: { x: 'X' } } } });
    const events: string[] = [];
    runtime.on('added', (language) => events.push(`added ${String(language)}`));
    runtime.on('languageChanged', (language) => events.push(`language ${String(language)}`));
    expect(runtime.resolvedLanguage).toBe('de');
    runtime.addResourceBundle('en', 'translation', { x: { y: 'Y' } }, true, true);
    expect(runtime.resolvedLanguage).toBe('en');
    await runtime.changeLanguage('de');
    expect(events).toEqual(['added en', 'language de']);
    // Deep: a later part adds to a section instead of replacing it.
    runtime.addResourceBundle('en', 'translation', { x: { z: 'Z' } }, true, true);
    expect(runtime.getFixedT('en')('x.y')).toBe('Y');
    expect(runtime.getFixedT('en')('x.z')).toBe('Z');
  });

  it('fills in variables as i18next does with escapeValue: false', () => {
    expect(interpolate('{{a}}, {{ b }}, {{c.d}}', { a: 1, b: 'zwei', c: { d: 'drei' } })).toBe(
      '1, zwei, drei',
    );
    expect(interpolate('[{{gone}}] [{{none}}] [{{missing}}]', { gone: undefined, none: null })).toBe(
      '[] [] [{{missing}}]',
    );
    expect(interpolate('{{a}}', { a: '{{b}}', b: 'x' })).toBe('{{b}}');
  });
});
