import { z } from 'zod';
import { Role } from './admin';

export const LoginRequest = z.strictObject({
  email: z.string().trim().max(254),
  password: z.string().min(1).max(200),
  /** The authority's slug (/login/<authority>): needed only when the address is in several authorities. */
  authority: z.string().trim().max(63).optional(),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const Me = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: Role,
  unitId: z.string().nullable(),
  tenant: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
});
export type Me = z.infer<typeof Me>;

/** The password was right; the sign-in goes on with a code ("code") or with setting up the app ("enrol"). */
export const LoginStep = z.object({
  next: z.enum(['code', 'enrol']),
  /** The account has a passkey: the code step offers it (a recovery code still works in the field). */
  passkey: z.literal(true).optional(),
});
export type LoginStep = z.infer<typeof LoginStep>;

/** Six digits from the authenticator app, or one of the recovery codes ("ABCD-EFGH-JKMN"). */
export const SecondFactorCode = z.strictObject({ code: z.string().trim().min(6).max(20) });
export type SecondFactorCode = z.infer<typeof SecondFactorCode>;

/** What the app needs: the secret as a QR code (SVG) and as text, for typing it in instead. */
export const TotpEnrolment = z.object({ secret: z.string(), uri: z.string(), qrSvg: z.string() });
export type TotpEnrolment = z.infer<typeof TotpEnrolment>;

/** Recovery codes shown once; empty when a further factor was added and the codes there are stay. */
export const RecoveryCodes = z.object({ recoveryCodes: z.array(z.string()) });

/**
 * A browser's answer to a passkey ceremony (WebAuthn's PublicKeyCredential as JSON); the server checks
 * the rest (signatures, challenge, origin), this only bounds its shape and size.
 */
export const PasskeyAnswer = z.strictObject({
  response: z.looseObject({
    id: z.string().min(1).max(1500),
    rawId: z.string().min(1).max(1500),
    type: z.literal('public-key'),
    response: z.looseObject({ clientDataJSON: z.string().min(1).max(20_000) }),
    clientExtensionResults: z.looseObject({}),
  }),
});
export type PasskeyAnswer = z.infer<typeof PasskeyAnswer>;
export type RecoveryCodes = z.infer<typeof RecoveryCodes>;

export const SecondFactorStatus = z.object({
  totp: z.boolean(),
  passkey: z.boolean(),
  /** The authority asks this account for a second factor. */
  required: z.boolean(),
  recoveryCodesLeft: z.number(),
});
export type SecondFactorStatus = z.infer<typeof SecondFactorStatus>;
