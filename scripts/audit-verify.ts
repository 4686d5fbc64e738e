/**
 * `npm run audit:verify`: checks the audit chain of every authority in the configured database
 * (DATABASE_URL, or the embedded one in DATA_DIR) and names the first broken link. Exit code 1 if any.
 */
import { loadConfig } from '../src/server/config';
import { openPglite, openPostgres } from '../src/server/db/client';
import { verifyChain } from '../src/server/modules/audit/audit-log';

const config = loadConfig();
const db = config.databaseUrl
  ? openPostgres(config.databaseUrl)
  : await openPglite(`${config.dataDir}/pglite`);
let broken = 0;
try {
  const tenants = await db.query<{ id: string; slug: string }>('SELECT id, slug FROM tenants ORDER BY slug');
  for (const tenant of tenants) {
    const result = await verifyChain(db, tenant.id);
    if (result.broken) {
      broken++;
      console.log(
        `${tenant.slug}: BROKEN at event ${result.broken.seq} (${result.broken.problem}) of ${result.events}`,
      );
    } else {
      console.log(`${tenant.slug}: ${result.events} events, chain intact`);
    }
  }
} finally {
  await db.close();
}
process.exit(broken > 0 ? 1 : 0);
