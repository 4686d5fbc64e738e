import type { Db, Queryable } from '../../db/client';
import { type AuditContent, auditHash, firstBrokenLink, GENESIS, type StoredAuditEvent } from './audit-hash';

export interface AuditEntry {
  tenantId: string;
  actor: string;
  action: string;
  object?: string | null;
  /** Ids and codes only: no names, e-mail addresses or phone numbers. */
  details?: Record<string, unknown>;
}

/**
 * Appends to the authority's chain inside the caller's transaction (or its own), so an action and its
 * audit event commit together. A per-authority advisory lock keeps the chain a line, not a tree.
 */
export async function recordAudit(db: Queryable, entry: AuditEntry) {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('amtsraum.audit:' || $1))`, [entry.tenantId]);
  const [last] = await db.query<{ seq: string; hash: string }>(
    'SELECT seq, hash FROM audit_events WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1',
    [entry.tenantId],
  );
  const content: AuditContent = {
    tenantId: entry.tenantId,
    seq: last ? Number(last.seq) + 1 : 1,
    at: new Date().toISOString(),
    actor: entry.actor,
    action: entry.action,
    object: entry.object ?? null,
    details: entry.details ?? {},
  };
  const prevHash = last?.hash ?? GENESIS;
  await db.query(
    `INSERT INTO audit_events (tenant_id, seq, at, actor, action, object, details, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [
      content.tenantId,
      content.seq,
      content.at,
      content.actor,
      content.action,
      content.object,
      JSON.stringify(content.details),
      prevHash,
      auditHash(prevHash, content),
    ],
  );
}

/** Records in a transaction of its own, for actions that have none (sign-in). */
export const recordAuditNow = (db: Db, entry: AuditEntry) => db.transaction((tx) => recordAudit(tx, entry));

export async function loadChain(db: Queryable, tenantId: string): Promise<StoredAuditEvent[]> {
  const rows = await db.query<Omit<StoredAuditEvent, 'at' | 'seq'> & { at: Date; seq: string }>(
    `SELECT tenant_id AS "tenantId", seq, at, actor, action, object, details, prev_hash AS "prevHash", hash
       FROM audit_events WHERE tenant_id = $1 ORDER BY seq`,
    [tenantId],
  );
  return rows.map((r) => ({ ...r, seq: Number(r.seq), at: r.at.toISOString() }));
}

/** Verifies one authority's chain; null when intact. */
export async function verifyChain(db: Queryable, tenantId: string) {
  const chain = await loadChain(db, tenantId);
  return { events: chain.length, broken: firstBrokenLink(chain) };
}
