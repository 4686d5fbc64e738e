import type { Db, Queryable } from '../../db/client';
import { checkAnchors, readAnchors } from './audit-anchors';
import {
  type AuditContent,
  auditHash,
  CHAIN_KEYED_ACTION,
  type ChainProblem,
  firstBrokenLink,
  GENESIS,
  legacyAuditHash,
  type StoredAuditEvent,
} from './audit-hash';
import { auditBindingOf } from './audit-keys';

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
 * audit event commit together. A per-authority advisory lock keeps the chain a line, not a tree. The
 * link is an HMAC with AUDIT_KEY (bound to `ctx.db`, see audit-keys.ts): without the key nobody can
 * re-hash a changed event.
 */
export async function recordAudit(db: Queryable, entry: AuditEntry) {
  const { keys } = auditBindingOf(db);
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
      auditHash(keys, prevHash, content),
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

export interface ChainVerification {
  events: number;
  /** The first event that does not hold (by its keyed hash, or against the anchors); null when intact. */
  broken: ChainProblem | null;
  anchors: {
    /** Genuine anchors of the authority that agree with the chain. */
    agreeing: number;
    /** The highest event number an agreeing anchor vouches for (0: none yet). */
    anchoredUpTo: number;
    /** Lines of the anchor file with a wrong signature or unreadable: the file was tampered with. */
    forged: number;
  };
}

/**
 * Verifies one authority's chain with the audit key and against the anchors outside the database.
 * Reports the earlier of: the first event whose keyed hash does not hold, and the first event after
 * the last anchor that still agrees with the chain.
 */
export async function verifyChain(db: Queryable, tenantId: string): Promise<ChainVerification> {
  const { keys, anchorFile } = auditBindingOf(db);
  const chain = await loadChain(db, tenantId);
  const { anchors, unreadable } = await readAnchors(anchorFile, tenantId);
  const linked = firstBrokenLink(keys, chain);
  const anchored = checkAnchors(keys, chain, anchors, unreadable);
  const broken =
    linked && (!anchored.problem || linked.seq <= anchored.problem.seq) ? linked : anchored.problem;
  const { agreeing, anchoredUpTo, forged } = anchored;
  return { events: chain.length, broken, anchors: { agreeing, anchoredUpTo, forged } };
}

/**
 * Seals chains begun before events were keyed (their head is a plain SHA-256 link): appends a keyed
 * CHAIN_KEYED_ACTION event naming the last unkeyed one, so verification accepts that prefix and
 * nothing after it. Runs at every start; a chain whose head holds under neither hash is left alone
 * (verification names it). Returns the sealed authorities.
 */
export async function sealUnkeyedChains(db: Db): Promise<{ sealed: string[]; unsealable: string[] }> {
  const { keys } = auditBindingOf(db);
  const sealed: string[] = [];
  const unsealable: string[] = [];
  const head = async (q: Queryable, tenantId?: string) =>
    (
      await q.query<Omit<StoredAuditEvent, 'at' | 'seq'> & { at: Date; seq: string }>(
        `SELECT DISTINCT ON (tenant_id) tenant_id AS "tenantId", seq, at, actor, action, object, details,
                prev_hash AS "prevHash", hash
           FROM audit_events WHERE ($1::uuid IS NULL OR tenant_id = $1) ORDER BY tenant_id, seq DESC`,
        [tenantId ?? null],
      )
    ).map((r) => ({ ...r, seq: Number(r.seq), at: r.at.toISOString() }));
  const kind = (event: StoredAuditEvent) => {
    const { prevHash, hash, ...content } = event;
    if (auditHash(keys, prevHash, content) === hash) return 'keyed';
    return legacyAuditHash(prevHash, content) === hash ? 'unkeyed' : 'broken';
  };
  for (const event of await head(db)) {
    const state = kind(event);
    if (state === 'broken') unsealable.push(event.tenantId);
    if (state !== 'unkeyed') continue;
    await db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('amtsraum.audit:' || $1))`, [event.tenantId]);
      // Another process may have sealed it meanwhile.
      const [now] = await head(tx, event.tenantId);
      if (!now || kind(now) !== 'unkeyed') return;
      await recordAudit(tx, {
        tenantId: event.tenantId,
        actor: 'system',
        action: CHAIN_KEYED_ACTION,
        details: { legacyUpTo: now.seq },
      });
      sealed.push(event.tenantId);
    });
  }
  return { sealed, unsealable };
}
