import { isAbsolute } from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { BackupError } from '../../backup/manifest';
import { takeBackup } from '../../backup/take-backup';
import type { AppContext } from '../../context';
import { problemResponse } from '../../http/openapi-problem';
import { HttpProblem } from '../../http/problem';

export const BackupRequest = z.strictObject({
  /** A new or empty directory on the server's host, absolute; the server's user must be able to write it. */
  target: z.string().min(1).max(4096).refine(isAbsolute, 'an absolute path'),
});

export const BackupWritten = z.object({
  /** When the snapshot was taken. */
  createdAt: z.string(),
  /** The last migration of the snapshot's schema. */
  schema: z.string(),
  tables: z.int(),
  rows: z.int(),
  files: z.int(),
  /** The keys that are not in the backup and must travel separately. */
  notIncluded: z.array(z.string()),
});

/**
 * POST /api/operator/backups: the running server writes a backup into a directory of its host. The way
 * to back up the embedded database while Amtsraum runs (only the server may open it; `npm run backup`
 * comes here then); on PostgreSQL `npm run backup` works from anywhere. Nothing is sent back but a summary.
 */
export const operatorBackupRoute: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.post(
    '/backups',
    {
      schema: {
        tags: ['backups'],
        summary:
          'Back up the installation (database snapshot, encrypted files, manifest) into a directory of the server',
        body: BackupRequest,
        response: {
          201: BackupWritten,
          400: problemResponse('Invalid input; `errors` names each offending field'),
          401: problemResponse('Missing or wrong operator token'),
          409: problemResponse('The directory is not empty, or the backup could not be completed'),
        },
      },
    },
    async (request, reply) => {
      try {
        const manifest = await takeBackup({
          db: ctx.db,
          dataDir: ctx.config.dataDir,
          target: request.body.target,
          now: new Date(ctx.clock().epochMilliseconds),
        });
        request.log.info({ tables: manifest.tables.length }, 'backup written for the operator');
        return reply.code(201).send({
          createdAt: manifest.createdAt,
          schema: manifest.migrations.at(-1)!,
          tables: manifest.tables.length,
          rows: manifest.tables.reduce((sum, t) => sum + t.rows, 0),
          files: manifest.files.length,
          notIncluded: manifest.notIncluded,
        });
      } catch (error) {
        if (error instanceof BackupError) throw new HttpProblem(409, 'Conflict', error.message);
        throw error;
      }
    },
  );
};
