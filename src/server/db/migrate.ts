import { readdir, readFile } from 'node:fs/promises';
import type { Db, Queryable } from './client';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/**
 * The database holds migrations this code does not know: a newer Amtsraum upgraded it. Running older
 * code on it could write rows the newer schema forbids or miss columns it relies on, so the start stops.
 */
export class SchemaTooNewError extends Error {
  constructor(readonly unknown: string[]) {
    super(
      `The database schema is newer than this version of Amtsraum: it holds the migration(s) ${unknown.join(', ')}, ` +
        'which this version does not know (a newer version upgraded it). Start that newer version instead; ' +
        'to go back to this one, restore a backup taken before the upgrade (README "Backup and restore").',
    );
  }
}

/** Every migration this code carries, in the order they apply. */
export async function knownMigrations(): Promise<string[]> {
  return (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
}

/** The migrations applied to the database, in name order (none on an empty database). */
export async function appliedMigrations(db: Queryable): Promise<string[]> {
  const [exists] = await db.query<{ present: boolean }>(
    `SELECT to_regclass('schema_migrations') IS NOT NULL AS present`,
  );
  if (!exists?.present) return [];
  const rows = await db.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
  return rows.map((r) => r.name);
}

/** Throws SchemaTooNewError when the database holds a migration outside `known`. */
export async function refuseNewerSchema(db: Queryable, known: readonly string[]) {
  const knownSet = new Set(known);
  const unknown = (await appliedMigrations(db)).filter((name) => !knownSet.has(name));
  if (unknown.length > 0) throw new SchemaTooNewError(unknown);
}

/**
 * Applies every not yet applied migrations/*.sql in name order, each in its own transaction; `only`
 * limits them to those names (a restore first rebuilds the schema its backup was taken with).
 */
export async function migrate(db: Db, options: { only?: ReadonlySet<string> } = {}): Promise<string[]> {
  const files = await knownMigrations();
  await refuseNewerSchema(db, files);
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const applied: string[] = [];
  for (const name of files) {
    if (options.only && !options.only.has(name)) continue;
    const sql = await readFile(new URL(name, MIGRATIONS_DIR), 'utf8');
    const didApply = await db.transaction(async (tx) => {
      // Several server processes may start at once: one applies, the others wait and skip.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('amtsraum.migrate'))`);
      const done = await tx.query('SELECT 1 FROM schema_migrations WHERE name = $1', [name]);
      if (done.length > 0) return false;
      await tx.exec(sql);
      await tx.query('INSERT INTO schema_migrations (name) VALUES ($1)', [name]);
      return true;
    });
    if (didApply) applied.push(name);
  }
  return applied;
}
