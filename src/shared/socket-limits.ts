/**
 * Close code of a socket whose address said hello too often (4000–4999 are the application's own): the
 * client waits the seconds the reason names before it tries again, instead of its usual quick retries.
 */
export const CLOSE_RATE_LIMITED = 4029;

/** The close reason that carries the wait, e.g. "retry-after=42". */
export const rateLimitedReason = (seconds: number) => `retry-after=${seconds}`;

/** The seconds a CLOSE_RATE_LIMITED close asks to wait; undefined for every other close. */
export function retryAfterOfClose(code: number, reason: string | undefined): number | undefined {
  if (code !== CLOSE_RATE_LIMITED) return undefined;
  const seconds = Number(reason?.match(/^retry-after=(\d{1,6})$/)?.[1]);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}
