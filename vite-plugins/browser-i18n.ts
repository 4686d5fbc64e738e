import type { Plugin } from 'vite';

/**
 * In the browser build, i18next and react-i18next resolve to the app's own small runtime
 * (src/web/i18n/runtime.ts and react-runtime.ts): 16 KiB less gzip on every page. The server
 * renderer keeps i18next (apply this plugin to the client environment only).
 */
export function browserI18n(runtime: string, reactRuntime: string): Plugin {
  const replacements: Record<string, string> = { i18next: runtime, 'react-i18next': reactRuntime };
  return {
    name: 'amtsraum:browser-i18n',
    enforce: 'pre',
    resolveId: (source) => replacements[source] ?? null,
  };
}
