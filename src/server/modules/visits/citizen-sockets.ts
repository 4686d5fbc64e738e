import type { Db, Queryable } from '../../db/client';

/**
 * The database side of "is the citizen still connected": each server process keeps a row per visit
 * with the number of citizen sockets it holds, and the visit's disconnected_at says since when no
 * process holds any. Only a hello or a close writes here, never a ping.
 */

/** A process whose heartbeat is older than this counts as dead (it beats every 20 s). */
export const PROCESS_STALE_SECONDS = 90;

/**
 * Serialises everything that decides one visit's connected state, on whichever process: a hello on
 * one and a close on another must not both miss each other's row. An advisory lock rather than the
 * visit's row lock, so that a hello never makes call-next skip the citizen (FOR ... SKIP LOCKED).
 */
export async function lockCitizenSockets(tx: Queryable, visitId: string) {
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('amtsraum.citizen-sockets:' || $1))`, [visitId]);
}

/**
 * A citizen's page closed (awaySince) or came back (null), while waiting, set aside (parked, missed) or
 * called into a call.
 */
export interface CitizenFlip {
  visitId: string;
  officeId: string;
  status: 'waiting' | 'in_consultation' | 'parked' | 'missed';
  awaySince: Date | null;
}

/**
 * Sets or clears disconnected_at when it no longer matches the rows; call under lockCitizenSockets. The
 * first connection also clears a walk-in's connect_by: from then on it holds its place.
 * Returns the flip, if the citizen's state changed: a waiting one's queue shows it, a called one's call.
 */
async function settle(tx: Queryable, visitId: string): Promise<CitizenFlip | undefined> {
  const [{ connected } = { connected: false }] = await tx.query<{ connected: boolean }>(
    'SELECT EXISTS (SELECT 1 FROM citizen_sockets WHERE visit_id = $1) AS connected',
    [visitId],
  );
  const [flipped] = await tx.query<CitizenFlip>(
    `UPDATE visits SET disconnected_at = CASE WHEN $2 THEN NULL ELSE now() END,
        connect_by = CASE WHEN $2 THEN NULL ELSE connect_by END
      WHERE id = $1 AND status IN ('waiting', 'in_consultation', 'parked', 'missed')
        AND ((disconnected_at IS NULL) <> $2 OR ($2 AND connect_by IS NOT NULL))
      RETURNING id AS "visitId", office_id AS "officeId", status, disconnected_at AS "awaySince"`,
    [visitId, connected],
  );
  return flipped;
}

/** Stores how many sockets of the visit this process holds now (0: none); returns the flip, if any. */
export function recordSockets(db: Db, processId: string, visitId: string, open: number) {
  return db.transaction(async (tx) => {
    await lockCitizenSockets(tx, visitId);
    if (open > 0) {
      // Written only while both exist: a visit deleted meanwhile, or this process taken for dead (its
      // next heartbeat registers it again and rewrites every count), is no error here.
      await tx.query(
        `INSERT INTO citizen_sockets (visit_id, process_id, open_sockets)
         SELECT v.id, p.id, $3 FROM visits v, server_processes p WHERE v.id = $1 AND p.id = $2
         ON CONFLICT (visit_id, process_id) DO UPDATE SET open_sockets = excluded.open_sockets`,
        [visitId, processId, open],
      );
    } else {
      await tx.query('DELETE FROM citizen_sockets WHERE visit_id = $1 AND process_id = $2', [
        visitId,
        processId,
      ]);
    }
    return settle(tx, visitId);
  });
}

/**
 * Marks live visits (waiting, set aside or talking) without any socket row that still count as connected: those whose
 * sockets were on a process that died or shut down, and those that never said hello. Returns the flips.
 */
export async function settleUnconnected(db: Db, onlyVisitIds?: string[]): Promise<CitizenFlip[]> {
  if (onlyVisitIds?.length === 0) return [];
  const candidates = await db.query<{ id: string }>(
    `SELECT v.id FROM visits v
      WHERE v.status IN ('waiting', 'in_consultation', 'parked', 'missed') AND v.disconnected_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM citizen_sockets s WHERE s.visit_id = v.id)
        AND ($1::uuid[] IS NULL OR v.id = ANY($1::uuid[]))`,
    [onlyVisitIds ?? null],
  );
  const flips: CitizenFlip[] = [];
  for (const { id } of candidates) {
    const flip = await db.transaction(async (tx) => {
      await lockCitizenSockets(tx, id);
      return settle(tx, id);
    });
    if (flip) flips.push(flip);
  }
  return flips;
}

/** Announces a process: anew at start, or again after another process took it for dead. */
export async function registerProcess(db: Queryable, processId: string) {
  await db.query(
    'INSERT INTO server_processes (id) VALUES ($1) ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()',
    [processId],
  );
}

/** Proves the process alive; false when its row is gone (it was taken for dead meanwhile). */
export async function beatProcess(db: Queryable, processId: string): Promise<boolean> {
  const rows = await db.query('UPDATE server_processes SET heartbeat_at = now() WHERE id = $1 RETURNING id', [
    processId,
  ]);
  return rows.length > 0;
}

/** Removes a process that shuts down, with its counts; returns the visits it held sockets of. */
export async function releaseProcess(db: Db, processId: string): Promise<string[]> {
  return db.transaction(async (tx) => {
    const held = await tx.query<{ visitId: string }>(
      'DELETE FROM citizen_sockets WHERE process_id = $1 RETURNING visit_id AS "visitId"',
      [processId],
    );
    await tx.query('DELETE FROM server_processes WHERE id = $1', [processId]);
    return held.map((h) => h.visitId);
  });
}

/** Removes processes whose heartbeat is stale, and their counts (crashed: their sockets are gone). */
export async function reapDeadProcesses(db: Queryable): Promise<number> {
  const reaped = await db.query(
    `DELETE FROM server_processes WHERE heartbeat_at < now() - make_interval(secs => $1) RETURNING id`,
    [PROCESS_STALE_SECONDS],
  );
  return reaped.length;
}
