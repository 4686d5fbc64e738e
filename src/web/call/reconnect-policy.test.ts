import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createReconnectPolicy, DEFAULT_MAX_DELAY_MS } from './reconnect-policy';

describe('createReconnectPolicy', () => {
  it('retries at once, then doubles from 1 s up to the 15 s cap (random = 0.5: no jitter)', () => {
    const policy = createReconnectPolicy({ random: () => 0.5 });
    expect([0, 1, 2, 3, 4, 5, 6, 9].map((n) => policy.nextRetryDelayMs(n))).toEqual([
      0, 1000, 2000, 4000, 8000, 15_000, 15_000, 15_000,
    ]);
  });

  it('never gives up, not even after thousands of retries', () => {
    const policy = createReconnectPolicy({ random: () => 0.5 });
    for (const n of [10, 11, 100, 10_000, Number.MAX_SAFE_INTEGER]) {
      expect(policy.nextRetryDelayMs(n)).toBe(DEFAULT_MAX_DELAY_MS);
    }
  });

  it('moves each delay by up to ±20 % and never past the cap', () => {
    expect(createReconnectPolicy({ random: () => 0 }).nextRetryDelayMs(2)).toBe(1600);
    expect(createReconnectPolicy({ random: () => 0.999_999 }).nextRetryDelayMs(2)).toBe(2400);
    expect(createReconnectPolicy({ random: () => 0 }).nextRetryDelayMs(20)).toBe(12_000);
    expect(createReconnectPolicy({ random: () => 0.999_999 }).nextRetryDelayMs(20)).toBe(15_000);
  });

  it('treats nonsense retry counts as a first retry instead of stopping', () => {
    const policy = createReconnectPolicy();
    expect(policy.nextRetryDelayMs(-1)).toBe(0);
    expect(policy.nextRetryDelayMs(1.5)).toBe(0);
  });

  it('rejects a configuration without a sensible back-off', () => {
    expect(() => createReconnectPolicy({ baseDelayMs: 0 })).toThrow(RangeError);
    expect(() => createReconnectPolicy({ baseDelayMs: 2000, maxDelayMs: 1000 })).toThrow(RangeError);
    expect(() => createReconnectPolicy({ jitterRatio: 1.5 })).toThrow(RangeError);
  });

  it('property: every delay is a number within its base ± jitter, ≥ 0 and ≤ the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1000, max: 60_000 }),
        (retry, r, jitterRatio, maxDelayMs) => {
          const delay = createReconnectPolicy({
            random: () => r,
            jitterRatio,
            maxDelayMs,
          }).nextRetryDelayMs(retry);
          const base = Math.min(maxDelayMs, 1000 * 2 ** Math.min(retry - 1, 30));
          expect(delay).toBeGreaterThanOrEqual(Math.max(0, Math.floor(base * (1 - jitterRatio))));
          expect(delay).toBeLessThanOrEqual(Math.min(maxDelayMs, Math.ceil(base * (1 + jitterRatio))));
        },
      ),
    );
  });
});
