import type { Db, Queryable } from '../db/client';

/**
 * A job's work; throwing schedules a retry with back-off until max_attempts, unless the error says
 * `permanent: true` (e.g. the mail server refused the address): then the job fails at once.
 */
export type JobHandler = (payload: Record<string, unknown>) => Promise<void>;

/**
 * Adds a job, inside the caller's transaction when given one: it runs only if the change commits.
 * Jobs keep the database's time: a job is due `delaySeconds` after the database's now(). Callers that
 * judge time by the app clock (bookings) pass the distance from their own now, never an absolute
 * instant, so the queue never compares instants from two clocks (a test's fixed clock, or two hosts').
 */
export async function enqueueJob(
  db: Queryable,
  kind: string,
  payload: Record<string, unknown>,
  delaySeconds = 0,
) {
  await db.query(
    'INSERT INTO jobs (kind, payload, run_at) VALUES ($1, $2, now() + make_interval(secs => $3))',
    [kind, JSON.stringify(payload), delaySeconds],
  );
}

/**
 * Plans a recurring job's next run unless one is already pending: several processes may ask at once,
 * and a unique index on pending singleton jobs of a kind lets only the first in (migration 0007).
 */
export async function scheduleSingleton(db: Queryable, kind: string, delaySeconds = 0) {
  await db.query(
    `INSERT INTO jobs (kind, payload, run_at) VALUES ($1, '{"singleton": "true"}', now() + make_interval(secs => $2))
     ON CONFLICT (kind) WHERE done_at IS NULL AND failed_at IS NULL AND locked_until IS NULL
       AND (payload ->> 'singleton') = 'true' DO NOTHING`,
    [kind, delaySeconds],
  );
}

/** Seconds until the next try after the n-th failed attempt: 30 s doubling, at most an hour. */
export const retryDelaySeconds = (attempts: number) => Math.min(30 * 2 ** Math.max(0, attempts - 1), 3600);

const isPermanent = (error: unknown) => (error as { permanent?: unknown } | null)?.permanent === true;

export interface JobWorkerOptions {
  /** How often to look for due jobs. */
  pollMs?: number;
  /** Jobs taken per round. */
  batch?: number;
  /** How long a taken job stays locked; a worker that dies frees it after this. */
  lockSeconds?: number;
  onError?: (kind: string, error: unknown) => void;
}

interface Claimed {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
}

/**
 * Works due jobs. Any number of workers in any number of processes may run: each round claims jobs
 * with FOR UPDATE SKIP LOCKED and a lock time, so every job runs once (again only after a failure).
 */
export function createJobWorker(
  db: Db,
  handlers: Record<string, JobHandler>,
  options: JobWorkerOptions = {},
) {
  const { pollMs = 1000, batch = 20, lockSeconds = 300 } = options;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<number> | undefined;
  let stopped = true;

  const claim = () =>
    db.query<Claimed>(
      `UPDATE jobs SET locked_until = now() + make_interval(secs => $2), attempts = attempts + 1
        WHERE id IN (SELECT id FROM jobs
                      WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= now()
                        AND (locked_until IS NULL OR locked_until < now()) AND kind = ANY($3)
                      ORDER BY run_at LIMIT $1 FOR UPDATE SKIP LOCKED)
        RETURNING id, kind, payload, attempts, max_attempts AS "maxAttempts"`,
      [batch, lockSeconds, Object.keys(handlers)],
    );

  async function runOne(job: Claimed) {
    try {
      await handlers[job.kind]!(job.payload);
      await db.query(
        'UPDATE jobs SET done_at = now(), locked_until = NULL, last_error = NULL WHERE id = $1',
        [job.id],
      );
    } catch (error) {
      options.onError?.(job.kind, error);
      const message = error instanceof Error ? error.message : String(error);
      await db.query(
        `UPDATE jobs SET locked_until = NULL, last_error = $2,
           run_at = now() + make_interval(secs => $3),
           failed_at = CASE WHEN attempts >= max_attempts OR $4 THEN now() END
         WHERE id = $1`,
        [job.id, message.slice(0, 1000), retryDelaySeconds(job.attempts), isPermanent(error)],
      );
    }
  }

  /** One round: claims due jobs and runs them; returns how many ran. */
  async function runDue(): Promise<number> {
    const jobs = await claim();
    for (const job of jobs) await runOne(job);
    return jobs.length;
  }

  const loop = () => {
    if (stopped) return;
    running = runDue().catch(() => 0);
    void running.then((count) => {
      if (!stopped) timer = setTimeout(loop, count === batch ? 0 : pollMs);
    });
  };

  return {
    runDue,
    start() {
      if (!stopped) return;
      stopped = false;
      loop();
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
export type JobWorker = ReturnType<typeof createJobWorker>;
