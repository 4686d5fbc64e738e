import type { Queryable } from '../../db/client';
import { PRESENCE_TTL_SECONDS } from './office-figures';

/**
 * Marks the presences whose heartbeat is older than PRESENCE_TTL_SECONDS as expired and returns their
 * offices, whose served chairs just dropped. The mark makes each expiry announced once: of processes
 * sweeping at the same time, only one update matches a row.
 */
export async function expirePresences(db: Queryable): Promise<string[]> {
  const rows = await db.query<{ officeId: string }>(
    `UPDATE agent_presence SET expired_at = now()
      WHERE expired_at IS NULL AND heartbeat_at <= now() - make_interval(secs => $1)
      RETURNING office_id AS "officeId"`,
    [PRESENCE_TTL_SECONDS],
  );
  return [...new Set(rows.map((r) => r.officeId))];
}

/**
 * The agent's workspace is still open: refreshes their presences. Returns the offices where the
 * presence had expired (whether marked yet or not), so their served chairs count again.
 */
export async function beatPresence(db: Queryable, staffId: string): Promise<string[]> {
  const rows = await db.query<{ officeId: string; expired: boolean }>(
    `WITH before AS (
       SELECT office_id, heartbeat_at <= now() - make_interval(secs => $2) AS expired
         FROM agent_presence WHERE staff_id = $1 FOR UPDATE)
     UPDATE agent_presence p SET heartbeat_at = now(), expired_at = NULL
       FROM before b WHERE p.staff_id = $1 AND p.office_id = b.office_id
     RETURNING p.office_id AS "officeId", b.expired`,
    [staffId, PRESENCE_TTL_SECONDS],
  );
  return rows.filter((r) => r.expired).map((r) => r.officeId);
}
