import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTables } from '../../src/server/backup/catalog';
import { BackupError, MANIFEST_FILE, type Manifest } from '../../src/server/backup/manifest';
import { restoreBackup } from '../../src/server/backup/restore-backup';
import { takeBackup } from '../../src/server/backup/take-backup';
import { appliedMigrations, knownMigrations, migrate, SchemaTooNewError } from '../../src/server/db/migrate';
import { openDatabase } from '../../src/server/db/open';
import { openTestDb, type TestDb } from '../support/db';
import { startMain } from '../support/main-process';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { appNow, scratchDir } from './backup-fixtures';

/** A copy of the backup with its manifest changed. */
async function withManifest(dir: string, change: (m: Manifest) => void) {
  const path = join(dir, MANIFEST_FILE);
  const manifest = JSON.parse(await readFile(path, 'utf8')) as Manifest;
  change(manifest);
  await writeFile(path, JSON.stringify(manifest));
}

describe('backup and restore refuse what would lose or mix data', () => {
  let server: TestServer;
  let backupDir: string;
  /** A fresh backup of the server (each case may spoil its own). */
  const backUp = async () => {
    const target = await scratchDir('backup-refusal');
    await takeBackup({ db: server.ctx.db, dataDir: server.ctx.config.dataDir, target, now: appNow(server) });
    return target;
  };
  /** One bare database that every refused restore must leave as empty as it found it. */
  let bare: TestDb;
  /** Restores into the bare database; returns the error and how many tables it holds afterwards. */
  const restoreInto = async (source: string, dataDir?: string) => {
    const error = await restoreBackup({
      source,
      db: bare.db,
      dataDir: dataDir ?? join(await scratchDir('restore-refusal'), 'data'),
    }).then(
      () => null,
      (e: unknown) => e,
    );
    return { error, tables: (await listTables(bare.db)).length };
  };

  beforeAll(async () => {
    server = await startTestServer('pglite');
    bare = await openTestDb('pglite', { bare: true });
    await createTestTenant(server);
    backupDir = await backUp();
  }, 60_000);
  afterAll(async () => {
    await server.close();
    await bare.dispose();
    await rm(backupDir, { recursive: true, force: true });
  });

  it('writes a backup only into a new or empty directory', async () => {
    await expect(
      takeBackup({
        db: server.ctx.db,
        dataDir: server.ctx.config.dataDir,
        target: backupDir,
        now: appNow(server),
      }),
    ).rejects.toThrow(/is not empty: give a new or empty directory/);
  });

  it('refuses a damaged backup before writing anything, naming the file', async () => {
    const damaged = await backUp();
    const manifest = JSON.parse(await readFile(join(damaged, MANIFEST_FILE), 'utf8')) as Manifest;
    const tenants = manifest.tables.find((t) => t.name === 'tenants')!;
    const bytes = await readFile(join(damaged, tenants.path));
    bytes[10] = bytes[10]! ^ 1;
    await writeFile(join(damaged, tenants.path), bytes);
    const { error, tables } = await restoreInto(damaged);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as Error).message).toMatch(
      /damaged; nothing was restored:\n {2}database\/tenants\.jsonl: SHA-256 differs/,
    );
    expect(tables).toBe(0);

    await rm(join(damaged, MANIFEST_FILE));
    expect(((await restoreInto(damaged)).error as Error).message).toMatch(/manifest\.json is missing/);
  });

  it('refuses a backup of a newer version, and a manifest that is no manifest', async () => {
    const newer = await backUp();
    await withManifest(newer, (m) => m.migrations.push('9999_from_the_future.sql'));
    const { error, tables } = await restoreInto(newer);
    expect((error as Error).message).toMatch(
      /taken by a newer Amtsraum \(its schema has 9999_from_the_future\.sql\)/,
    );
    expect(tables).toBe(0);

    await withManifest(newer, (m) => {
      m.migrations.pop();
      m.files.push({ path: 'files/../../etc/passwd', bytes: 1, sha256: '0'.repeat(64) });
    });
    expect(((await restoreInto(newer)).error as Error).message).toMatch(
      /files\.\d+\.path: no "\.\." in paths/,
    );
  });

  it('refuses a target that holds a database or files', async () => {
    const used = await openTestDb('pglite');
    try {
      await expect(
        restoreBackup({ source: backupDir, db: used.db, dataDir: join(await scratchDir('x'), 'data') }),
      ).rejects.toThrow(/target database is not empty .*restore into a newly created PostgreSQL database/);
    } finally {
      await used.dispose();
    }
    const dataDir = join(await scratchDir('restore-files'), 'data');
    await openDatabase({ dataDir }).then((db) => db.close());
    await writeFile(join(dataDir, 'files'), 'not a directory');
    const { error, tables } = await restoreInto(backupDir, dataDir);
    expect((error as Error).message).toMatch(/files is not empty: restore into a new DATA_DIR/);
    expect(tables).toBe(0);
  });
});

describe('a backup of an older version', { timeout: 120_000 }, () => {
  it('is restored on the schema it was taken with, then upgraded by the migrations that came since', async () => {
    const known = await knownMigrations();
    const older = await openTestDb('pglite', { bare: true });
    const target = await openTestDb('pglite', { bare: true });
    const dir = await scratchDir('backup-older');
    try {
      await migrate(older.db, { only: new Set(known.slice(0, -1)) });
      await older.db.query(`INSERT INTO tenants (slug, name) VALUES ('altstadt', 'Altstadt')`);
      const now = new Date(Date.UTC(2026, 10, 25, 9));
      const manifest = await takeBackup({
        db: older.db,
        dataDir: join(dir, 'data'),
        target: join(dir, 'b'),
        now,
      });
      expect(manifest.migrations).toEqual(known.slice(0, -1));
      const report = await restoreBackup({
        source: join(dir, 'b'),
        db: target.db,
        dataDir: join(dir, 'restored'),
      });
      expect(report.upgraded).toEqual(known.slice(-1));
      expect(await appliedMigrations(target.db)).toEqual(known);
      expect(await target.db.query('SELECT slug, name FROM tenants')).toEqual([
        { slug: 'altstadt', name: 'Altstadt' },
      ]);
    } finally {
      await older.dispose();
      await target.dispose();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a start on a newer schema', { timeout: 120_000 }, () => {
  it('stops the migration and the real start with a plain message, not a crash', async () => {
    const root = await scratchDir('newer-schema');
    const dataDir = join(root, 'data');
    try {
      const db = await openDatabase({ dataDir });
      try {
        await migrate(db);
        await db.query(`INSERT INTO schema_migrations (name) VALUES ('9999_from_the_future.sql')`);
        await expect(migrate(db)).rejects.toThrow(SchemaTooNewError);
        await expect(migrate(db)).rejects.toThrow(/holds the migration\(s\) 9999_from_the_future\.sql/);
        // Meanwhile the embedded database is this process's: a second one is refused, naming it.
        const second = startMain({ DATA_DIR: dataDir, DEMO_DATA: 'false' });
        expect(await second.exited).toBe(3);
        expect(second.output()).toContain(`is open in process ${process.pid}`);
      } finally {
        await db.close();
      }
      const server = startMain({ DATA_DIR: dataDir, DEMO_DATA: 'false' });
      expect(await server.exited).toBe(3);
      expect(server.output()).toMatch(
        /schema is newer than this version of Amtsraum.*9999_from_the_future\.sql/s,
      );
      expect(server.output()).not.toMatch(/\n\s+at /);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
