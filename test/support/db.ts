import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { type Db, openPglite, openPostgres } from '../../src/server/db/client';
import { migrate } from '../../src/server/db/migrate';
import { PGLITE_TEMPLATE_ENV } from './pglite-template';

export const POSTGRES_ADMIN_URL =
  process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Whether the real PostgreSQL answers; CI on this machine has one, a laptop may not. */
export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL, connectionTimeoutMillis: 1500 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

export const DB_KINDS = ['pglite', 'postgres'] as const;
export type DbKind = (typeof DB_KINDS)[number];

export interface TestDb {
  db: Db;
  /** The connection string of a real PostgreSQL database, for tests that start a server process. */
  url?: string;
  dispose(): Promise<void>;
}

/**
 * A migrated, empty database of its own: in-memory PGlite, or a fresh database on the real server;
 * `bare`: without even the schema (a restore's target).
 */
export async function openTestDb(kind: DbKind, { bare = false } = {}): Promise<TestDb> {
  if (kind === 'pglite' && bare) {
    const db = await openPglite();
    return { db, dispose: () => db.close() };
  }
  if (kind === 'pglite') {
    const template = process.env[PGLITE_TEMPLATE_ENV];
    const db = await openPglite(undefined, template ? new Blob([await readFile(template)]) : undefined);
    // Without vitest's global setup (a bench, a single file run by hand) it starts empty; with it, a no-op.
    await migrate(db);
    return { db, dispose: () => db.close() };
  }
  const name = `amtsraum_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const db = openPostgres(url.toString());
  if (!bare) await migrate(db);
  return {
    db,
    url: url.toString(),
    async dispose() {
      await db.close();
      const cleanup = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
