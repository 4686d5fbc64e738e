import type { Role } from '../../../../shared/admin';
import type { GroupMapping } from '../../../../shared/identity-provider';
import { OFFICELESS_ROLES } from '../../../../shared/roles';
import type { Queryable } from '../../../db/client';

/**
 * A group that gives 'reporting' or 'privacy' loses to any serving role (they serve no office), so a
 * data-protection officer who also serves in an office keeps their office work.
 */
const RANK: Record<Role, number> = { reporting: 0, privacy: 1, agent: 2, lead: 3, admin: 4 };
const officeless = (role: Role) => (OFFICELESS_ROLES as readonly Role[]).includes(role);

export interface Access {
  role: Role;
  unitId: string | null;
  officeIds: string[];
}

/** The groups a claim names: a list of strings, or one string (some providers send one group bare). */
export function groupsIn(claims: Record<string, unknown>, claim: string): string[] {
  const value = claims[claim];
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string') : [];
}

/**
 * What the person's groups give: the highest role among the matching mappings (its unit), the offices of
 * all of them; undefined when no group maps, which means no access to Amtsraum.
 */
export function accessOf(groups: string[], mappings: GroupMapping[]): Access | undefined {
  const matching = mappings.filter((m) => groups.includes(m.group));
  if (matching.length === 0) return undefined;
  const top = matching.reduce((a, b) => (RANK[b.role] > RANK[a.role] ? b : a));
  const officeIds = [...new Set(matching.flatMap((m) => m.officeIds))].sort();
  return { role: top.role, unitId: top.unitId, officeIds: officeless(top.role) ? [] : officeIds };
}

export type ProvisionResult =
  | { kind: 'ok'; staffId: string; created: boolean; role: Role }
  | { kind: 'email-taken' }
  | { kind: 'disabled'; staffId: string | undefined };

/**
 * Makes the provider's person a staff member of the authority, or brings the account up to date: the
 * provider is the source of the name, role, unit and offices, at every sign-in. Without access (no
 * mapped group) an existing account is disabled. An address that belongs to a local account of the
 * authority is not taken over: its administrator decides.
 */
export async function provisionSsoStaff(
  tx: Queryable,
  tenantId: string,
  person: { subject: string; email: string; displayName: string },
  access: Access | undefined,
): Promise<ProvisionResult> {
  const [existing] = await tx.query<{ id: string }>(
    'SELECT id FROM staff WHERE tenant_id = $1 AND oidc_subject = $2 FOR UPDATE',
    [tenantId, person.subject],
  );
  if (!access) {
    if (existing) await tx.query('UPDATE staff SET active = false WHERE id = $1', [existing.id]);
    return { kind: 'disabled', staffId: existing?.id };
  }
  const [holder] = await tx.query<{ id: string }>(
    'SELECT id FROM staff WHERE tenant_id = $1 AND email = $2',
    [tenantId, person.email],
  );
  if (holder && holder.id !== existing?.id) return { kind: 'email-taken' };
  // A unit deleted since the mapping was saved leaves the account without one rather than failing.
  const [unit] = access.unitId
    ? await tx.query<{ id: string }>('SELECT id FROM units WHERE tenant_id = $1 AND id = $2', [
        tenantId,
        access.unitId,
      ])
    : [];
  const values = [person.email, person.displayName, access.role, unit?.id ?? null];
  let staffId: string;
  if (existing) {
    await tx.query(
      `UPDATE staff SET email = $2, display_name = $3, role = $4, unit_id = $5, active = true WHERE id = $1`,
      [existing.id, ...values],
    );
    staffId = existing.id;
  } else {
    const [row] = await tx.query<{ id: string }>(
      `INSERT INTO staff (tenant_id, email, display_name, role, unit_id, active, password_hash, oidc_subject)
       VALUES ($1, $2, $3, $4, $5, true, NULL, $6) RETURNING id`,
      [tenantId, ...values, person.subject],
    );
    staffId = row!.id;
  }
  await tx.query('DELETE FROM staff_offices WHERE staff_id = $1', [staffId]);
  // Offices of another authority or deleted since the mapping was saved are skipped, not an error.
  await tx.query(
    `INSERT INTO staff_offices (tenant_id, staff_id, office_id)
     SELECT $1, $2, o.id FROM offices o WHERE o.tenant_id = $1 AND o.id = ANY($3::uuid[])`,
    [tenantId, staffId, access.officeIds],
  );
  return { kind: 'ok', staffId, created: !existing, role: access.role };
}
