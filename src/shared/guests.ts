import { z } from 'zod';
import { Id } from './fields';

/**
 * Guests of a consultation: the agent invites an interpreter, a sign-language interpreter or a colleague
 * with a one-time link /{tenant}/gast#<token>. A consultation holds the agent, the citizen and at most
 * MAX_GUESTS guests, all connected peer to peer.
 */

export const MAX_GUESTS = 2;

export const GuestParams = z.strictObject({ id: Id, guestId: Id });
export type GuestParams = z.infer<typeof GuestParams>;

export const GuestInviteRequest = z
  .strictObject({
    /** What the others see instead of a name, e.g. "Dolmetscherin"; empty: "Gast". */
    label: z
      .string()
      .trim()
      .max(60)
      .regex(/^[^\p{Cc}]*$/u, 'no control characters')
      .default(''),
  })
  // An empty body invites a guest without a label.
  .default({ label: '' });
export type GuestInviteRequest = z.infer<typeof GuestInviteRequest>;

/** A guest as the inviting agent sees it. */
export const GuestView = z.object({
  id: Id,
  label: z.string(),
  /** invited: the link was not opened yet; joined: a browser redeemed it. */
  status: z.enum(['invited', 'joined']),
  /** The one-time link while it is unused (the agent may copy it again); null once redeemed. */
  url: z.string().nullable(),
  createdAt: z.string(),
});
export type GuestView = z.infer<typeof GuestView>;

export const GuestList = z.object({ guests: z.array(GuestView) });
export type GuestList = z.infer<typeof GuestList>;

/** Why a guest link cannot be redeemed: used by another browser, the consultation is over, or withdrawn. */
export const GuestLinkRefusal = z.enum(['used', 'over', 'withdrawn']);
export type GuestLinkRefusal = z.infer<typeof GuestLinkRefusal>;

/** A guest's own view: who they are in which consultation, and whether it is still on. */
export const GuestSelf = z.object({
  guestId: Id,
  consultationId: Id,
  label: z.string(),
  office: z.object({ name: z.string() }),
  status: z.enum(['live', 'ended', 'left', 'removed']),
  /** Start with the microphone off: a colleague who answered a call for help to listen in first. */
  joinsMuted: z.boolean(),
});
export type GuestSelf = z.infer<typeof GuestSelf>;

/** The redeemed link: a session token for this browser tab (kept in its sessionStorage) and the view. */
export const GuestJoinResult = GuestSelf.extend({ guestToken: z.string() });
export type GuestJoinResult = z.infer<typeof GuestJoinResult>;
