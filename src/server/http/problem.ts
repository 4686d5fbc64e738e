import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { problemFromDbError } from './db-errors';

/** An error that should reach the client as an RFC 9457 problem document. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

export const notFound = (what = 'Resource') => new HttpProblem(404, 'Not Found', `${what} not found`);
export const forbidden = (detail = 'You may not do this') => new HttpProblem(403, 'Forbidden', detail);
export const conflict = (detail: string) => new HttpProblem(409, 'Conflict', detail);

export interface FieldError {
  /** Where the problem is, e.g. "body.openingHours.mon.0.to". */
  field: string;
  message: string;
}

export function sendProblem(
  reply: FastifyReply,
  status: number,
  title: string,
  detail?: string,
  extra: Record<string, unknown> = {},
) {
  return reply
    .code(status)
    .type('application/problem+json')
    .send({ type: 'about:blank', title, status, ...(detail ? { detail } : {}), ...extra });
}

/** The reason phrase of a status ("Payload Too Large", "Unsupported Media Type"), as the title must say. */
const statusTitle = (status: number) => STATUS_CODES[status] ?? 'Error';

/** A schema may report one field twice (a union's branches, a refinement): each field and message once. */
function uniqueFieldErrors(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const key = `${e.field}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Turns every thrown error into problem+json; only errors we did not foresee become a 500. */
export function registerProblemHandlers(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = uniqueFieldErrors(
        error.validation.map((v) => ({
          field: [error.validationContext ?? 'body', ...v.instancePath.split('/').filter(Boolean)].join('.'),
          message: v.message ?? 'invalid',
        })),
      );
      const fields = [...new Set(errors.map((e) => e.field))];
      return sendProblem(reply, 400, 'Bad Request', `Invalid ${fields.join(', ')}`, { errors });
    }
    const problem = error instanceof HttpProblem ? error : problemFromDbError(error);
    if (problem) return sendProblem(reply, problem.status, problem.title, problem.detail, problem.extra);
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      return sendProblem(
        reply,
        status,
        error.name === 'FastifyError' ? statusTitle(status) : error.name,
        error.message,
        // The body parser's refusals (broken JSON, a "__proto__" key, an empty body) concern the body.
        error.code?.startsWith('FST_ERR_CTP_') ? { errors: [{ field: 'body', message: error.message }] } : {},
      );
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, 500, 'Internal Server Error');
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, 404, 'Not Found', `No route ${request.method} ${request.url.split('?')[0]}`),
  );
}
