/**
 * What "use-sync-external-store/shim" resolves to in the web build (vite.config.ts): react-i18next
 * imports that shim for React 17 and older; React 19 has the hook itself, so the shim's code (and its
 * check at run time) need not be in every first page.
 */
export { useSyncExternalStore } from 'react';
