import type { Plugin } from 'vite';

/** Every module the entry imports statically, directly or not. */
export function staticClosure(entry: string, imports: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set<string>();
  const visit = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    for (const next of imports.get(id) ?? []) visit(next);
  };
  visit(entry);
  return seen;
}

/**
 * A code-splitting group that puts the app code (under sourceDir) the entry needs before its first
 * render into one
 * chunk. Left alone, Rolldown cuts it into a dozen small chunks (each module is shared with some lazy
 * page): a dozen requests on a slow connection, each compressed on its own.
 */
export function firstPageChunk(
  entry: string,
  sourceDir: string,
): { plugin: Plugin; group: { name: string; test(id: string): boolean } } {
  const imports = new Map<string, readonly string[]>();
  let closure: Set<string> | null = null;
  return {
    plugin: {
      name: 'amtsraum:first-page-chunk',
      apply: 'build',
      buildStart() {
        imports.clear();
        closure = null;
      },
      moduleParsed(info) {
        imports.set(info.id, info.importedIds);
      },
    },
    group: {
      name: 'first-page',
      // Asked once the module graph is complete (when chunks are made).
      test(id) {
        closure ??= staticClosure(entry, imports);
        // Our own modules only, and not the entry itself: the HTML page must keep its entry chunk.
        return id !== entry && id.startsWith(sourceDir) && closure.has(id);
      },
    },
  };
}
