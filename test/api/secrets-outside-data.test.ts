import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { openPglite, type PgliteDb } from '../../src/server/db/client';
import { serviceRepository } from '../../src/server/modules/admin/services';
import {
  decryptFile,
  encryptFile,
  loadFileMasterKey,
} from '../../src/server/modules/consultations/file-store';
import { loadInstanceSecrets } from '../../src/server/security/instance-secrets';
import { createLinkTokens } from '../../src/server/security/link-tokens';
import { openTestDb } from '../support/db';
import { citizenPost } from '../support/proof-of-work';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { serviceBody } from './fixtures';
import { agentFor, openOffice } from './visits-fixtures';

/** Wednesday 2 December 2026, 10:00 in Berlin: a week after the fixed test clock. */
const SLOT = '2026-12-02T09:00:00Z';

const scratch = mkdtempSync(join(tmpdir(), 'amtsraum-secrets-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
/** A trial configuration whose secrets and anchors live in directories of this test only. */
const trialEnv = (name: string) => ({
  LOG_LEVEL: 'silent',
  DEMO_DATA: 'false',
  DATA_DIR: join(scratch, name, 'data'),
  SECRETS_DIR: join(scratch, name, 'secrets'),
  AUDIT_ANCHOR_FILE: join(scratch, name, 'anchors.jsonl'),
  POW_COST: '1',
  POW_ATTEMPTS: '1',
  RATE_LIMIT_FACTOR: '1000',
});

describe('secrets outside the database (trial installation)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite', { env: trialEnv('live') });
  });
  afterAll(() => server.close());

  it('a copy of the database forges no manage link and decrypts no file', async () => {
    // A booked appointment with its manage link, and a file encrypted with the master key.
    const tenant = await createTestTenant(server);
    const office = await openOffice(server, tenant, 'kopie');
    const service = await serviceRepository(server.ctx).create(tenant.tenantId, {
      ...serviceBody(tenant.unitId),
      durationMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      intakeFields: [],
    });
    await agentFor(server, tenant, [office.id]);
    const booked = await citizenPost(
      server.app,
      `/api/public/tenants/${tenant.slug}/services/${service.id}/appointments`,
      { start: SLOT, name: 'Erika Mustermann', email: 'erika@example.org', intake: {}, consent: true },
    );
    expect(booked.statusCode).toBe(201);
    const { appointmentId, manageUrl } = booked.json() as { appointmentId: string; manageUrl: string };
    const manage = (token: string) =>
      server.app.inject({ url: '/api/public/appointment', headers: { authorization: `Bearer ${token}` } });
    expect((await manage(manageUrl.split('#')[1]!)).statusCode).toBe(200);
    const masterKey = await loadFileMasterKey(server.ctx.db, server.ctx.config.files.masterKey);
    const fileId = '3f1d2c4b-0000-4000-8000-000000000001';
    const encrypted = encryptFile(masterKey, fileId, Buffer.from('Mietvertrag, Seite 1'));

    // The secrets are in SECRETS_DIR (0600), nowhere in the database's files.
    const { link, files, audit } = server.ctx.config.secrets.configured;
    const secretsDir = server.ctx.config.secrets.dir;
    expect(readFileSync(join(secretsDir, 'LINK_SECRET'), 'utf8').trim()).toBe(link);
    expect(statSync(join(secretsDir, 'LINK_SECRET')).mode & 0o777).toBe(0o600);
    expect(await server.ctx.db.query('SELECT name FROM instance_secrets')).toEqual([]);
    const copy = Buffer.from(await (await (server.ctx.db as PgliteDb).dumpDataDir()).arrayBuffer());
    for (const secret of [link!, files!, audit!]) expect(copy.includes(secret)).toBe(false);

    // The thief starts Amtsraum on the copy, without the secrets directory: new secrets, useless ones.
    const stolen = await openPglite(undefined, new Blob([copy]));
    const thief = await buildApp(loadConfig(trialEnv('thief')), stolen);
    try {
      const [row] = await stolen.query<{ version: number }>(
        'SELECT link_version AS version FROM appointments WHERE id = $1',
        [appointmentId],
      );
      const forged = thief.ctx.links.token('manage', appointmentId, row?.version ?? 1);
      expect((await manage(forged)).statusCode).toBe(404);
      // Whatever the database held that looks like a secret does not open the link either.
      for (const { value } of await stolen.query<{ value: string }>('SELECT value FROM instance_secrets')) {
        expect((await manage(createLinkTokens(value).token('manage', appointmentId, 1))).statusCode).toBe(
          404,
        );
      }
      const thiefKey = await loadFileMasterKey(thief.ctx.db, thief.ctx.config.files.masterKey);
      expect(() => decryptFile(thiefKey, fileId, encrypted)).toThrow();
      expect(decryptFile(masterKey, fileId, encrypted).toString()).toBe('Mietvertrag, Seite 1');
    } finally {
      await thief.app.close();
      await stolen.close();
    }
  });

  it('moves secrets an earlier version kept in the database into SECRETS_DIR once, links still working', async () => {
    const testDb = await openTestDb('pglite');
    try {
      const oldLink = randomBytes(32).toString('base64url');
      const oldFiles = randomBytes(32).toString('base64url');
      await testDb.db.query(
        `INSERT INTO instance_secrets (name, value) VALUES ('link', $1), ('files', $2), ('proof-of-work', 'p'), ('client-key', 'c')`,
        [oldLink, oldFiles],
      );
      const config = loadConfig(trialEnv('upgrade'));
      const [first, second] = await Promise.all([
        loadInstanceSecrets(testDb.db, config.secrets),
        loadInstanceSecrets(testDb.db, config.secrets),
      ]);
      expect(first).toMatchObject({ link: oldLink, files: oldFiles });
      // Two processes starting at once end with the same secrets, the generated audit key included.
      expect(second).toMatchObject({ link: oldLink, files: oldFiles, audit: first.audit });
      expect([...first.moved, ...second.moved].sort()).toContain('LINK_SECRET');
      expect(readFileSync(join(config.secrets.dir, 'FILE_MASTER_KEY'), 'utf8').trim()).toBe(oldFiles);
      expect(await testDb.db.query('SELECT name FROM instance_secrets')).toEqual([]);
      // A link mailed before the upgrade opens the same appointment after it.
      const built = await buildApp(config, testDb.db);
      try {
        expect(built.ctx.links.token('manage', 'a', 1)).toBe(
          createLinkTokens(oldLink).token('manage', 'a', 1),
        );
      } finally {
        await built.app.close();
      }
    } finally {
      await testDb.dispose();
    }
  });

  it('refuses a SECRETS_DIR of another installation rather than breaking this one’s links', async () => {
    const testDb = await openTestDb('pglite');
    try {
      await testDb.db.query(`INSERT INTO instance_secrets (name, value) VALUES ('link', $1)`, [
        randomBytes(32).toString('base64url'),
      ]);
      // 'live' is the directory of the first server above, which generated a link secret of its own.
      await expect(buildApp(loadConfig(trialEnv('live')), testDb.db)).rejects.toThrow(
        /LINK_SECRET than the one this database was created with/,
      );
    } finally {
      await testDb.dispose();
    }
  });
});
