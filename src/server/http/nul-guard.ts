import type { FastifyInstance } from 'fastify';
import { type FieldError, HttpProblem } from './problem';

/** Deeper than any request we accept; deeper bodies are refused, not walked. */
const MAX_DEPTH = 32;

/** The first string in `value` that holds a NUL character, as a field path ("body.name"), or null. */
export function findNul(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (value === null || typeof value !== 'object') return null;
  if (depth > MAX_DEPTH) return path;
  for (const [key, child] of Object.entries(value)) {
    if (key.includes('\u0000')) return `${path}.${key.replaceAll('\u0000', '\\0')}`;
    const found = findNul(child, `${path}.${key}`, depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * PostgreSQL cannot store a NUL character in text ("invalid byte sequence 0x00"), and no name, concern
 * or message needs one: such input is refused at the boundary with the field named, for every route,
 * before any schema or query sees it.
 */
export function registerNulGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [
      ['body', request.body],
      ['querystring', request.query],
      ['params', request.params],
    ] as const) {
      const field = findNul(value, part);
      if (!field) continue;
      const errors: FieldError[] = [{ field, message: 'must not contain NUL characters' }];
      throw new HttpProblem(400, 'Bad Request', `Invalid ${field}`, { errors });
    }
  });
}
