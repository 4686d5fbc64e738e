import { z } from 'zod';

/** An authority's audit trail as its administrators read it (/api/admin/audit). */

/** Actions are codes such as "api_key.created" or "auth.signed_in". */
export const AuditAction = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9_.]+$/, 'an action code such as api_key.created');

/** A page of events, newest first: those before `before` (a sequence number), optionally of one action. */
export const AuditQuery = z.strictObject({
  action: AuditAction.optional(),
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(200),
});
/** What a client asks for; left out, the defaults apply. */
export type AuditQuery = Partial<z.output<typeof AuditQuery>>;

export const AuditEvent = z.object({
  /** Position in the authority's chain, from 1. */
  seq: z.number().int(),
  at: z.string(),
  /** "staff:<id>", "api_key:<id>", "citizen:<visit id>", "system": never a name. */
  actor: z.string(),
  action: z.string(),
  object: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

/** The result of checking the hash chain: intact when `broken` is null. */
export const AuditVerification = z.object({
  events: z.number().int(),
  broken: z
    .discriminatedUnion('problem', [
      z.object({ seq: z.number().int(), problem: z.literal('changed') }),
      z.object({ seq: z.number().int(), problem: z.literal('broken-link') }),
      z.object({ seq: z.number().int(), problem: z.literal('missing'), expectedSeq: z.number().int() }),
    ])
    .nullable(),
});
export type AuditVerification = z.infer<typeof AuditVerification>;
