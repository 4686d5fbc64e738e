/**
 * A break's limits and the server's messages about them, which pages translate (lib/validation.ts). A
 * module of its own, without schemas: the citizen's first page imports validation.ts and must not load
 * zod for two sentences (the size budget and the CSP test caught exactly that).
 */

/** A break's expected end lies at most this far ahead: a shift, not a holiday (absences are booked). */
export const MAX_BREAK_HOURS = 12;
export const UNTIL_PASSED = 'the expected end of the break has passed already';
export const UNTIL_TOO_FAR = `a break ends within ${MAX_BREAK_HOURS} hours`;
