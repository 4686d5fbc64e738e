/**
 * The browser's zod ("zod" resolves here in the web build, vite.config.ts): the app's CSP forbids eval,
 * and zod decides when a schema is created whether it may compile its parser with `new Function` (the
 * probe alone is reported as a CSP violation on the citizen's pages). Configured here, before any
 * module that imports zod can create a schema, whatever order the bundler puts chunks in.
 */
import { config } from 'zod/v4';

config({ jitless: true });

export * from 'zod/v4';
