import { z } from 'zod';

/**
 * Entering a waiting room and booking carry a solved ALTCHA proof-of-work in this header: base64 of
 * JSON `{ challenge, solution }`. A header keeps the request bodies as they are for staff and the API.
 */
export const PROOF_OF_WORK_HEADER = 'x-altcha';

/** How long a challenge may be spent: long enough to fill in the booking form after it was solved. */
export const POW_VALID_SECONDS = 10 * 60;

/** How hard the challenges of a waiting room or calendar are now; raised while it is under pressure. */
export const PowLevel = z.enum(['normal', 'raised', 'high']);
export type PowLevel = z.infer<typeof PowLevel>;

const Hex = z
  .string()
  .regex(/^[0-9a-f]+$/i)
  .max(256);

/** What the challenge binds: the scope it may be spent on, until when (app clock, epoch seconds), its level. */
export const PowData = z.strictObject({
  scope: z.string().max(100),
  expires: z.number().int().positive(),
  level: PowLevel,
});

/** An ALTCHA v2 challenge in deterministic mode (PBKDF2/SHA-256, a key signature for cheap checking). */
export const PowChallenge = z.strictObject({
  parameters: z.strictObject({
    algorithm: z.literal('PBKDF2/SHA-256'),
    nonce: Hex,
    salt: Hex,
    cost: z.number().int().positive().max(1_000_000),
    keyLength: z.number().int().positive().max(64),
    keyPrefix: Hex,
    keySignature: Hex,
    data: PowData,
  }),
  signature: Hex,
});
export type PowChallenge = z.infer<typeof PowChallenge>;

export const PowSolution = z.strictObject({
  counter: z.number().int().min(0).max(0xffffffff),
  derivedKey: Hex,
  time: z.number().optional(),
});

/** The decoded header. */
export const PowPayload = z.strictObject({ challenge: PowChallenge, solution: PowSolution });
export type PowPayload = z.infer<typeof PowPayload>;
