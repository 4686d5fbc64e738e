import { config } from 'zod';

/**
 * The app's CSP forbids eval. Zod would probe `new Function` once before its first parse (for its
 * compiled fast path) and, though it catches the failure, the browser reports a CSP violation on
 * every citizen page that validates. Imported (for this effect) by the modules that parse.
 */
config({ jitless: true });
