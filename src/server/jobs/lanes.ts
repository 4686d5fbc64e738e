import type { ClaimedJob } from './job-rows';

/**
 * A lane: the job kinds that share a bound of handlers running at once. Each lane claims its own jobs,
 * so a lane full of slow webhook deliveries never holds back a reminder mail or a sweep.
 */
export interface JobLane {
  name: string;
  kinds: string[];
  /** How many of its jobs run at once in one worker. */
  concurrency: number;
}

/**
 * The lanes of the kinds that have a handler; a kind in no lane gets a lane of its own, one job at a
 * time (as every kind had before lanes existed).
 */
export function resolveLanes(handledKinds: string[], lanes: JobLane[] = []): JobLane[] {
  const handled = new Set(handledKinds);
  const placed = new Set<string>();
  const resolved: JobLane[] = [];
  for (const lane of lanes) {
    const kinds = lane.kinds.filter((k) => handled.has(k) && !placed.has(k));
    for (const k of kinds) placed.add(k);
    if (kinds.length > 0) resolved.push({ ...lane, kinds, concurrency: Math.max(1, lane.concurrency) });
  }
  for (const kind of handledKinds) {
    if (!placed.has(kind)) resolved.push({ name: kind, kinds: [kind], concurrency: 1 });
  }
  return resolved;
}

export interface LaneDeps {
  claim(kinds: string[], limit: number): Promise<ClaimedJob[]>;
  /** Runs a job to its end; never rejects. */
  run(job: ClaimedJob): Promise<void>;
}

/**
 * Works one lane: keeps up to `concurrency` of its jobs running, claiming as many as there are free
 * slots, until `limit` jobs were taken or `whenIdle` says to stop; it is asked when every slot is
 * busy (`busy`) or nothing more is due. Waits for its running jobs before it returns how many it took.
 */
export async function workLane(
  lane: JobLane,
  deps: LaneDeps,
  limit: number,
  whenIdle: (running: Promise<void>[], busy: boolean) => Promise<boolean>,
): Promise<number> {
  const running = new Set<Promise<void>>();
  let taken = 0;
  try {
    while (taken < limit) {
      const free = Math.min(lane.concurrency - running.size, limit - taken);
      const jobs = free > 0 ? await deps.claim(lane.kinds, free) : [];
      for (const job of jobs) {
        taken++;
        const done: Promise<void> = deps.run(job).finally(() => running.delete(done));
        running.add(done);
      }
      if (jobs.length === free && free > 0) continue;
      if (!(await whenIdle([...running], free === 0))) break;
    }
  } finally {
    await Promise.all(running);
  }
  return taken;
}
