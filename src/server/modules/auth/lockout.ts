/** Failed sign-ins allowed before the account is locked for a while. */
export const FREE_ATTEMPTS = 5;
const MAX_LOCK_MS = 60 * 60_000;

/**
 * How long an account stays locked after its n-th failed sign-in in a row: nothing for the first
 * few, then one minute doubling with each further failure, capped at an hour.
 */
export function lockDurationMs(failedLogins: number): number {
  if (failedLogins < FREE_ATTEMPTS) return 0;
  return Math.min(60_000 * 2 ** (failedLogins - FREE_ATTEMPTS), MAX_LOCK_MS);
}
