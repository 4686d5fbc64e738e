import { z } from 'zod';

/**
 * An authority's rules against hoarding and trading appointments, changed by its admins. Per authority,
 * not per installation: a registry office with scarce slots wants them stricter than a library.
 */
export const BookingRules = z.strictObject({
  /** Minutes an internet booking holds its slot while the citizen has not opened the activation link. */
  holdMinutes: z.int().min(5).max(1440),
  /** Open appointments (held or firm, not yet over) one e-mail address may have at this authority. */
  openPerEmail: z.int().min(1).max(100),
  /**
   * Minutes a slot a citizen gave up (cancelled, or never activated) stays blocked at least; it comes
   * free at a random moment up to twice as late, so nobody can pass it to an accomplice on cue. 0: at once.
   */
  releaseMinutes: z.int().min(0).max(1440),
});
export type BookingRules = z.infer<typeof BookingRules>;
