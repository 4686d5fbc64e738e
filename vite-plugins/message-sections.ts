import { readFile } from 'node:fs/promises';
import type { Plugin } from 'vite';

type Tree = { [key: string]: unknown };

/** The parts of a message tree named by dot paths ("citizen.office"), nested as in the tree. */
export function pickPaths(tree: Tree, paths: readonly string[]): Tree {
  const out: Tree = {};
  for (const path of paths) {
    const keys = path.split('.');
    let from: unknown = tree;
    for (const key of keys) from = (from as Tree | undefined)?.[key];
    if (from === undefined) throw new Error(`no message section "${path}"`);
    let to = out;
    for (const key of keys.slice(0, -1)) {
      to[key] ??= {};
      to = to[key] as Tree;
    }
    to[keys.at(-1)!] = from;
  }
  return out;
}

/** The message tree without the parts named by dot paths (and without parents left empty). */
export function omitPaths(tree: Tree, paths: readonly string[]): Tree {
  const out: Tree = {};
  for (const [key, value] of Object.entries(tree)) {
    if (paths.includes(key)) continue;
    const inner = paths.filter((p) => p.startsWith(`${key}.`)).map((p) => p.slice(key.length + 1));
    if (inner.length === 0 || typeof value !== 'object' || value === null) {
      out[key] = value;
      continue;
    }
    const rest = omitPaths(value as Tree, inner);
    if (Object.keys(rest).length > 0) out[key] = rest;
  }
  return out;
}

/**
 * Splits a language file at build time: `./de.json?first-page` holds only the given sections (what
 * the first page shows), `./de.json?staff-pages` those only staff pages show, `./de.json?other-pages`
 * everything else. One file per language stays the single place for translators; each part becomes a
 * JSON module of its own. Without this plugin (e.g. in unit tests) every import gives the whole file,
 * which is still correct.
 */
export function messageSections(firstPage: readonly string[], staffPages: readonly string[]): Plugin {
  const parts: Record<string, (tree: Tree) => Tree> = {
    'first-page': (tree) => pickPaths(tree, firstPage),
    'staff-pages': (tree) => pickPaths(tree, staffPages),
    'other-pages': (tree) => omitPaths(tree, [...firstPage, ...staffPages]),
  };
  return {
    name: 'amtsraum:message-sections',
    enforce: 'pre',
    async load(id) {
      const [file, query] = id.split('?');
      const part = query === undefined ? undefined : parts[query];
      if (!file?.endsWith('.json') || !part) return null;
      this.addWatchFile(file);
      const tree = JSON.parse(await readFile(file, 'utf8')) as Tree;
      return { code: JSON.stringify(part(tree)), moduleType: 'json' };
    },
  };
}
