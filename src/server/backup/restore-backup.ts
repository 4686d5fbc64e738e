import { join } from 'node:path';
import type { Db } from '../db/client';
import { knownMigrations, migrate } from '../db/migrate';
import { listTables } from './catalog';
import { checkContent } from './digest';
import { isMissingOrEmpty } from './empty-dir';
import { loadDatabase } from './load-database';
import { BackupError, type Manifest, readManifest } from './manifest';
import { restoreSharedFiles } from './shared-files';

export interface RestoreOptions {
  /** The backup directory (with manifest.json). */
  source: string;
  /** A fresh database: embedded PGlite in a new DATA_DIR, or a newly created PostgreSQL database. */
  db: Db;
  /** The DATA_DIR the shared files go to; its files/ must be empty. */
  dataDir: string;
}

export interface RestoreReport {
  manifest: Manifest;
  /** Migrations newer than the backup, applied after loading it (the restore is an upgrade too). */
  upgraded: string[];
}

const SHOWN_PROBLEMS = 10;

/** Every table and file against the manifest's sizes and checksums, before anything is written. */
export async function verifyBackup(source: string): Promise<Manifest> {
  const manifest = await readManifest(source);
  const known = new Set(await knownMigrations());
  const unknown = manifest.migrations.filter((m) => !known.has(m));
  if (unknown.length > 0) {
    throw new BackupError(
      `the backup was taken by a newer Amtsraum (its schema has ${unknown.join(', ')}): restore it with that version or a later one`,
    );
  }
  const problems: string[] = [];
  for (const content of [...manifest.tables, ...manifest.files]) {
    const problem = await checkContent(join(source, content.path), content);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, SHOWN_PROBLEMS).join('\n  ');
    const more = problems.length > SHOWN_PROBLEMS ? `\n  … and ${problems.length - SHOWN_PROBLEMS} more` : '';
    throw new BackupError(`the backup is damaged; nothing was restored:\n  ${shown}${more}`);
  }
  return manifest;
}

/**
 * Restores a backup: checks it whole first, refuses a target that holds anything, rebuilds the schema
 * the backup was taken with, loads its rows, applies the migrations that came since, and puts the
 * encrypted files back. The same for PGlite and PostgreSQL in either direction.
 */
export async function restoreBackup({ source, db, dataDir }: RestoreOptions): Promise<RestoreReport> {
  const manifest = await verifyBackup(source);
  const tables = await listTables(db);
  if (tables.length > 0) {
    throw new BackupError(
      `the target database is not empty (it has ${tables.length} tables, e.g. ${tables[0]!.name}): ` +
        'restore into a newly created PostgreSQL database, or a new DATA_DIR for the embedded one',
    );
  }
  const files = join(dataDir, 'files');
  if (!(await isMissingOrEmpty(files))) {
    throw new BackupError(`${files} is not empty: restore into a new DATA_DIR`);
  }
  await migrate(db, { only: new Set(manifest.migrations) });
  await loadDatabase(db, source, manifest);
  const upgraded = await migrate(db);
  await restoreSharedFiles(source, dataDir, manifest.files);
  return { manifest, upgraded };
}
