import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { FIRST_PAGE_SECTIONS, STAFF_PAGE_SECTIONS } from './src/web/i18n/sections.ts';
import { browserI18n } from './vite-plugins/browser-i18n.ts';
import { firstPageChunk } from './vite-plugins/first-page-chunk.ts';
import { fontSubsets } from './vite-plugins/font-subsets.ts';
import { messageSections } from './vite-plugins/message-sections.ts';
import { precompress } from './vite-plugins/precompress.ts';
import { purgeUnusedCss } from './vite-plugins/purge-css.ts';

const WEB_DIR = fileURLToPath(new URL('src/web', import.meta.url));
const firstPage = firstPageChunk(
  fileURLToPath(new URL('src/web/main.tsx', import.meta.url)),
  fileURLToPath(new URL('src/', import.meta.url)),
);

/** A plugin of the browser build only: the server renderer has no fonts, chunks or files to compress. */
const clientOnly = (plugin: Plugin): Plugin => ({
  ...plugin,
  applyToEnvironment: (env) => env.name === 'client',
});

export default defineConfig(({ command }) => ({
  root: 'src/web',
  // The pages' zod runs without eval (the CSP forbids it): lib/zod-browser.ts configures it first.
  resolve: {
    alias: [
      { find: /^zod$/, replacement: fileURLToPath(new URL('src/web/lib/zod-browser.ts', import.meta.url)) },
    ],
  },
  plugins: [
    react(),
    messageSections(FIRST_PAGE_SECTIONS, STAFF_PAGE_SECTIONS),
    clientOnly(
      browserI18n(
        fileURLToPath(new URL('src/web/i18n/runtime.ts', import.meta.url)),
        fileURLToPath(new URL('src/web/i18n/react-runtime.ts', import.meta.url)),
      ),
    ),
    clientOnly(
      fontSubsets([
        '@kern-ux/native/dist/fonts/fira-sans/FiraSans-Regular.woff2',
        '@kern-ux/native/dist/fonts/fira-sans/FiraSans-SemiBold.woff2',
      ]),
    ),
    clientOnly(firstPage.plugin),
    clientOnly(precompress()),
  ],
  // Only the CSS the app can use ships; the dev server keeps all of it, so new classes work at once.
  css: { postcss: { plugins: command === 'build' ? purgeUnusedCss(WEB_DIR) : [] } },
  build: {
    // The client's and the server renderer's output go to different places (environments below).
    emptyOutDir: true,
  },
  // `vite build` builds both: the app for browsers and the renderer of citizens' first pages.
  builder: {},
  environments: {
    client: {
      build: {
        outDir: '../../dist/web',
        // Which files each entry and page loads: the size budget test (test/web/size-budget.test.ts) reads it.
        manifest: true,
        // Every browser the app supports knows <link rel="modulepreload">: no polyfill, one request less.
        modulePreload: { polyfill: false },
        // The CSP allows fonts only from 'self': never inline assets as data: URIs.
        assetsInlineLimit: 0,
        rolldownOptions: {
          // The app, and the widget other sites frame (/{tenant}/einbetten/buero): no router, no page chrome.
          input: {
            main: fileURLToPath(new URL('src/web/index.html', import.meta.url)),
            embed: fileURLToPath(new URL('src/web/embed/index.html', import.meta.url)),
          },
          output: {
            codeSplitting: {
              groups: [
                {
                  // What every page runs first, as one file: fewer requests, and gzip compresses it better.
                  name: 'framework',
                  test: /node_modules[\\/](react|react-dom|scheduler|react-router|i18next|react-i18next)[\\/]/,
                  priority: 2,
                },
                { ...firstPage.group, priority: 1 },
              ],
            },
          },
        },
      },
    },
    // The server renders the first citizen page with the app's own components (src/server/ssr).
    ssr: {
      build: {
        outDir: '../../dist/ssr',
        ssr: fileURLToPath(new URL('src/web/ssr/entry-server.tsx', import.meta.url)),
        // src/web/public (favicon, embed loader) is served from dist/web only.
        copyPublicDir: false,
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', ws: true },
    },
  },
}));
