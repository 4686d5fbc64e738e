import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FREE_ATTEMPTS, lockDurationMs } from './lockout';

describe('sign-in lock-out', () => {
  it('allows the first few failures and then doubles from one minute up to an hour', () => {
    expect(lockDurationMs(FREE_ATTEMPTS - 1)).toBe(0);
    expect(lockDurationMs(FREE_ATTEMPTS)).toBe(60_000);
    expect(lockDurationMs(FREE_ATTEMPTS + 1)).toBe(120_000);
    expect(lockDurationMs(FREE_ATTEMPTS + 100)).toBe(3_600_000);
  });

  it('never shortens the lock when failures go on', () => {
    fc.assert(fc.property(fc.nat(1000), (n) => lockDurationMs(n + 1) >= lockDurationMs(n)));
  });
});
