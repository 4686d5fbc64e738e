import type { Db, Queryable } from '../db/client';
import { type ClaimedJob, claimJobs, completeJob, newestJobId, releaseJob, retryJob } from './job-rows';
import { type JobLane, resolveLanes, workLane } from './lanes';
import { createLeases, WorkerStopping } from './leases';

export type { JobLane } from './lanes';

export interface JobContext {
  /**
   * Aborted when the job's lease went to another worker or the worker shuts down: pass it to requests
   * so they end early. A handler that ignores it still holds its slot (and lease) until it settles.
   */
  signal: AbortSignal;
}

/**
 * A job's work; throwing schedules a retry with back-off until max_attempts, unless the error says
 * `permanent: true` (e.g. the mail server refused the address): then the job fails at once.
 */
export type JobHandler = (payload: Record<string, unknown>, context: JobContext) => Promise<void>;

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
  /** How often an idle lane looks for due jobs. */
  pollMs?: number;
  /** The most jobs of one lane a runDue() round takes. */
  batch?: number;
  /** How long a claim holds a job; renewed while it runs, so a worker that dies frees it after this. */
  lockSeconds?: number;
  /** How often running jobs' leases are renewed; a third of the lock by default. */
  renewSeconds?: number;
  /** Kinds that share a bound of concurrent handlers; a kind in none runs one job at a time. */
  lanes?: JobLane[];
  onError?: (kind: string, error: unknown) => void;
}

/**
 * Works due jobs, each lane on its own. Any number of workers in any number of processes may run:
 * claims use FOR UPDATE SKIP LOCKED and a lease that is renewed while the handler runs, so every job
 * runs once (again only after a failure, or after its worker died).
 */
export function createJobWorker(
  db: Db,
  handlers: Record<string, JobHandler>,
  options: JobWorkerOptions = {},
) {
  const { pollMs = 1000, batch = 20, lockSeconds = 300 } = options;
  const renewSeconds = options.renewSeconds ?? lockSeconds / 3;
  const onError = options.onError ?? (() => undefined);
  const lanes = resolveLanes(Object.keys(handlers), options.lanes);
  const leases = createLeases(db, { lockSeconds, renewSeconds, onError: (e) => onError('lease', e) });
  let stopped = true;
  let wake = new AbortController();
  let working: Promise<unknown> | undefined;

  async function run(job: ClaimedJob) {
    const lease = leases.hold(job);
    try {
      try {
        await handlers[job.kind]!(job.payload, { signal: lease.signal });
        lease.drop();
        await completeJob(db, job);
      } catch (error) {
        lease.drop();
        const aborted: unknown = lease.signal.aborted ? lease.signal.reason : undefined;
        if (aborted instanceof WorkerStopping) return void (await releaseJob(db, job));
        // Another worker has the job now, whatever this run did: its outcome is not ours to write.
        if (aborted) return onError(job.kind, aborted);
        onError(job.kind, error);
        const message = error instanceof Error ? error.message : String(error);
        await retryJob(db, job, message, retryDelaySeconds(job.attempts), isPermanent(error));
      }
    } catch (error) {
      // The database is gone for now: the lease runs out and the job is due again.
      onError(job.kind, error);
    }
  }

  /** One round: runs the jobs of every lane that were due when it began; returns how many ran. */
  async function runDue(): Promise<number> {
    // No job yet: nothing to run, and none added meanwhile either.
    const upToId = (await newestJobId(db)) ?? '0';
    const deps = { claim: (kinds: string[], n: number) => claimJobs(db, kinds, n, lockSeconds, upToId), run };
    const counts = await Promise.all(
      lanes.map((lane) =>
        workLane(lane, deps, batch, (running, busy) =>
          busy ? Promise.race(running).then(() => true) : Promise.resolve(false),
        ),
      ),
    );
    return counts.reduce((a, b) => a + b, 0);
  }

  /**
   * Until stopped: with every slot busy, waits for one to free up; otherwise for the next poll.
   * Returns whether to go on.
   */
  const idle = (running: Promise<void>[], busy: boolean) =>
    new Promise<boolean>((resolve) => {
      if (stopped) return resolve(false);
      const signal = wake.signal;
      const done = () => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve(!stopped);
      };
      const timer = busy ? undefined : setTimeout(done, pollMs);
      signal.addEventListener('abort', done);
      if (busy) void Promise.race(running).then(done);
    });

  async function keepWorking(lane: JobLane) {
    const deps = {
      claim: async (kinds: string[], n: number) =>
        stopped ? [] : claimJobs(db, kinds, n, lockSeconds, null),
      run,
    };
    while (!stopped) {
      try {
        await workLane(lane, deps, Number.POSITIVE_INFINITY, idle);
      } catch (error) {
        onError(lane.name, error);
        await idle([], false);
      }
    }
  }

  return {
    runDue,
    start() {
      if (!stopped) return;
      stopped = false;
      wake = new AbortController();
      working = Promise.all(lanes.map(keepWorking));
    },
    /** Stops claiming, tells running handlers to give up, and waits for them. */
    async stop() {
      stopped = true;
      wake.abort();
      leases.abortAll();
      await working;
    },
  };
}
export type JobWorker = ReturnType<typeof createJobWorker>;
