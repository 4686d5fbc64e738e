import { z } from 'zod';
import { GermanState, StaffInput, TenantSettings } from '../../../shared/admin';
import { Id, ShortText } from '../../../shared/fields';
import { RESERVED_SEGMENTS } from '../../../shared/reserved';

/** The same rule as the database's CHECK on tenants.slug: the first path segment of the citizen pages. */
const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export const AuthoritySlug = z
  .string()
  .regex(SLUG_PATTERN, 'lower-case letters a–z, digits and hyphens, 1–63 characters, no hyphen at either end')
  .refine(
    (slug) => !(RESERVED_SEGMENTS as readonly string[]).includes(slug),
    'is a path of the app itself (login, admin, api, …) and cannot name an authority',
  );

export const AuthoritySlugParams = z.strictObject({ slug: AuthoritySlug });

/** The authority's first administrator; the password is generated, never chosen by the operator. */
export const FirstAdmin = z.strictObject({
  email: StaffInput.shape.email,
  displayName: ShortText.default('Administration'),
});

/** What the operator gives to create an authority (CLI flags and the API body alike). */
export const AuthorityCreate = z.strictObject({
  slug: AuthoritySlug,
  name: ShortText,
  timeZone: TenantSettings.shape.timeZone.default('Europe/Berlin'),
  holidayState: GermanState.default('BY'),
  admin: FirstAdmin,
});
export type AuthorityCreate = z.input<typeof AuthorityCreate>;

export const AuthorityStatus = z.enum(['active', 'disabled']);

export const Authority = z.object({
  id: Id,
  slug: z.string(),
  name: z.string(),
  timeZone: z.string(),
  holidayState: z.string(),
  status: AuthorityStatus,
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
  /** Staff accounts of the authority (active or not). */
  staffCount: z.int(),
});
export type Authority = z.infer<typeof Authority>;

export const AuthorityList = z.object({ authorities: z.array(Authority) });

export const AuthorityCreated = z.object({
  authority: Authority,
  /** Shown once: only the password's argon2 hash is stored. */
  admin: z.object({ id: Id, email: z.string(), displayName: z.string(), password: z.string() }),
});
export type AuthorityCreated = z.infer<typeof AuthorityCreated>;

export const AuthorityChanged = z.object({
  authority: Authority,
  /** false when the authority already was in the asked state (the call is idempotent). */
  changed: z.boolean(),
});
export type AuthorityChanged = z.infer<typeof AuthorityChanged>;
