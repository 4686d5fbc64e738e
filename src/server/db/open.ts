import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Db, openPglite, openPostgres } from './client';
import { lockEmbeddedDatabase } from './embedded-lock';

/** Where the embedded database lives inside DATA_DIR. */
export const pgliteDir = (dataDir: string) => join(dataDir, 'pglite');

/**
 * The configured database: PostgreSQL at DATABASE_URL, else the embedded PGlite under DATA_DIR, claimed
 * for this process until closed (EmbeddedDatabaseInUseError when a live process holds it).
 */
export async function openDatabase(config: { databaseUrl?: string; dataDir: string }): Promise<Db> {
  if (config.databaseUrl) return openPostgres(config.databaseUrl);
  mkdirSync(config.dataDir, { recursive: true });
  const release = await lockEmbeddedDatabase(config.dataDir);
  try {
    const db = await openPglite(pgliteDir(config.dataDir));
    return {
      ...db,
      async close() {
        await db.close();
        await release();
      },
    };
  } catch (error) {
    await release();
    throw error;
  }
}
