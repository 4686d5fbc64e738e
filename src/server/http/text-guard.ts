import type { FastifyInstance } from 'fastify';
import { type FieldError, HttpProblem } from './problem';

/** Deeper than any request we accept; deeper input is refused, not walked. */
const MAX_DEPTH = 32;

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0001-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** Half of a surrogate pair without its other half: JSON can carry one, no UTF-8 text can. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why a text cannot be stored or shown as sent, or null when it can. */
function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'must not contain NUL characters';
  if (CONTROL.test(text)) return 'must not contain control characters (other than tab and line breaks)';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode text (it holds a lone surrogate)';
  return null;
}

/** The first field of `value` (path "body.name") whose text or field name is unfit, or that lies too deep. */
export function findBadText(value: unknown, path: string, depth = 0): FieldError | null {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? { field: path, message: problem } : null;
  }
  // Raw bytes (a file upload) are no text.
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return null;
  if (depth > MAX_DEPTH) return { field: path, message: 'is nested too deeply' };
  for (const [key, child] of Object.entries(value)) {
    const keyProblem = textProblem(key);
    if (keyProblem) return { field: path, message: `field names ${keyProblem}` };
    const found = findBadText(child, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * Text no field needs is refused at the boundary, for every route, before any schema or query sees it:
 * NUL (PostgreSQL cannot store it: "invalid byte sequence 0x00"), other control characters (they
 * corrupt mails, PDFs and logs) and lone surrogates (stored as U+FFFD, not as sent).
 */
export function registerTextGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [
      ['body', request.body],
      ['querystring', request.query],
      ['params', request.params],
    ] as const) {
      const error = findBadText(value, part);
      if (!error) continue;
      throw new HttpProblem(400, 'Bad Request', `Invalid ${error.field}`, { errors: [error] });
    }
  });
}
