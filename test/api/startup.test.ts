import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestDb, postgresReachable, type TestDb } from '../support/db';
import { startMain } from '../support/main-process';

const postgresUp = await postgresReachable();
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
});

// Each start compiles TypeScript on the fly and creates a PGlite database: slow on two busy cores.
describe('starting Amtsraum', { timeout: 120_000 }, () => {
  it('starts on the embedded database with the demo authority, whose printed administrator password is accepted', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'amtsraum-start-'));
    try {
      const server = startMain({ DATA_DIR: dataDir });
      children.push(server.child);
      const [, email, password] = await server.until(/admin\s+(\S+@\S+)\s+(\S+)/);
      const [, url] = await server.until(/Server listening at (http:\/\/127\.0\.0\.1:\d+)/);
      expect((await fetch(`${url}/readyz`)).status).toBe(200);
      const tenant = await fetch(`${url}/api/public/tenants/musterstadt`);
      const offices: { slug: string; name: string }[] = (await tenant.json()).offices;
      expect(offices.map((o) => o.slug).sort()).toEqual(['auslaenderbehoerde', 'bauamt', 'buergeramt']);
      // Written out per office: "Virtuelles Ausländerbehörde" was a prefix glued to every unit's name.
      expect(offices.map((o) => o.name).sort()).toEqual([
        'Virtuelle Ausländerbehörde',
        'Virtuelles Bauamt',
        'Virtuelles Bürgeramt',
      ]);
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      // The password is right; an administrator sets up an authenticator app before getting in.
      expect(login.status).toBe(200);
      expect(await login.json()).toEqual({ next: 'enrol' });
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
      // Data stays in DATA_DIR: a second start finds it and prints no new accounts.
      const again = startMain({ DATA_DIR: dataDir });
      children.push(again.child);
      await again.until(/Server listening at/);
      expect(again.output()).not.toMatch(/Demo staff accounts/);
      again.child.kill('SIGTERM');
      await again.exited;
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('stops with a message naming a wrong variable', async () => {
    const server = startMain({ PORT: 'achtzig' });
    expect(await server.exited).toBe(2);
    expect(server.output()).toMatch(/PORT:/);
  });

  it.skipIf(!postgresUp)('applies the migrations to a real PostgreSQL named by DATABASE_URL', async () => {
    const database: TestDb = await openTestDb('postgres');
    const scratch = mkdtempSync(join(tmpdir(), 'amtsraum-start-pg-'));
    // openTestDb migrated it already; drop that to see main.ts migrate an empty database itself.
    await database.db.exec('DROP SCHEMA public CASCADE; CREATE SCHEMA public;');
    try {
      // DATA_DIR of its own: the trial's generated secrets go beside it, never into the repository.
      const server = startMain({
        DATABASE_URL: database.url!,
        DEMO_DATA: 'false',
        DATA_DIR: join(scratch, 'data'),
      });
      children.push(server.child);
      await server.until(/Server listening at/);
      const applied = await database.db.query<{ name: string }>(
        'SELECT name FROM schema_migrations ORDER BY name',
      );
      expect(applied.map((m) => m.name)).toContain('0001_foundation.sql');
      server.child.kill('SIGTERM');
      await server.exited;
    } finally {
      await database.dispose();
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
