import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: 'src/web',
  plugins: [react()],
  build: {
    outDir: '../../dist/web',
    emptyOutDir: true,
    // The CSP allows fonts only from 'self': never inline assets as data: URIs.
    assetsInlineLimit: 0,
    rolldownOptions: {
      // The app, and the widget other sites frame (/{tenant}/einbetten/buero): no router, no page chrome.
      input: {
        main: fileURLToPath(new URL('src/web/index.html', import.meta.url)),
        embed: fileURLToPath(new URL('src/web/embed/index.html', import.meta.url)),
      },
    },
  },
  server: {
    proxy: {
      '/api': { target: 'http://127.0.0.1:8080', ws: true },
    },
  },
});
