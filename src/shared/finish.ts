import { z } from 'zod';
import { Outcome } from './consultations';
import { Id } from './fields';

/**
 * Finishing a consultation (/api/staff/consultations/:id/end and …/finish): the services the clerk
 * actually performed, each with a count, and the outcome. Both feed the statistics and the protocol.
 */

/** At most this many of one service in one consultation (a family's passports, not a batch job). */
export const MAX_SERVICE_COUNT = 99;

export const PerformedService = z.strictObject({
  serviceId: Id,
  /** How often it was performed, e.g. 2 for passports of a parent and a child. */
  count: z.int().min(1).max(MAX_SERVICE_COUNT),
});
export type PerformedService = z.infer<typeof PerformedService>;

export const FinishRequest = z.strictObject({
  /** Each service once; an empty list says none of the office's services was performed. */
  services: z
    .array(PerformedService)
    .max(50)
    .refine(
      (services) => new Set(services.map((s) => s.serviceId)).size === services.length,
      'each service once, with its count',
    ),
  /** null: not stated. */
  outcome: Outcome.nullable(),
});
export type FinishRequest = z.infer<typeof FinishRequest>;

/** What the finish form offers and what was recorded so far. */
export const FinishForm = z.object({
  /** The services of the office the consultation took place in (its unit's), by name. */
  services: z.array(z.object({ id: Id, name: z.string() })),
  /** What is recorded now; before anything was, an appointment's booked service with count 1. */
  performed: z.array(PerformedService),
  outcome: Outcome.nullable(),
});
export type FinishForm = z.infer<typeof FinishForm>;
