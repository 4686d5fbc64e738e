import { join, relative, sep } from 'node:path';
import type { Queryable } from '../db/client';
import { filePath } from '../modules/consultations/file-store';
import { copyWithDigest } from './digest';
import { BackupError, type Manifest } from './manifest';

/**
 * Copies the encrypted bytes of every shared file the snapshot's rows name, as they are (still
 * encrypted: the backup never holds a file in the clear). An upload writes its file before its row
 * commits, and a deletion removes the file after its row's deletion commits, so each file a snapshot
 * names exists unless it was deleted after the snapshot was taken.
 */
export async function backUpSharedFiles(tx: Queryable, dataDir: string, target: string) {
  const rows = await tx.query<{ tenantId: string; id: string }>(
    `SELECT tenant_id::text AS "tenantId", id::text AS id FROM consultation_files ORDER BY tenant_id, id`,
  );
  const copied: Manifest['files'] = [];
  for (const { tenantId, id } of rows) {
    const from = filePath(dataDir, tenantId, id);
    const path = relative(dataDir, from).split(sep).join('/');
    try {
      copied.push({ path, ...(await copyWithDigest(from, join(target, path))) });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      throw new BackupError(
        `${path} was deleted while the backup ran (retention or an erasure removed it after the snapshot): run the backup again`,
      );
    }
  }
  return copied;
}

/** Puts the backup's files where DATA_DIR keeps them, checking each copy against the manifest again. */
export async function restoreSharedFiles(source: string, dataDir: string, files: Manifest['files']) {
  for (const file of files) {
    const copied = await copyWithDigest(join(source, file.path), join(dataDir, file.path));
    if (copied.sha256 !== file.sha256) throw new BackupError(`${file.path} changed while it was restored`);
  }
}
