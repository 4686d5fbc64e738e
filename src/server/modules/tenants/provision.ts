import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { Db, Queryable } from '../../db/client';
import { recordAudit } from '../audit/audit-log';
import { hashPassword } from '../auth/passwords';
import { type Authority, AuthorityCreate, type AuthorityCreated, AuthoritySlug, FirstAdmin } from './schema';

/** Why provisioning or a status change was refused; the CLI maps it to an exit code, the API to a status. */
export class AuthorityError extends Error {
  constructor(
    readonly code: 'invalid' | 'slug-taken' | 'unknown-authority',
    message: string,
    /** The offending input, e.g. "slug" or "admin.email". */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** An authority to create; without `admin` none is created (tests that add their own staff). */
export type NewTenant = Omit<AuthorityCreate, 'admin'> & { admin?: z.input<typeof FirstAdmin> };

const NewTenantSchema = AuthorityCreate.extend({ admin: FirstAdmin.optional() });

/** Who acts, for the authority's audit trail, e.g. "operator:cli"; without it nothing is recorded. */
export interface ProvisionOptions {
  actor?: string;
}

export const AUTHORITY_COLUMNS = `t.id, t.slug, t.name, t.time_zone AS "timeZone", t.holiday_state AS "holidayState",
  CASE WHEN t.disabled_at IS NULL THEN 'active' ELSE 'disabled' END AS status,
  t.created_at AS "createdAt", t.disabled_at AS "disabledAt",
  (SELECT count(*)::int FROM staff s WHERE s.tenant_id = t.id) AS "staffCount"`;

interface AuthorityRow extends Omit<Authority, 'createdAt' | 'disabledAt'> {
  createdAt: Date | string;
  disabledAt: Date | string | null;
}

const iso = (value: Date | string) => new Date(value).toISOString();
export const toAuthority = (row: AuthorityRow): Authority => ({
  ...row,
  createdAt: iso(row.createdAt),
  disabledAt: row.disabledAt === null ? null : iso(row.disabledAt),
});

export async function authorityById(db: Queryable, id: string): Promise<Authority> {
  const [row] = await db.query<AuthorityRow>(`SELECT ${AUTHORITY_COLUMNS} FROM tenants t WHERE t.id = $1`, [
    id,
  ]);
  return toAuthority(row!);
}

/** A generated first password: 144 random bits, shown once, stored only as its argon2 hash. */
const generatePassword = () => randomBytes(18).toString('base64url');

/** The input checked against the one schema; a refusal names the field. */
function parseNewTenant(input: NewTenant) {
  const parsed = NewTenantSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path.join('.');
  throw new AuthorityError('invalid', `${field}: ${issue.message}`, field);
}

/**
 * Creates an authority and (when asked) its first administrator with a generated password, in one
 * transaction: a taken slug or e-mail address leaves nothing behind. The one provisioning path of the
 * operator CLI, the operator API, the demo seed and the tests.
 */
export async function provisionAuthority(
  db: Db,
  input: NewTenant,
  options: ProvisionOptions = {},
): Promise<{ tenantId: string; authority: Authority; admin?: AuthorityCreated['admin'] }> {
  const t = parseNewTenant(input);
  const password = t.admin ? generatePassword() : undefined;
  // Hashed before the transaction: argon2 takes a while, and no lock should wait for it.
  const passwordHash = password ? await hashPassword(password) : undefined;
  return db.transaction(async (tx) => {
    const [tenant] = await tx.query<{ id: string }>(
      `INSERT INTO tenants (slug, name, time_zone, holiday_state) VALUES ($1, $2, $3, $4)
       ON CONFLICT (slug) DO NOTHING RETURNING id`,
      [t.slug, t.name, t.timeZone, t.holidayState],
    );
    if (!tenant) throw new AuthorityError('slug-taken', `An authority "${t.slug}" already exists`, 'slug');
    let admin: AuthorityCreated['admin'] | undefined;
    if (t.admin && passwordHash && password) {
      const [staff] = await tx.query<{ id: string }>(
        `INSERT INTO staff (tenant_id, email, display_name, role, unit_id, active, password_hash)
         VALUES ($1, $2, $3, 'admin', NULL, true, $4) RETURNING id`,
        [tenant.id, t.admin.email, t.admin.displayName, passwordHash],
      );
      // Addresses are unique within an authority (a new one has none yet), not across the installation.
      admin = { id: staff!.id, email: t.admin.email, displayName: t.admin.displayName, password };
    }
    if (options.actor) {
      await recordAudit(tx, {
        tenantId: tenant.id,
        actor: options.actor,
        action: 'tenant.created',
        object: `tenant:${tenant.id}`,
        details: { slug: t.slug, ...(admin ? { adminId: admin.id } : {}) },
      });
    }
    return {
      tenantId: tenant.id,
      authority: await authorityById(tx, tenant.id),
      ...(admin ? { admin } : {}),
    };
  });
}

/** Creates an authority without staff; kept for callers that only need its id (tests' fixtures). */
export async function createTenant(db: Db, t: NewTenant): Promise<string> {
  return (await provisionAuthority(db, t)).tenantId;
}

/** Every authority of the installation, by slug. */
export async function listAuthorities(db: Queryable): Promise<Authority[]> {
  const rows = await db.query<AuthorityRow>(`SELECT ${AUTHORITY_COLUMNS} FROM tenants t ORDER BY t.slug`);
  return rows.map(toAuthority);
}

function parseSlug(slug: string) {
  const parsed = AuthoritySlug.safeParse(slug);
  if (!parsed.success)
    throw new AuthorityError('invalid', `slug: ${parsed.error.issues[0]!.message}`, 'slug');
  return parsed.data;
}

export interface StatusChange {
  authority: Authority;
  changed: boolean;
  /** Staff whose sessions ended (disable) or who were re-activated (enable). */
  staffIds: string[];
}

/**
 * Disables an authority: its public pages answer 410, its active staff accounts are deactivated and their
 * sessions deleted, so nobody of it can sign in; nothing is deleted. Disabling it again changes nothing.
 * `endSessions` tells running servers (the bus) so open sockets close at once; without it (the CLI) they
 * close at their next session re-check, as the account is no longer active.
 */
export async function disableAuthority(
  db: Db,
  slug: string,
  options: ProvisionOptions & { endSessions?: (staffIds: string[]) => Promise<void> } = {},
): Promise<StatusChange> {
  const checked = parseSlug(slug);
  const result = await db.transaction(async (tx) => {
    const tenant = await lockTenant(tx, checked);
    if (tenant.disabled) return { tenantId: tenant.id, changed: false, staffIds: [] };
    await tx.query('UPDATE tenants SET disabled_at = now() WHERE id = $1', [tenant.id]);
    const suspended = await tx.query<{ id: string }>(
      `WITH suspended AS (
         UPDATE staff SET active = false WHERE tenant_id = $1 AND active RETURNING id, tenant_id)
       INSERT INTO tenant_suspended_staff (staff_id, tenant_id)
       SELECT id, tenant_id FROM suspended ON CONFLICT (staff_id) DO NOTHING RETURNING staff_id AS id`,
      [tenant.id],
    );
    const staffIds = suspended.map((s) => s.id);
    await tx.query(
      'DELETE FROM staff_sessions WHERE staff_id IN (SELECT id FROM staff WHERE tenant_id = $1)',
      [tenant.id],
    );
    if (options.actor) {
      await recordAudit(tx, {
        tenantId: tenant.id,
        actor: options.actor,
        action: 'tenant.disabled',
        object: `tenant:${tenant.id}`,
        details: { suspendedStaff: staffIds },
      });
    }
    return { tenantId: tenant.id, changed: true, staffIds };
  });
  if (result.changed && options.endSessions) await options.endSessions(result.staffIds);
  return {
    authority: await authorityById(db, result.tenantId),
    changed: result.changed,
    staffIds: result.staffIds,
  };
}

/** Enables a disabled authority again and re-activates exactly the accounts its disabling deactivated. */
export async function enableAuthority(
  db: Db,
  slug: string,
  options: ProvisionOptions = {},
): Promise<StatusChange> {
  const checked = parseSlug(slug);
  const result = await db.transaction(async (tx) => {
    const tenant = await lockTenant(tx, checked);
    if (!tenant.disabled) return { tenantId: tenant.id, changed: false, staffIds: [] };
    await tx.query('UPDATE tenants SET disabled_at = NULL WHERE id = $1', [tenant.id]);
    const restored = await tx.query<{ id: string }>(
      `WITH restored AS (DELETE FROM tenant_suspended_staff WHERE tenant_id = $1 RETURNING staff_id)
       UPDATE staff SET active = true FROM restored WHERE staff.id = restored.staff_id RETURNING staff.id`,
      [tenant.id],
    );
    const staffIds = restored.map((s) => s.id);
    if (options.actor) {
      await recordAudit(tx, {
        tenantId: tenant.id,
        actor: options.actor,
        action: 'tenant.enabled',
        object: `tenant:${tenant.id}`,
        details: { reactivatedStaff: staffIds },
      });
    }
    return { tenantId: tenant.id, changed: true, staffIds };
  });
  return {
    authority: await authorityById(db, result.tenantId),
    changed: result.changed,
    staffIds: result.staffIds,
  };
}

async function lockTenant(tx: Queryable, slug: string) {
  const [tenant] = await tx.query<{ id: string; disabled: boolean }>(
    'SELECT id, disabled_at IS NOT NULL AS disabled FROM tenants WHERE slug = $1 FOR UPDATE',
    [slug],
  );
  if (!tenant) throw new AuthorityError('unknown-authority', `No authority "${slug}"`, 'slug');
  return tenant;
}
