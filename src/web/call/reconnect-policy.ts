/**
 * When to retry a dropped signaling connection: at once, then 1 s, 2 s, 4 s … doubling up to a cap,
 * for ever. A live page that stops trying looks alive but is dead (a slow deploy or a train tunnel
 * outlasts any fixed number of tries), so there is no give-up: the cap bounds the load instead.
 * Each delay moves by a random share so that a whole office full of tabs does not hammer a restarted
 * server in the same millisecond.
 */
export interface ReconnectPolicy {
  /** Delay before retry number `retryCount` (0 = first retry after a drop). */
  nextRetryDelayMs(retryCount: number): number;
}

export interface ReconnectPolicyOptions {
  /** Delay of the second retry; each later one doubles it. */
  baseDelayMs?: number;
  /** No delay is ever longer than this, jitter included. */
  maxDelayMs?: number;
  /** Each delay moves by up to this share of itself, up or down (0.2 = ±20 %). */
  jitterRatio?: number;
  /** Source of randomness in [0, 1); injectable so tests are deterministic. */
  random?: () => number;
}

export const DEFAULT_BASE_DELAY_MS = 1000;
export const DEFAULT_MAX_DELAY_MS = 15_000;
export const DEFAULT_JITTER_RATIO = 0.2;

export function createReconnectPolicy(options: ReconnectPolicyOptions = {}): ReconnectPolicy {
  const baseDelayMs = options.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const jitterRatio = options.jitterRatio ?? DEFAULT_JITTER_RATIO;
  const random = options.random ?? Math.random;
  if (!(baseDelayMs > 0) || !(maxDelayMs >= baseDelayMs))
    throw new RangeError('need 0 < baseDelayMs <= maxDelayMs');
  if (!(jitterRatio >= 0 && jitterRatio <= 1)) throw new RangeError('jitterRatio must lie in [0, 1]');

  return {
    nextRetryDelayMs(retryCount) {
      // A nonsense count (negative, fractional) is treated as a first retry rather than as a reason to stop.
      const n = Number.isInteger(retryCount) && retryCount > 0 ? retryCount : 0;
      if (n === 0) return 0; // a blip: try again at once
      // 2 ** 30 already exceeds any sensible cap; the bound keeps the power finite for huge counts.
      const base = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(n - 1, 30));
      const jitter = (random() * 2 - 1) * jitterRatio * base;
      return Math.min(maxDelayMs, Math.max(0, Math.round(base + jitter)));
    },
  };
}
