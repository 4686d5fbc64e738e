import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createReconnectPolicy, DEFAULT_RETRY_DELAYS_MS } from './reconnect-policy';

describe('createReconnectPolicy', () => {
  it('follows 0, 3, 5, 7, 7 … s without jitter (random = 0.5)', () => {
    const policy = createReconnectPolicy({ random: () => 0.5 });
    expect([0, 1, 2, 3, 4, 9].map((n) => policy.nextRetryDelayMs(n))).toEqual([
      0, 3000, 5000, 7000, 7000, 7000,
    ]);
  });

  it('gives up after maxRetries', () => {
    const policy = createReconnectPolicy({ maxRetries: 3, random: () => 0.5 });
    expect(policy.nextRetryDelayMs(2)).toBe(5000);
    expect(policy.nextRetryDelayMs(3)).toBeNull();
    expect(createReconnectPolicy().nextRetryDelayMs(10)).toBeNull();
  });

  it('applies jitter of ±500 ms and never goes below 0', () => {
    expect(createReconnectPolicy({ random: () => 0 }).nextRetryDelayMs(1)).toBe(2500);
    expect(createReconnectPolicy({ random: () => 0.999_999 }).nextRetryDelayMs(1)).toBe(3500);
    expect(createReconnectPolicy({ random: () => 0 }).nextRetryDelayMs(0)).toBe(0);
  });

  it('rejects nonsense retry counts', () => {
    const policy = createReconnectPolicy();
    expect(policy.nextRetryDelayMs(-1)).toBeNull();
    expect(policy.nextRetryDelayMs(1.5)).toBeNull();
  });

  it('property: every delay lies within its base ± jitter and is ≥ 0', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 0, max: 2000 }),
        (retry, r, jitterMs) => {
          const delay = createReconnectPolicy({
            random: () => r,
            jitterMs,
            maxRetries: 100,
          }).nextRetryDelayMs(retry);
          const base = DEFAULT_RETRY_DELAYS_MS[Math.min(retry, DEFAULT_RETRY_DELAYS_MS.length - 1)] ?? 0;
          expect(delay).not.toBeNull();
          expect(delay).toBeGreaterThanOrEqual(Math.max(0, base - jitterMs));
          expect(delay).toBeLessThanOrEqual(base + jitterMs);
        },
      ),
    );
  });
});
