import type { Queryable } from '../../src/server/db/client';

/** A fingerprint per table of everything stored in it. */
export type StoredState = Record<string, string>;

/**
 * What changes by design whatever a request's answer: whole tables (a process heartbeat) or columns of
 * a table (a session's or an API key's last use), which the fingerprints leave out.
 */
export type Bookkeeping = Record<string, '*' | string[]>;

/**
 * Fingerprints of every table, to prove that a refused request stored nothing: not a row added,
 * changed or removed.
 */
export async function storedState(db: Queryable, bookkeeping: Bookkeeping) {
  const tables = (
    await db.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
    )
  )
    .map((t) => t.name)
    .filter((name) => bookkeeping[name] !== '*');
  const row = (name: string) => {
    const columns = bookkeeping[name];
    return Array.isArray(columns)
      ? `(to_jsonb(t) - ${columns.map((c) => `'${c}'`).join(' - ')})::text`
      : 't::text';
  };
  // One round trip for all tables; rows are compared as text, in a fixed order.
  const sql = tables
    .map(
      (name) =>
        `SELECT '${name}' AS name, md5(coalesce(string_agg(${row(name)}, E'\\n' ORDER BY ${row(name)}), '')) AS digest
           FROM "${name}" t`,
    )
    .join(' UNION ALL ');
  return async (): Promise<StoredState> =>
    Object.fromEntries(
      (await db.query<{ name: string; digest: string }>(sql)).map((r) => [r.name, r.digest]),
    );
}

/** The tables whose content differs between two states. */
export const changedTables = (before: StoredState, after: StoredState) =>
  Object.keys(after).filter((name) => before[name] !== after[name]);

/**
 * The stored state once it holds still: work a closed socket set off (its bookkeeping) may still be
 * landing, and must not be taken for the effect of the next message.
 */
export async function settledState(take: () => Promise<StoredState>, maxMs = 3000): Promise<StoredState> {
  const deadline = Date.now() + maxMs;
  let last = await take();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 30));
    const now = await take();
    if (changedTables(last, now).length === 0 || Date.now() > deadline) return now;
    last = now;
  }
}
