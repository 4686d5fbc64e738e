import type { Db } from '../db/client';
import { type ClaimedJob, renewLeases } from './job-rows';

/** Why a handler's signal was aborted. */
export class LeaseLost extends Error {
  constructor() {
    super('the job went to another worker: its lease ran out');
  }
}
export class WorkerStopping extends Error {
  constructor() {
    super('the job worker is shutting down');
  }
}

export interface Lease {
  /** Aborted when the lease is lost or the worker stops: the handler should give up. */
  signal: AbortSignal;
  /** Stops renewing (the handler has settled). */
  drop(): void;
}

/**
 * Keeps the leases of the jobs this worker runs: one UPDATE for all of them every `renewSeconds`, so a
 * job that runs longer than its lock is never taken by another worker. A worker that dies stops
 * renewing, and its jobs become due again once their lock runs out. A job whose lease was lost
 * anyway (renewal failed for longer than the lock) has its handler's signal aborted.
 */
export function createLeases(
  db: Db,
  {
    lockSeconds,
    renewSeconds,
    onError,
  }: { lockSeconds: number; renewSeconds: number; onError: (error: unknown) => void },
) {
  const held = new Map<string, { attempts: number; controller: AbortController }>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let renewing = false;

  async function renew() {
    // A slow database must not pile renewals up; the next tick tries again.
    if (renewing || held.size === 0) return;
    renewing = true;
    const asked = [...held].map(([id, h]) => ({ id, attempts: h.attempts }));
    try {
      const kept = await renewLeases(db, asked, lockSeconds);
      for (const { id, attempts } of asked) {
        const now = held.get(id);
        if (!kept.has(id) && now?.attempts === attempts) now.controller.abort(new LeaseLost());
      }
    } catch (error) {
      // The leases last a while yet (renewal runs at a fraction of the lock): keep trying.
      onError(error);
    } finally {
      renewing = false;
    }
  }

  return {
    hold(job: ClaimedJob): Lease {
      const controller = new AbortController();
      held.set(job.id, { attempts: job.attempts, controller });
      if (!timer) {
        timer = setInterval(() => void renew(), renewSeconds * 1000);
        timer.unref?.();
      }
      return {
        signal: controller.signal,
        drop() {
          if (held.get(job.id)?.controller !== controller) return;
          held.delete(job.id);
          if (held.size === 0 && timer) {
            clearInterval(timer);
            timer = undefined;
          }
        },
      };
    },
    /** Tells every running handler to give up (the worker stops). */
    abortAll() {
      for (const { controller } of held.values()) controller.abort(new WorkerStopping());
    },
  };
}
export type Leases = ReturnType<typeof createLeases>;
