import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPglite } from '../../src/server/db/client';
import { migrate } from '../../src/server/db/migrate';

/** Where the migrated template lies for this run; test files read it (test/support/db.ts). */
export const PGLITE_TEMPLATE_ENV = 'AMTSRAUM_TEST_PGLITE_TEMPLATE';

/**
 * vitest globalSetup: one migrated PGlite data directory for the whole run. Creating a PGlite runs
 * initdb (≈ 3–4 s on this machine) while loading a dumped directory takes ≈ 1 s, and about a hundred
 * test files each open one.
 */
export default async function setup() {
  const db = await openPglite();
  await migrate(db);
  const dir = await mkdtemp(join(tmpdir(), 'amtsraum-pglite-'));
  const file = join(dir, 'migrated.tar');
  await writeFile(file, Buffer.from(await (await db.dumpDataDir()).arrayBuffer()));
  await db.close();
  process.env[PGLITE_TEMPLATE_ENV] = file;
  return () => rm(dir, { recursive: true, force: true });
}
