import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readManifest } from '../../src/server/backup/manifest';
import { restoreBackup } from '../../src/server/backup/restore-backup';
import { takeBackup } from '../../src/server/backup/take-backup';
import type { Db } from '../../src/server/db/client';
import { openDatabase } from '../../src/server/db/open';
import { anchorAuditChains } from '../../src/server/modules/audit/audit-anchors';
import { verifyChain } from '../../src/server/modules/audit/audit-log';
import { openTestDb, postgresReachable } from '../support/db';
import { describeEachDb } from '../support/each-db';
import { startTestServer, type TestServer } from '../support/server';
import {
  appNow,
  FORM_TEXT,
  rowsOf,
  type Seeded,
  scratchDir,
  seedInstallation,
  serveRestored,
  snapshotRows,
  storedFormText,
} from './backup-fixtures';
import { consultationRequest, fileRequests } from './consultation-fixtures';

const postgresUp = await postgresReachable();
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** A fresh, empty restore target of each kind: the embedded database in a new DATA_DIR, or a new PostgreSQL database. */
const TARGETS = {
  'a fresh DATA_DIR (PGlite)': async () => {
    const dataDir = join(await scratchDir('restore'), 'data');
    const db = await openDatabase({ dataDir });
    return { db, dataDir, dispose: () => db.close() };
  },
  'a fresh PostgreSQL database': async () => {
    const target = await openTestDb('postgres', { bare: true });
    return { db: target.db, dataDir: join(await scratchDir('restore'), 'data'), dispose: target.dispose };
  },
} satisfies Record<string, () => Promise<{ db: Db; dataDir: string; dispose(): Promise<void> }>>;

// Each case seeds, backs up, restores (PGlite targets run initdb) and compares every table.
describeEachDb('backup and restore', (kind) => {
  let server: TestServer;
  let seeded: Seeded;
  let backupDir: string;
  let sourceRows: Record<string, string[]>;

  beforeAll(async () => {
    server = await startTestServer(kind);
    seeded = await seedInstallation(server);
    // Signed checkpoints outside the database: the restored chain must agree with them.
    await anchorAuditChains(server.ctx.db, appNow(server));
    backupDir = await scratchDir('backup');
    const started = performance.now();
    const manifest = await takeBackup({
      db: server.ctx.db,
      dataDir: server.ctx.config.dataDir,
      target: backupDir,
      now: appNow(server),
    });
    const rows = manifest.tables.reduce((sum, t) => sum + t.rows, 0);
    console.log(
      `[${kind}] backup of ${rows} rows and ${manifest.files.length} file: ${Math.round(performance.now() - started)} ms`,
    );
    sourceRows = await rowsOf(backupDir, manifest);
  }, 120_000);
  afterAll(async () => {
    await server.close();
    await rm(backupDir, { recursive: true, force: true });
  });

  it('writes a manifest with the schema version, checksums and no secret', async () => {
    const manifest = await readManifest(backupDir);
    expect(manifest.source).toBe(kind);
    expect(manifest.createdAt).toBe(appNow(server).toISOString());
    expect(manifest.migrations.at(-1)).toMatch(/^\d{4}_.+\.sql$/);
    expect(manifest.files).toEqual([
      {
        path: `files/${seeded.scene.tenant.tenantId}/${seeded.fileId}.bin`,
        bytes: expect.any(Number),
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    ]);
    expect(manifest.notIncluded).toEqual(['LINK_SECRET', 'FILE_MASTER_KEY', 'AUDIT_KEY']);
    // Every item of the seed is in it, so the comparisons below compare something.
    const count = (table: string) => sourceRows[table]?.length ?? 0;
    expect(count('appointments')).toBeGreaterThanOrEqual(1);
    expect(count('consultation_messages')).toBeGreaterThanOrEqual(2);
    expect(count('consultation_files')).toBe(1);
    expect(count('consultation_form_updates')).toBeGreaterThanOrEqual(1);
    expect(count('consultation_protocols')).toBe(1);
    expect(count('audit_events')).toBeGreaterThan(3);
    expect(sourceRows).not.toHaveProperty('instance_secrets');
    // Keys never travel inside: not in any table's rows either.
    const everything = Object.values(sourceRows).flat().join('\n');
    for (const secret of [server.ctx.config.linkSecret!, server.ctx.config.files.masterKey!]) {
      expect(everything.includes(secret)).toBe(false);
    }
  });

  for (const [name, open] of Object.entries(TARGETS)) {
    it.skipIf(name.includes('PostgreSQL') && !postgresUp)(
      `restores into ${name}: every row, file, link, protocol and the audit chain as they were`,
      { timeout: 120_000 },
      async () => {
        const target = await open();
        try {
          const started = performance.now();
          const report = await restoreBackup({ source: backupDir, db: target.db, dataDir: target.dataDir });
          console.log(`[${kind}] restore into ${name}: ${Math.round(performance.now() - started)} ms`);
          expect(report.upgraded).toEqual([]);
          const restored = await snapshotRows(target.db, target.dataDir, appNow(server));
          expect(restored.rows).toEqual(sourceRows);
          expect(restored.manifest.sequences).toEqual((await readManifest(backupDir)).sequences);
          expect(restored.manifest.files.map((f) => f.sha256)).toEqual(
            (await readManifest(backupDir)).files.map((f) => f.sha256),
          );
          expect(await storedFormText(target.db, seeded.scene.consultationId)).toBe(FORM_TEXT);
          await checkServedAsBefore(await serveRestored(target.db, target.dataDir, server));
        } finally {
          await target.dispose();
        }
      },
    );
  }

  /** The restored installation answers the citizen's and the agent's links as the original did. */
  async function checkServedAsBefore(restored: TestServer) {
    const { scene } = seeded;
    const id = scene.consultationId;
    const citizen = { token: scene.citizen.token };
    const agent = { cookie: scene.agent.cookie };
    const request = consultationRequest(restored);
    try {
      const manage = (app: TestServer['app']) =>
        app.inject({
          url: '/api/public/appointment',
          headers: { authorization: `Bearer ${seeded.manageToken}` },
        });
      const managed = await manage(restored.app);
      expect(managed.statusCode, managed.body).toBe(200);
      expect(managed.json()).toEqual((await manage(server.app)).json());

      const chat = await request(citizen, 'GET', id, '/chat');
      expect(chat.statusCode, chat.body).toBe(200);
      expect(chat.json().messages.map((m: { text: string }) => m.text)).toEqual([
        'Hier ist die Wohnungsgeberbestätigung.',
        'Danke, die liegt vor.',
      ]);

      const file = await fileRequests(restored).download(agent, id, seeded.fileId);
      expect(file.statusCode, file.body).toBe(200);
      expect(file.rawPayload.equals(seeded.pdf)).toBe(true);

      const pdf = await request(agent, 'GET', id, '/protocol.pdf');
      expect(pdf.statusCode).toBe(200);
      expect(sha256(pdf.rawPayload)).toBe(seeded.protocolSha256);

      // The chain holds with the download just audited on top, and agrees with the original's anchors.
      const chain = await verifyChain(restored.ctx.db, scene.tenant.tenantId);
      expect(chain.broken).toBeNull();
      expect(chain.anchors.anchoredUpTo).toBeGreaterThan(0);
      const ofTenant = sourceRows.audit_events!.filter((row) => row.includes(scene.tenant.tenantId));
      expect(chain.events).toBeGreaterThan(ofTenant.length);
    } finally {
      await restored.app.close();
    }
  }
});
