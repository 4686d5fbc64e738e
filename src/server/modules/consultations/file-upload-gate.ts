import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdParams } from '../../../shared/fields';
import { conflict, HttpProblem } from '../../http/problem';
import { decodeFileNameHeader } from './file-store';
import type { ConsultationGuard, ConsultationRow, Participant } from './participant-guard';

/** A participant allowed to upload to a running consultation, and the file name they sent. */
export interface Uploader {
  actor: Participant;
  consultation: ConsultationRow;
  rawName: string;
}

export const tooLarge = (maxBytes: number) =>
  new HttpProblem(
    413,
    'Content Too Large',
    `A file may be at most ${(maxBytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MiB`,
    { maxBytes },
  );

/**
 * Everything about an upload its headers decide, checked in `onRequest`, i.e. before Fastify reads a
 * byte of the body: the credentials (401), the participant (404 for anyone else, as the guard does),
 * a running consultation (409), the declared type (415), the name (400) and the declared size (413).
 * A refusal also closes the connection, as Fastify itself does for an oversize body, so Node does not
 * drain what the client is still sending.
 */
export function fileUploadGate(actorFor: ConsultationGuard, maxBytes: number) {
  const admitted = new WeakMap<FastifyRequest, Uploader>();

  async function admit(request: FastifyRequest): Promise<Uploader> {
    const params = IdParams.safeParse(request.params);
    if (!params.success)
      throw new HttpProblem(400, 'Bad Request', 'Invalid params.id', {
        errors: [{ field: 'params.id', message: 'Invalid UUID' }],
      });
    const { actor, consultation } = await actorFor(request, params.data.id, ['agent', 'citizen', 'guest']);
    if (consultation.endedAt) throw conflict('The consultation has ended; no more files can be shared');
    const type = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
    if (type !== 'application/octet-stream')
      throw new HttpProblem(415, 'Unsupported Media Type', 'Send the file as application/octet-stream');
    const header = request.headers['x-file-name'];
    const rawName = typeof header === 'string' ? decodeFileNameHeader(header) : null;
    if (rawName === null) {
      const detail = 'Name the file (percent-encoded) in the X-File-Name header';
      throw new HttpProblem(400, 'Bad Request', detail, {
        errors: [{ field: 'headers.x-file-name', message: detail }],
      });
    }
    if (Number(request.headers['content-length'] ?? 0) > maxBytes) throw tooLarge(maxBytes);
    return { actor, consultation, rawName };
  }

  return {
    async onRequest(request: FastifyRequest, reply: FastifyReply) {
      try {
        admitted.set(request, await admit(request));
      } catch (error) {
        reply.header('connection', 'close');
        throw error;
      }
    },
    /** The uploader `onRequest` admitted for this request. */
    uploader(request: FastifyRequest): Uploader {
      const uploader = admitted.get(request);
      if (!uploader) throw new Error('the upload gate did not run for this request');
      return uploader;
    },
  };
}
