import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import purgeCss from '@fullhuman/postcss-purgecss';
import type { AcceptedPlugin } from 'postcss';

/** Tokens that may name a class, a tag or an attribute. */
const WORD = /[A-Za-z0-9_-]+/g;
/** `kern-icon--${tone}`, `kern-table__${kind}--numeric`: a class name completed at run time. */
const TEMPLATE = /([A-Za-z0-9_-]*[-_])\$\{[^{}]*\}([A-Za-z0-9_-]*)/g;

/**
 * Every class name the app's source could produce: each word of the code, and for each class built
 * with a template (`kern-btn--${variant}`) every word put in the gap, since the value comes from some
 * literal of the code ("primary"). A superset, so nothing used is lost; what no word can form
 * (most of KERN's icons, grid and utility classes) goes.
 */
export function usedClassCandidates(sources: readonly string[]): Set<string> {
  const words = new Set(sources.flatMap((source) => source.match(WORD) ?? []));
  const templates = new Set(
    sources.flatMap((source) =>
      [...source.matchAll(TEMPLATE)].map(([, prefix, suffix]) => `${prefix} ${suffix}`),
    ),
  );
  const candidates = new Set(words);
  for (const template of templates) {
    const [prefix, suffix] = template.split(' ');
    for (const word of words) candidates.add(`${prefix}${word}${suffix}`);
  }
  return candidates;
}

function readSources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(tsx?|html)$/.test(file) && !/\.test\.tsx?$/.test(file))
    .map((file) => readFileSync(join(dir, file), 'utf8'));
}

/**
 * Rules that only define design tokens (custom properties) stay whole: KERN's themes and levels (light,
 * dark, nested surfaces) set the tokens every colour comes from, under selectors such as
 * `:is(body, …):not([class*=kern-level-])` that no class list can vouch for. PurgeCSS skips a rule
 * after a "purgecss ignore" comment.
 */
const keepTokenRules: AcceptedPlugin = {
  postcssPlugin: 'amtsraum-keep-token-rules',
  Once(root, { Comment }) {
    root.walkRules((rule) => {
      // :root's own tokens are pruned to those in use (variables: true); only themed rules stay whole.
      if (rule.selector === ':root') return;
      const tokensOnly =
        rule.nodes.length > 0 && rule.nodes.every((n) => n.type === 'decl' && n.prop.startsWith('--'));
      if (tokensOnly) rule.before(new Comment({ text: 'purgecss ignore' }));
    });
  },
};

/**
 * PostCSS steps of the build: drop the selectors, custom properties and keyframes of the stylesheets
 * (KERN's whole kern.min.css included) that no source file of the web app can use.
 */
export function purgeUnusedCss(webDir: string): AcceptedPlugin[] {
  const candidates = [...usedClassCandidates(readSources(webDir))];
  return [
    keepTokenRules,
    purgeCss({
      content: [{ raw: candidates.join(' '), extension: 'txt' }],
      defaultExtractor: (content) => content.split(' '),
      variables: true,
      keyframes: true,
    }),
  ];
}
