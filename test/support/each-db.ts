import { describe } from 'vitest';
import { DB_KINDS, type DbKind, postgresReachable } from './db';

const postgresUp = await postgresReachable();
if (!postgresUp)
  console.warn('PostgreSQL at 127.0.0.1:5432 is not reachable: its integration tests are skipped');

/** Runs a suite once on embedded PGlite and once on the real PostgreSQL (when it answers). */
export function describeEachDb(name: string, suite: (kind: DbKind) => void) {
  for (const kind of DB_KINDS) {
    describe.skipIf(kind === 'postgres' && !postgresUp)(`${name} [${kind}]`, () => suite(kind));
  }
}
