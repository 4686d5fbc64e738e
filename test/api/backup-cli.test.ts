import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKUP_EXIT } from '../../src/server/backup/cli';
import { openDatabase } from '../../src/server/db/open';
import { openTestDb, postgresReachable, type TestDb } from '../support/db';
import { runScript } from '../support/run-script';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { scratchDir } from './backup-fixtures';
import { OPERATOR_TOKEN, operatorEnv } from './operator-fixtures';

const postgresUp = await postgresReachable();
const SCRIPT = 'scripts/backup-restore.ts';
const backupCli = (env: Record<string, string>, ...args: string[]) =>
  runScript(SCRIPT, ['backup', ...args], env);
const restoreCli = (env: Record<string, string>, ...args: string[]) =>
  runScript(SCRIPT, ['restore', ...args], env);

// Each run is a process of its own that compiles TypeScript on the fly.
describe('npm run backup / npm run restore', { timeout: 240_000 }, () => {
  let root: string;
  beforeAll(async () => {
    root = await scratchDir('backup-cli');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('says how to call them, and refuses an embedded database another process holds', async () => {
    const usage = await backupCli({ DATA_DIR: join(root, 'unused') });
    expect(usage.code).toBe(BACKUP_EXIT.usage);
    expect(usage.stderr).toMatch(/Usage: npm run backup -- <new or empty directory>/);

    const dataDir = join(root, 'held');
    const held = await openDatabase({ dataDir });
    try {
      const refused = await backupCli({ DATA_DIR: dataDir }, join(root, 'never'));
      expect(refused.code, refused.stderr).toBe(BACKUP_EXIT.refused);
      expect(refused.stderr).toMatch(new RegExp(`backup refused: .*is open in process ${process.pid}`));
    } finally {
      await held.close();
    }
  });

  it('has the running server write the backup of the embedded database it holds (operator API)', async () => {
    const server = await startTestServer('pglite', { listen: true, env: operatorEnv });
    const dataDir = join(root, 'running');
    // As on a real trial: the server's process holds DATA_DIR, so the command cannot open it.
    const held = await openDatabase({ dataDir });
    try {
      await createTestTenant(server, 'Gemeinde Laufend');
      const env = { DATA_DIR: dataDir, PORT: new URL(server.baseUrl).port, OPERATOR_TOKEN };
      const target = join(root, 'via-server');
      const written = await backupCli(env, target);
      expect(written.code, written.stderr).toBe(BACKUP_EXIT.ok);
      expect(written.stdout).toMatch(
        /^Backup written by the running server to .*via-server: \d+ tables \(\d+ rows\)/,
      );
      expect(written.stdout).toContain('Not in the backup, by design');
      const again = await backupCli(env, target);
      expect(again.code).toBe(BACKUP_EXIT.refused);
      expect(again.stderr).toMatch(/refused the backup \(409\): .*is not empty/);
      const relative = await server.app.inject({
        method: 'POST',
        url: '/api/operator/backups',
        headers: { authorization: `Bearer ${OPERATOR_TOKEN}` },
        payload: { target: 'relative/dir' },
      });
      expect(relative.statusCode).toBe(400);
      expect(relative.json().errors).toEqual([{ field: 'body.target', message: 'an absolute path' }]);
    } finally {
      await held.close();
      await server.close();
    }
  });

  it.skipIf(!postgresUp)(
    'backs up PostgreSQL while the server runs, restores into an empty database once, and names the keys that travel apart',
    async () => {
      const server = await startTestServer('postgres');
      const target = await openTestDb('postgres', { bare: true });
      try {
        await createTestTenant(server, 'Landkreis Sicherung');
        await backUpAndRestore(server, target);
      } finally {
        await server.close();
        await target.dispose();
      }
    },
  );

  async function backUpAndRestore(server: TestServer, target: TestDb) {
    const backupDir = join(root, 'pg-backup');
    const source = { DATABASE_URL: server.databaseUrl!, DATA_DIR: server.ctx.config.dataDir };
    const backup = await backupCli(source, backupDir);
    expect(backup.code, backup.stderr).toBe(BACKUP_EXIT.ok);
    expect(backup.stdout).toMatch(
      /^Backup of the PostgreSQL database amtsraum_test_\w+ written to .*: \d+ tables/,
    );
    expect(backup.stdout).toContain('Not in the backup, by design: LINK_SECRET, FILE_MASTER_KEY, AUDIT_KEY.');
    for (const secret of [server.ctx.config.linkSecret!, server.ctx.config.files.masterKey!]) {
      expect(backup.stdout).not.toContain(secret);
    }

    const into = { DATABASE_URL: target.url!, DATA_DIR: join(root, 'pg-restored') };
    const restored = await restoreCli(into, backupDir);
    expect(restored.code, restored.stderr).toBe(BACKUP_EXIT.ok);
    expect(restored.stdout).toMatch(/^Restored .* into the PostgreSQL database amtsraum_test_\w+\./);
    const [tenant] = await target.db.query<{ name: string }>(
      `SELECT name FROM tenants WHERE name = 'Landkreis Sicherung'`,
    );
    expect(tenant?.name).toBe('Landkreis Sicherung');

    const again = await restoreCli(into, backupDir);
    expect(again.code).toBe(BACKUP_EXIT.refused);
    expect(again.stderr).toMatch(/^restore refused: the target database is not empty/);
  }
});
