import { createHash, randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { fileTypeFromBuffer } from 'file-type';
import {
  ConsultationFile,
  ConsultationFileList,
  FileParams,
  FileUploadHeaders,
} from '../../../shared/consultations';
import { IdParams } from '../../../shared/fields';
import { SHAREABLE_FILE_TYPES, shareableTypeNames } from '../../../shared/file-types';
import type { ParticipantId, ParticipantRole } from '../../../shared/realtime';
import type { AppContext } from '../../context';
import { HttpProblem, notFound } from '../../http/problem';
import { recordAudit, recordAuditNow } from '../audit/audit-log';
import { VisitAuthHeaders } from '../visits/schema';
import { clamScan } from './clamd';
import { deliverToAudience } from './consultation-audience';
import {
  contentDisposition,
  decryptFile,
  displayName,
  encryptFile,
  filePath,
  loadFileMasterKey,
  readStoredFile,
  writeFileAtomically,
} from './file-store';
import { fileUploadGate, tooLarge, type Uploader } from './file-upload-gate';
import { joinGuestOf } from './guests-store';
import { consultationGuard, labelOf, type Participant } from './participant-guard';

interface FileRow {
  id: string;
  name: string;
  size: string | number;
  mime: string;
  uploader: ParticipantId;
  uploaderRole: ParticipantRole;
  uploaderLabel: string | null;
  sha256: string;
  createdAt: Date;
}

const FILE_COLUMNS = `f.id, f.display_name AS name, f.size, f.mime, f.uploader, f.uploader_role AS "uploaderRole",
  g.label AS "uploaderLabel", f.sha256, f.created_at AS "createdAt"`;

/** Files with their guest uploader's label (consultation_files f). */
const FILES = `FROM consultation_files f ${joinGuestOf('g', 'f.uploader')}`;

const toFile = (row: FileRow): ConsultationFile => ({
  ...row,
  size: Number(row.size),
  createdAt: new Date(row.createdAt).toISOString(),
});

/** Staff as their account, citizens and guests as their participant id ("guest:<id>"). */
const auditActor = (actor: Participant) => (actor.role === 'agent' ? `staff:${actor.staff.id}` : actor.self);

/**
 * /api/consultations/:id/files — documents anyone in a consultation shares (agent, citizen, guests while
 * the call lasts; see participant-guard.ts). The type is
 * judged by the content; the bytes are stored encrypted (a key per file, wrapped by the master key)
 * under ${DATA_DIR}/files/<tenant>/<file id>.bin, optionally after a ClamAV scan.
 */
export const consultationFileRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const actorFor = consultationGuard(ctx);
  const { maxBytes } = ctx.config.files;
  const masterKey = await loadFileMasterKey(ctx.db, ctx.config.files.masterKey);
  const gate = fileUploadGate(actorFor, maxBytes);

  /**
   * With clamd configured nothing is stored that it has not called clean: an infected file is refused
   * (422, audited) and a scan that cannot be done refuses the upload too (503): fail closed.
   */
  async function scanOrRefuse(request: FastifyRequest, uploader: Uploader, bytes: Buffer) {
    const clamav = ctx.config.files.clamav;
    if (!clamav) return;
    let signature: string | null;
    try {
      signature = await clamScan(clamav, bytes);
    } catch (error) {
      request.log.error({ err: error }, 'virus scan failed');
      throw new HttpProblem(503, 'Service Unavailable', 'The virus scan is not available; try again later');
    }
    if (!signature) return;
    const { actor, consultation } = uploader;
    await recordAuditNow(ctx.db, {
      tenantId: consultation.tenantId,
      actor: auditActor(actor),
      action: 'file.refused',
      object: `consultation:${consultation.id}`,
      details: { consultationId: consultation.id, reason: 'malware', signature },
    });
    throw new HttpProblem(422, 'Unprocessable Content', 'The file contains malware and was not shared', {
      signature,
    });
  }

  app.addContentTypeParser(
    'application/octet-stream',
    { parseAs: 'buffer', bodyLimit: maxBytes },
    (_request, body, done) => done(null, body),
  );

  app.post(
    '/:id/files',
    {
      bodyLimit: maxBytes,
      schema: { params: IdParams, headers: FileUploadHeaders, response: { 201: ConsultationFile } },
      // Who uploads is settled before the body is read: a stranger's upload costs no more than its headers.
      onRequest: gate.onRequest,
      // A body without a declared length that outgrows the limit gets the same problem as a declared one.
      errorHandler: (error) => {
        throw error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? tooLarge(maxBytes) : error;
      },
    },
    async (request, reply) => {
      const uploader = gate.uploader(request);
      const { actor, consultation, rawName } = uploader;
      const bytes = request.body;
      if (!Buffer.isBuffer(bytes))
        throw new HttpProblem(415, 'Unsupported Media Type', 'Send the file as application/octet-stream');
      if (bytes.length === 0) {
        throw new HttpProblem(400, 'Bad Request', 'The file is empty', {
          errors: [{ field: 'body', message: 'The file is empty' }],
        });
      }

      const detected = await fileTypeFromBuffer(bytes);
      const extensions = detected ? SHAREABLE_FILE_TYPES[detected.mime] : undefined;
      if (!detected || !extensions) {
        throw new HttpProblem(
          415,
          'Unsupported Media Type',
          `Files of type ${detected?.mime ?? 'unknown'} cannot be shared; allowed are ${shareableTypeNames().join(', ')}`,
          { detectedType: detected?.mime ?? null },
        );
      }
      await scanOrRefuse(request, uploader, bytes);

      const id = randomUUID();
      const name = displayName(rawName, extensions);
      const sha256 = createHash('sha256').update(bytes).digest('hex');
      const encrypted = encryptFile(masterKey, id, bytes);
      const path = filePath(ctx.config.dataDir, consultation.tenantId, id);
      await writeFileAtomically(path, dirname(path), encrypted.ciphertext);
      let file: ConsultationFile;
      try {
        file = await ctx.db.transaction(async (tx) => {
          const [row] = await tx.query<Omit<FileRow, 'uploaderLabel'>>(
            `INSERT INTO consultation_files (id, tenant_id, consultation_id, uploader, uploader_role,
               display_name, mime, size, sha256, wrapped_key, iv, auth_tag)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
             RETURNING id, display_name AS name, size, mime, uploader, uploader_role AS "uploaderRole", sha256,
               created_at AS "createdAt"`,
            [
              id,
              consultation.tenantId,
              consultation.id,
              actor.self,
              actor.role,
              name,
              detected.mime,
              bytes.length,
              sha256,
              encrypted.wrappedKey,
              encrypted.iv,
              encrypted.authTag,
            ],
          );
          await recordAudit(tx, {
            tenantId: consultation.tenantId,
            actor: auditActor(actor),
            action: 'file.uploaded',
            object: `consultation_file:${id}`,
            details: { consultationId: consultation.id, fileId: id },
          });
          return toFile({ ...row!, uploaderLabel: labelOf(actor) });
        });
      } catch (error) {
        await rm(path, { force: true });
        throw error;
      }
      await deliverToAudience(ctx, consultation, {
        type: 'file.shared',
        consultationId: consultation.id,
        file,
      });
      return reply.code(201).send(file);
    },
  );

  app.get(
    '/:id/files',
    { schema: { params: IdParams, headers: VisitAuthHeaders, response: { 200: ConsultationFileList } } },
    async (request) => {
      const { consultation } = await actorFor(request, request.params.id, ['agent', 'citizen', 'guest']);
      const rows = await ctx.db.query<FileRow>(
        `SELECT ${FILE_COLUMNS} ${FILES} WHERE f.consultation_id = $1 AND f.tenant_id = $2
          ORDER BY f.created_at, f.id`,
        [consultation.id, consultation.tenantId],
      );
      return { files: rows.map(toFile), maxBytes };
    },
  );

  app.get(
    '/:id/files/:fileId',
    { schema: { params: FileParams, headers: VisitAuthHeaders } },
    async (request, reply) => {
      const { actor, consultation } = await actorFor(request, request.params.id, [
        'agent',
        'citizen',
        'guest',
      ]);
      const [row] = await ctx.db.query<
        FileRow & { wrappedKey: Uint8Array; iv: Uint8Array; authTag: Uint8Array }
      >(
        `SELECT ${FILE_COLUMNS}, f.wrapped_key AS "wrappedKey", f.iv, f.auth_tag AS "authTag"
           ${FILES} WHERE f.id = $1 AND f.consultation_id = $2 AND f.tenant_id = $3`,
        [request.params.fileId, consultation.id, consultation.tenantId],
      );
      if (!row) throw notFound('File');
      const ciphertext = await readStoredFile(
        filePath(ctx.config.dataDir, consultation.tenantId, row.id),
      ).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') throw notFound('File');
        throw error;
      });
      const plaintext = decryptFile(masterKey, row.id, {
        ciphertext,
        wrappedKey: Buffer.from(row.wrappedKey),
        iv: Buffer.from(row.iv),
        authTag: Buffer.from(row.authTag),
      });
      await recordAuditNow(ctx.db, {
        tenantId: consultation.tenantId,
        actor: auditActor(actor),
        action: 'file.downloaded',
        object: `consultation_file:${row.id}`,
        details: { consultationId: consultation.id, fileId: row.id },
      });
      return reply
        .header('content-disposition', contentDisposition(row.name))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'no-store')
        .type(row.mime)
        .send(plaintext);
    },
  );
};
