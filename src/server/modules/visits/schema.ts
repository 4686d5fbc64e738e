import { z } from 'zod';
import { Id } from '../../../shared/fields';

const Slug = z.string().regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'lowercase letters, digits and -');

export const TenantParams = z.strictObject({ tenantSlug: Slug });
export const OfficeParams = z.strictObject({ tenantSlug: Slug, officeSlug: Slug });

/** Citizens prove their visit with the token from entering, as `Authorization: Bearer <token>`. */
export const VisitAuthHeaders = z.object({ authorization: z.string().max(200).optional() });

export const TransferRequest = z.strictObject({
  officeId: Id,
  /** What the receiving office should know; shown to its agents. */
  note: z.string().trim().max(500).default(''),
});
export type TransferRequest = z.infer<typeof TransferRequest>;

export const PresenceRequest = z.strictObject({
  /** Offices this agent serves from now on; empty means away. */
  officeIds: z.array(Id).max(100),
});

export const RemoveVisitsRequest = z.strictObject({
  /** Waiting entries of the office to take out of its queue (e.g. every entry marked as one client's). */
  visitIds: z.array(Id).min(1).max(1_000),
});

/** A clerk's word to the citizen, shown on their page (sending back, parking). */
const ClerkNote = z.string().trim().max(500).default('');

export const SendBackRequest = z.strictObject({ note: ClerkNote });
export const ParkRequest = z.strictObject({ note: ClerkNote });

export const PutBackRequest = z.strictObject({
  /** Back at the old place (by first arrival) or at the end of the line (arrival = now). */
  at: z.enum(['place', 'end']),
});
export type PutBackRequest = z.infer<typeof PutBackRequest>;

export const PriorityRequest = z
  .strictObject({
    priority: z.enum(['normal', 'raised']),
    /** Why (e.g. "Termin verpasst wegen Rollstuhl-Aufzug", "akute Notlage"): required when raised. */
    reason: z.string().trim().max(200).default(''),
  })
  .refine((body) => body.priority === 'normal' || body.reason.length > 0, {
    message: 'A raised priority needs a reason',
    path: ['reason'],
  });
export type PriorityRequest = z.infer<typeof PriorityRequest>;
