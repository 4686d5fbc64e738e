import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../db/client';
import { appliedMigrations } from '../db/migrate';
import { dumpSequences, dumpTables, PORTABLE_TEXT_SETTINGS } from './dump-database';
import { isMissingOrEmpty } from './empty-dir';
import { BACKUP_FORMAT, BackupError, MANIFEST_FILE, type Manifest, SEPARATE_SECRETS } from './manifest';
import { backUpSharedFiles } from './shared-files';

export interface BackupOptions {
  /** The running installation's database (PGlite or PostgreSQL). */
  db: Db;
  /** Its DATA_DIR, where the encrypted shared files lie. */
  dataDir: string;
  /** A new or empty directory to write the backup into. */
  target: string;
  /** The instant recorded as the backup's time (the app clock). */
  now: Date;
}

/**
 * Backs up a running installation: every table in one REPEATABLE READ, READ ONLY transaction (one
 * snapshot: a change is in it whole or not at all, and on PostgreSQL nobody waits for it), the shared
 * files its rows name, and last the manifest with the checksums. No secret goes in (see manifest.ts).
 */
export async function takeBackup({ db, dataDir, target, now }: BackupOptions): Promise<Manifest> {
  if (!(await isMissingOrEmpty(target))) {
    throw new BackupError(`${target} is not empty: give a new or empty directory for the backup`);
  }
  await mkdir(join(target, 'database'), { recursive: true, mode: 0o700 });
  try {
    const manifest = await db.transaction(async (tx): Promise<Manifest> => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      for (const setting of PORTABLE_TEXT_SETTINGS) await tx.query(setting);
      const migrations = await appliedMigrations(tx);
      if (migrations.length === 0)
        throw new BackupError('the database has no schema yet: nothing to back up');
      return {
        format: BACKUP_FORMAT,
        createdAt: now.toISOString(),
        source: db.kind,
        migrations,
        tables: await dumpTables(tx, target),
        sequences: await dumpSequences(tx),
        files: await backUpSharedFiles(tx, dataDir, target),
        notIncluded: SEPARATE_SECRETS,
      };
    });
    // Written last: a directory without its manifest is recognisably an unfinished backup.
    await writeFile(join(target, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`, {
      flag: 'wx',
      mode: 0o600,
    });
    return manifest;
  } catch (error) {
    // The directory was empty before: what is in it now is this attempt's half.
    await rm(join(target, 'database'), { recursive: true, force: true });
    await rm(join(target, 'files'), { recursive: true, force: true });
    throw error;
  }
}
