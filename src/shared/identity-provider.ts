import { z } from 'zod';
import { Role } from './admin';
import { Id, ShortText } from './fields';

/** Members of `group` (a value of the groups claim) get `role`, the unit and these offices. */
export const GroupMapping = z.strictObject({
  group: z.string().trim().min(1).max(200),
  role: Role,
  unitId: Id.nullable(),
  officeIds: z.array(Id).max(100),
});
export type GroupMapping = z.infer<typeof GroupMapping>;

function parsedUrl(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

/** An https URL, or http on this machine (a trial or a test provider next to Amtsraum). */
const IssuerUrl = z
  .url()
  .max(500)
  .refine((value) => {
    // Refinements run even when the URL check failed: parse defensively.
    const url = parsedUrl(value);
    return (
      url?.protocol === 'https:' ||
      (url?.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
    );
  }, 'must be an https URL')
  .transform((value) => value.replace(/\/$/, ''));

/** An authority's identity provider as its administrator configures it (PUT). */
export const IdentityProviderInput = z.strictObject({
  /** The sign-in button's words: "Anmelden mit …". */
  displayName: ShortText,
  issuer: IssuerUrl,
  clientId: z.string().trim().min(1).max(200),
  /** Write-only: left out, the stored secret stays. */
  clientSecret: z.string().min(1).max(500).optional(),
  groupsClaim: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_.:/-]{1,100}$/, 'a claim name such as groups or roles'),
  groupMappings: z.array(GroupMapping).min(1).max(100),
  /** false: staff of this authority sign in through the provider only. */
  passwordSignIn: z.boolean(),
});
export type IdentityProviderInput = z.infer<typeof IdentityProviderInput>;

/** What an administrator reads back: everything but the client secret. */
export const IdentityProvider = IdentityProviderInput.omit({ clientSecret: true, issuer: true }).extend({
  issuer: z.string(),
  /** Where the provider must send people back (its client's redirect URI). */
  redirectUri: z.string(),
  /** Where the provider tells Amtsraum about a logout (its client's back-channel logout URI). */
  backchannelLogoutUri: z.string(),
});
export type IdentityProvider = z.infer<typeof IdentityProvider>;

/** How the staff of an authority sign in: the provider's button, passwords, or both. */
export const StaffSignInOptions = z.object({
  authority: z.string(),
  sso: z.object({ displayName: z.string(), startUrl: z.string() }).nullable(),
  passwords: z.boolean(),
});
export type StaffSignInOptions = z.infer<typeof StaffSignInOptions>;

/** Why a sign-in through the provider did not end in a session; the login page explains each. */
export const SsoRefusal = z.enum(['failed', 'expired', 'no-role', 'email-taken', 'no-email']);
export type SsoRefusal = z.infer<typeof SsoRefusal>;
