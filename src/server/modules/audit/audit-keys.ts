import type { Db, Queryable } from '../../db/client';
import type { AuditKeys } from './audit-hash';

/** What writing and checking the audit trail needs besides the database: the key, the anchor file. */
export interface AuditBinding {
  keys: AuditKeys;
  /** The append-only file of signed chain heads, outside DATA_DIR (AUDIT_ANCHOR_FILE). */
  anchorFile: string;
}

const bindings = new WeakMap<object, AuditBinding>();

/**
 * The database handle with the audit key travelling along: recordAudit finds it on the handle, or on
 * any transaction the handle opens, so the many callers that pass `ctx.db` or a `tx` need not carry
 * the key themselves, and two servers with different keys in one process (tests) do not mix them.
 */
export function bindAudit(db: Db, binding: AuditBinding): Db {
  const bound: Db = Object.create(db, {
    transaction: {
      value: <T>(work: (tx: Queryable) => Promise<T>) =>
        db.transaction((tx) => {
          bindings.set(tx, binding);
          return work(tx);
        }),
    },
  });
  bindings.set(bound, binding);
  return bound;
}

export function auditBindingOf(db: Queryable): AuditBinding {
  const binding = bindings.get(db);
  if (!binding) {
    throw new Error('no audit key on this database handle: use ctx.db (buildApp binds AUDIT_KEY to it)');
  }
  return binding;
}
