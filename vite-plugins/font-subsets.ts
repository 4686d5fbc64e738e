import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join } from 'node:path';
import subsetFont from 'subset-font';
import type { Plugin } from 'vite';

/** Where CSS finds the subsets. */
export const ALIAS = '@amtsraum/font-subsets';
const SUBSET_DIR = 'amtsraum-font-subsets';

/**
 * The characters of German and the other Latin-script languages of Europe (Latin-1, Latin Extended-A,
 * Romanian ș ț), typographic punctuation, €, ™, arrows and minus. fonts.css names the same range in
 * its unicode-range (a unit test compares them); any other character falls back to the full font.
 */
export const LATIN_RANGE =
  'U+0000-017F, U+0218-021B, U+02C6, U+02DA, U+02DC, U+2000-206F, U+20AC, U+2122, U+2190-2193, U+2212, U+FEFF, U+FFFD';

/** Every character of a CSS unicode-range value. */
export function rangeText(range: string): string {
  return range
    .split(',')
    .map((part) => part.trim().replace(/^U\+/i, ''))
    .flatMap((part) => {
      const [from, to = from] = part.split('-').map((hex) => Number.parseInt(hex, 16));
      return Array.from({ length: to! - from! + 1 }, (_, i) => String.fromCodePoint(from! + i));
    })
    .join('');
}

/**
 * Makes Latin subsets of web fonts (a quarter of their size) and offers them to CSS under ALIAS, e.g.
 * url("@amtsraum/font-subsets/FiraSans-Regular.woff2"); Vite then hashes and emits them like any asset.
 * Subsetting (HarfBuzz, WebAssembly) takes seconds, so the results are kept in node_modules/.cache
 * and made again only when the font or the range changes. Each page preloads the subsets: they then
 * arrive while the app's script still loads, and the first paint already has them (no font swap that
 * would move text).
 */
export function fontSubsets(fonts: readonly string[], range = LATIN_RANGE): Plugin {
  const require = createRequire(import.meta.url);
  const cacheDir = join(process.cwd(), 'node_modules/.cache', SUBSET_DIR);
  return {
    name: 'amtsraum:font-subsets',
    config: () => ({ resolve: { alias: [{ find: ALIAS, replacement: cacheDir }] } }),
    async buildStart() {
      mkdirSync(cacheDir, { recursive: true });
      await Promise.all(
        fonts.map(async (font) => {
          const source = readFileSync(require.resolve(font));
          const key = createHash('sha256').update(source).update(range).digest('hex');
          const target = join(cacheDir, basename(font));
          const keyFile = `${target}.key`;
          if (existsSync(target) && existsSync(keyFile) && readFileSync(keyFile, 'utf8') === key) return;
          writeFileSync(target, await subsetFont(source, rangeText(range), { targetFormat: 'woff2' }));
          writeFileSync(keyFile, key);
        }),
      );
    },
    transformIndexHtml: {
      order: 'post',
      handler: (_html, { bundle }) =>
        Object.values(bundle ?? {})
          .filter(
            (file) => file.type === 'asset' && file.originalFileNames.some((n) => n.includes(SUBSET_DIR)),
          )
          .map((file) => ({
            tag: 'link',
            attrs: {
              rel: 'preload',
              href: `/${file.fileName}`,
              as: 'font',
              type: 'font/woff2',
              crossorigin: '',
            },
            injectTo: 'head' as const,
          })),
    },
  };
}
