import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { loadConfig } from '../../src/server/config';
import { type Db, openPglite } from '../../src/server/db/client';
import { migrate } from '../../src/server/db/migrate';
import { EXIT } from '../../src/server/modules/operator/cli';
import { openTestDb, postgresReachable } from '../support/db';
import { runScript } from '../support/run-script';
import type { TestServer } from '../support/server';
import { sessionCookie, signIn } from './operator-fixtures';

const TIMEOUT = 240_000;

/** `npm run operator -- …` as the operator runs it: a process of its own with the server's configuration. */
const operatorCli = (env: Record<string, string>, ...args: string[]) =>
  runScript('scripts/operator.ts', args, env, TIMEOUT);

const passwordIn = (stdout: string) => stdout.match(/Password \(shown only now[^)]*\): (\S+)/)?.[1];

/** The real app on the database the CLI wrote, as the server would start on it afterwards. */
async function serverOn(db: Db, env: Record<string, string>) {
  const config = loadConfig({ LOG_LEVEL: 'silent', DEMO_DATA: 'false', ...env });
  const built = await buildApp(config, db);
  await built.app.ready();
  return { app: built.app, ctx: built.ctx, routes: built.routes } as unknown as TestServer;
}

describe('operator CLI (child processes)', () => {
  let root: string;
  let env: Record<string, string>;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'amtsraum-operator-'));
    // Secrets and audit anchors go beside DATA_DIR, so inside this directory too.
    env = { DATA_DIR: join(root, 'data') };
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it(
    'refuses bad input with exit code 2 and a message naming the option, before opening the database',
    async () => {
      const invalid = await operatorCli(
        env,
        'authority:create',
        '--slug',
        'Landkreis!',
        '--name',
        'X',
        '--admin-email',
        'a@b.de',
      );
      expect(invalid.code).toBe(EXIT.usage);
      expect(invalid.stderr).toMatch(/--slug: lower-case letters/);
      const reserved = await operatorCli(env, 'authority:disable', 'admin', '--json');
      expect(reserved.code).toBe(EXIT.usage);
      expect(JSON.parse(reserved.stderr)).toMatchObject({ error: { kind: 'invalid-input', field: 'slug' } });
      const unknown = await operatorCli(env, 'authority:delete', 'x');
      expect(unknown.code).toBe(EXIT.usage);
      expect(unknown.stderr).toMatch(/unknown command "authority:delete"/);
      const noEmail = await operatorCli(env, 'authority:create', '--slug', 'ok', '--name', 'X');
      expect(noEmail.code).toBe(EXIT.usage);
      expect(noEmail.stderr).toMatch(/--admin-email/);
      const help = await operatorCli(env, 'help');
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/authority:create/);
    },
    TIMEOUT,
  );

  it(
    'creates a second authority and its first administrator on PGlite, lists, disables and enables it',
    async () => {
      const first = await operatorCli(
        env,
        'authority:create',
        '--slug',
        'musterstadt',
        '--name',
        'Stadt Musterstadt',
        '--admin-email',
        'admin@musterstadt.example',
      );
      expect(first.code, first.stderr).toBe(0);
      const created = await operatorCli(
        env,
        'authority:create',
        '--slug',
        'landkreis-beispiel',
        '--name',
        'Landkreis Beispiel',
        '--admin-email',
        'a@landkreis-beispiel.example',
        '--admin-name',
        'Anna Admin',
        '--holiday-state',
        'NW',
      );
      expect(created.code, created.stderr).toBe(0);
      expect(created.stdout).toMatch(/Authority created: landkreis-beispiel – Landkreis Beispiel/);
      expect(created.stdout).toMatch(/\/landkreis-beispiel\n/);
      const password = passwordIn(created.stdout);
      expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);

      const taken = await operatorCli(
        env,
        'authority:create',
        '--slug',
        'landkreis-beispiel',
        '--name',
        'X',
        '--admin-email',
        'x@example.org',
        '--json',
      );
      expect(taken.code).toBe(EXIT.conflict);
      expect(JSON.parse(taken.stderr)).toMatchObject({ error: { kind: 'slug-taken', field: 'slug' } });
      const unknown = await operatorCli(env, 'authority:disable', 'gibt-es-nicht');
      expect(unknown.code).toBe(EXIT.unknownAuthority);
      expect(unknown.stderr).toMatch(/No authority "gibt-es-nicht"/);

      const disabled = await operatorCli(env, 'authority:disable', 'landkreis-beispiel', '--json');
      expect(disabled.code, disabled.stderr).toBe(0);
      expect(JSON.parse(disabled.stdout)).toMatchObject({ changed: true, authority: { status: 'disabled' } });
      const listed = await operatorCli(env, 'authority:list', '--json');
      expect(listed.code, listed.stderr).toBe(0);
      const authorities = JSON.parse(listed.stdout).authorities;
      expect(authorities.map((a: { slug: string; status: string }) => [a.slug, a.status])).toEqual([
        ['landkreis-beispiel', 'disabled'],
        ['musterstadt', 'active'],
      ]);
      expect(authorities[0]).toMatchObject({ name: 'Landkreis Beispiel', holidayState: 'NW', staffCount: 1 });
      const enabled = await operatorCli(env, 'authority:enable', 'landkreis-beispiel');
      expect(enabled.code, enabled.stderr).toBe(0);
      expect(enabled.stdout).toMatch(/^Enabled: landkreis-beispiel/);
      const human = await operatorCli(env, 'authority:list');
      expect(human.stdout).toMatch(/^landkreis-beispiel – Landkreis Beispiel \(active, 1 staff/m);

      // The server then starts on that data directory: the administrator's password works.
      const db = await openPglite(join(env.DATA_DIR!, 'pglite'));
      try {
        await migrate(db);
        const server = await serverOn(db, env);
        try {
          const login = await signIn(server, 'a@landkreis-beispiel.example', password!);
          expect(login.passwordAccepted, `sign-in answered ${login.status}`).toBe(true);
          const [admin] = await db.query<{ id: string }>('SELECT id FROM staff WHERE email = $1', [
            'a@landkreis-beispiel.example',
          ]);
          const me = await server.app.inject({
            url: '/api/auth/me',
            headers: { cookie: await sessionCookie(server, admin!.id) },
          });
          expect(me.json()).toMatchObject({
            displayName: 'Anna Admin',
            role: 'admin',
            tenant: { slug: 'landkreis-beispiel' },
          });
          expect(
            (await server.app.inject({ url: '/api/public/tenants/landkreis-beispiel' })).statusCode,
          ).toBe(200);
          const audit = await db.query<{ actor: string; action: string }>(
            `SELECT e.actor, e.action FROM audit_events e JOIN tenants t ON t.id = e.tenant_id
              WHERE t.slug = 'landkreis-beispiel' ORDER BY e.seq`,
          );
          expect(audit.filter((e) => e.actor === 'operator:cli').map((e) => e.action)).toEqual([
            'tenant.created',
            'tenant.disabled',
            'tenant.enabled',
          ]);
        } finally {
          await server.app.close();
        }
      } finally {
        await db.close();
      }
    },
    TIMEOUT * 3,
  );

  it(
    'provisions on the real PostgreSQL (DATABASE_URL) the same way',
    async (context) => {
      if (!(await postgresReachable())) return context.skip();
      const testDb = await openTestDb('postgres');
      try {
        const pgEnv = { ...env, DATABASE_URL: testDb.url! };
        const created = await operatorCli(
          pgEnv,
          'authority:create',
          '--slug',
          'amt-pg',
          '--name',
          'Amt PG',
          '--admin-email',
          'admin@amt-pg.example',
          '--json',
        );
        expect(created.code, created.stderr).toBe(0);
        const { authority, admin } = JSON.parse(created.stdout);
        expect(authority).toMatchObject({ slug: 'amt-pg', status: 'active', staffCount: 1 });
        const server = await serverOn(testDb.db, pgEnv);
        try {
          const login = await signIn(server, admin.email, admin.password);
          expect(login.passwordAccepted, `sign-in answered ${login.status}`).toBe(true);
        } finally {
          await server.app.close();
        }
      } finally {
        await testDb.dispose();
      }
    },
    TIMEOUT,
  );
});
