import { z } from 'zod';
import { Id } from './fields';

/**
 * Phone dial-in (issue 18): the authority's number and, per consultation, a PIN typed on the keypad.
 * Shown only when the server has a SIP line (SIP_MODE); otherwise the routes answer 404.
 */

/** What any page may show before a consultation: the number to call and how long a PIN is. */
export const DialInInfo = z.object({
  number: z.string(),
  pinDigits: z.number().int(),
});
export type DialInInfo = z.infer<typeof DialInInfo>;

/** A consultation's PIN as the agent receives it (once: only its hash is stored). */
export const DialInPin = z.object({
  number: z.string(),
  pin: z.string().regex(/^\d+$/),
  expiresAt: z.iso.datetime(),
});
export type DialInPin = z.infer<typeof DialInPin>;

export const DialInCallParams = z.strictObject({ id: Id, callId: Id });
export type DialInCallParams = z.infer<typeof DialInCallParams>;

/** A phone caller in the consultation, as the agent's tile shows them ("Telefon …1234"). */
export const DialInCall = z.object({
  id: z.string(),
  callerTail: z.string(),
  joinedAt: z.iso.datetime(),
});
export const DialInCalls = z.object({ calls: z.array(DialInCall) });
export type DialInCalls = z.infer<typeof DialInCalls>;
