/**
 * When to retry a dropped signaling connection. Modelled on LiveKit's DefaultReconnectPolicy:
 * first retry at once, then 3 s, 5 s and 7 s for every later attempt, each with random jitter so that
 * a whole office full of tabs does not hammer a restarted server in the same millisecond.
 */
export interface ReconnectPolicy {
  /** Delay before retry number `retryCount` (0 = first retry), or null to give up. */
  nextRetryDelayMs(retryCount: number): number | null;
}

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [0, 3000, 5000, 7000];

export interface ReconnectPolicyOptions {
  /** Delays per attempt; the last one repeats for every later attempt. */
  delaysMs?: readonly number[];
  /** Retries before giving up. */
  maxRetries?: number;
  /** Each delay moves by a random amount in [-jitterMs, +jitterMs], never below 0. */
  jitterMs?: number;
  /** Source of randomness in [0, 1); injectable so tests are deterministic. */
  random?: () => number;
}

export function createReconnectPolicy(options: ReconnectPolicyOptions = {}): ReconnectPolicy {
  const delays = options.delaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const maxRetries = options.maxRetries ?? 10;
  const jitterMs = options.jitterMs ?? 500;
  const random = options.random ?? Math.random;
  if (delays.length === 0) throw new RangeError('delaysMs must not be empty');

  return {
    nextRetryDelayMs(retryCount) {
      if (!Number.isInteger(retryCount) || retryCount < 0 || retryCount >= maxRetries) return null;
      const base = delays[Math.min(retryCount, delays.length - 1)] ?? 0;
      const jitter = (random() * 2 - 1) * jitterMs;
      return Math.max(0, Math.round(base + jitter));
    },
  };
}
