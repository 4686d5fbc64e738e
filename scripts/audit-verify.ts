/**
 * `npm run audit:verify`: checks the audit chain of every authority in the configured database
 * (DATABASE_URL, or the embedded one in DATA_DIR) with AUDIT_KEY and against the signed anchors in
 * AUDIT_ANCHOR_FILE, and names the first event that does not hold. Exit code 1 if any. Changes nothing.
 */
import { ConfigError, loadConfig } from '../src/server/config';
import type { Db } from '../src/server/db/client';
import { EmbeddedDatabaseInUseError } from '../src/server/db/embedded-lock';
import { openDatabase } from '../src/server/db/open';
import { deriveAuditKeys } from '../src/server/modules/audit/audit-hash';
import { bindAudit } from '../src/server/modules/audit/audit-keys';
import { verifyChain } from '../src/server/modules/audit/audit-log';
import { readInstanceSecret } from '../src/server/security/instance-secrets';

let config: ReturnType<typeof loadConfig>;
let auditKey: string;
try {
  config = loadConfig();
  auditKey = await readInstanceSecret(config.secrets, 'audit');
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(2);
}
let raw: Db;
try {
  raw = await openDatabase(config);
} catch (error) {
  // The trial's server holds its embedded database: say so rather than crash.
  if (!(error instanceof EmbeddedDatabaseInUseError)) throw error;
  console.error(error.message);
  process.exit(2);
}
const db = bindAudit(raw, { keys: deriveAuditKeys(auditKey), anchorFile: config.auditAnchorFile });
let broken = 0;
try {
  const tenants = await db.query<{ id: string; slug: string }>('SELECT id, slug FROM tenants ORDER BY slug');
  for (const tenant of tenants) {
    const result = await verifyChain(db, tenant.id);
    const anchored = result.anchors.anchoredUpTo;
    if (result.broken) {
      broken++;
      const detail = 'detail' in result.broken && result.broken.detail ? `: ${result.broken.detail}` : '';
      console.log(
        `${tenant.slug}: BROKEN at event ${result.broken.seq} (${result.broken.problem}) of ${result.events}${detail}`,
      );
    } else {
      console.log(
        `${tenant.slug}: ${result.events} events, chain intact, ` +
          (anchored > 0 ? `anchored up to event ${anchored}` : 'no anchor yet'),
      );
    }
    if (result.anchors.forged > 0) {
      broken++;
      console.log(
        `${tenant.slug}: ${result.anchors.forged} lines of ${config.auditAnchorFile} are no genuine anchor (wrong signature or unreadable)`,
      );
    }
  }
} finally {
  await db.close();
}
process.exit(broken > 0 ? 1 : 0);
