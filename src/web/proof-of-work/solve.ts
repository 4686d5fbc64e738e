import { solveChallengeWorkers } from 'altcha-lib';
import type { PowChallenge } from '../../shared/proof-of-work';

/** Phones have 4–8 cores: using them shortens the wait, the work (CPU time) stays the same. */
const MAX_THREADS = 8;

/** Solves the challenge in worker threads, off the page's main thread; resolves the header value. */
export async function solveInWorkers(challenge: PowChallenge, controller: AbortController): Promise<string> {
  const solution = await solveChallengeWorkers({
    challenge,
    concurrency: Math.min(MAX_THREADS, navigator.hardwareConcurrency || 2),
    controller,
    createWorker: () => new Worker(new URL('./pow.worker.ts', import.meta.url), { type: 'module' }),
  });
  if (!solution) throw new Error('proof of work not solved');
  // Only ASCII (hex, digits, ids) is in it, so btoa is safe.
  return btoa(JSON.stringify({ challenge, solution }));
}
