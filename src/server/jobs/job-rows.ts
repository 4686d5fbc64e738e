import type { Queryable } from '../db/client';

/**
 * The SQL of the job table's life cycle. A claim counts an attempt; `attempts` then names that claim,
 * so every later write is fenced by it: a worker whose lease ran out and went to another worker can
 * no longer renew, finish or fail the job it started.
 */

export interface ClaimedJob {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
}

/**
 * Takes up to `limit` due jobs of the given kinds, oldest due first, locked for `lockSeconds`.
 * `upToId` limits a round to the jobs that existed when it began (null: any).
 */
export const claimJobs = (
  db: Queryable,
  kinds: string[],
  limit: number,
  lockSeconds: number,
  upToId: string | null,
) =>
  db.query<ClaimedJob>(
    `UPDATE jobs SET locked_until = now() + make_interval(secs => $2), attempts = attempts + 1
      WHERE id IN (SELECT id FROM jobs
                    WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= now()
                      AND (locked_until IS NULL OR locked_until < now()) AND kind = ANY($3)
                      AND ($4::bigint IS NULL OR id <= $4::bigint)
                    ORDER BY run_at LIMIT $1 FOR UPDATE SKIP LOCKED)
      RETURNING id::text AS id, kind, payload, attempts, max_attempts AS "maxAttempts"`,
    [limit, lockSeconds, kinds, upToId],
  );

/** The newest job's id: a round runs the jobs up to it. */
export async function newestJobId(db: Queryable): Promise<string | null> {
  const [row] = await db.query<{ id: string | null }>('SELECT max(id)::text AS id FROM jobs');
  return row?.id ?? null;
}

/** Extends the leases still held; returns the ids of those renewed (a missing one was lost). */
export async function renewLeases(
  db: Queryable,
  held: { id: string; attempts: number }[],
  lockSeconds: number,
): Promise<Set<string>> {
  const rows = await db.query<{ id: string }>(
    `UPDATE jobs j SET locked_until = now() + make_interval(secs => $3)
       FROM unnest($1::bigint[], $2::int[]) AS h(id, attempts)
      WHERE j.id = h.id AND j.attempts = h.attempts AND j.locked_until IS NOT NULL
        AND j.done_at IS NULL AND j.failed_at IS NULL
      RETURNING j.id::text AS id`,
    [held.map((h) => h.id), held.map((h) => h.attempts), lockSeconds],
  );
  return new Set(rows.map((r) => r.id));
}

export const completeJob = (db: Queryable, job: ClaimedJob) =>
  db.query(
    `UPDATE jobs SET done_at = now(), locked_until = NULL, last_error = NULL
      WHERE id = $1 AND attempts = $2 AND done_at IS NULL`,
    [job.id, job.attempts],
  );

/** Schedules the next try after `delaySeconds`, or fails the job for good. */
export const retryJob = (
  db: Queryable,
  job: ClaimedJob,
  message: string,
  delaySeconds: number,
  permanent: boolean,
) =>
  db.query(
    `UPDATE jobs SET locked_until = NULL, last_error = $3,
       run_at = now() + make_interval(secs => $4),
       failed_at = CASE WHEN attempts >= max_attempts OR $5 THEN now() END
     WHERE id = $1 AND attempts = $2 AND done_at IS NULL`,
    [job.id, job.attempts, message.slice(0, 1000), delaySeconds, permanent],
  );

/** Gives a job back untouched (its worker is shutting down): due at once, the attempt not counted. */
export const releaseJob = (db: Queryable, job: ClaimedJob) =>
  db.query(
    `UPDATE jobs SET locked_until = NULL, attempts = attempts - 1
      WHERE id = $1 AND attempts = $2 AND done_at IS NULL`,
    [job.id, job.attempts],
  );

/** Deletes jobs finished longer ago than their retention; returns how many went. */
export async function purgeFinishedJobs(
  db: Queryable,
  { doneDays, failedDays }: { doneDays: number; failedDays: number },
): Promise<number> {
  const rows = await db.query(
    `DELETE FROM jobs WHERE done_at < now() - make_interval(days => $1)
        OR failed_at < now() - make_interval(days => $2) RETURNING id`,
    [doneDays, failedDays],
  );
  return rows.length;
}
