import { readdir, readFile } from 'node:fs/promises';
import type { Db } from './client';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

/** Applies every not yet applied migrations/*.sql in name order, each in its own transaction. */
export async function migrate(db: Db): Promise<string[]> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
    name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const files = (await readdir(MIGRATIONS_DIR)).filter((f) => f.endsWith('.sql')).sort();
  const applied: string[] = [];
  for (const name of files) {
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
