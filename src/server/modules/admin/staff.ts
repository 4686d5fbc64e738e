import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type Staff, StaffCreate, type StaffInput, StaffUpdate } from '../../../shared/admin';
import { IdParams } from '../../../shared/fields';
import { OFFICELESS_ROLES, type Role } from '../../../shared/roles';
import type { AppContext } from '../../context';
import type { Queryable } from '../../db/client';
import { conflict, HttpProblem, notFound } from '../../http/problem';
import { recordAuditNow } from '../audit/audit-log';
import { principal, requireStaff } from '../auth/guard';
import { requireStrongPassword } from '../auth/password-strength';
import { hashPassword } from '../auth/passwords';
import type { StaffPrincipal } from '../auth/sessions';
import { accountKey, clear } from '../auth/throttle';
import { crudRoutes, type Write } from './crud';
import { requireAdmin } from './permissions';

const SELECT = `SELECT s.id, s.email, s.display_name AS "displayName", s.role, s.unit_id AS "unitId", s.active,
    coalesce((SELECT array_agg(o.office_id ORDER BY o.office_id) FROM staff_offices o WHERE o.staff_id = s.id),
             '{}') AS "officeIds"
  FROM staff s`;

async function replaceOffices(tx: Queryable, tenantId: string, staffId: string, officeIds: string[]) {
  await tx.query('DELETE FROM staff_offices WHERE staff_id = $1', [staffId]);
  if (officeIds.length === 0) return;
  await tx.query(
    `INSERT INTO staff_offices (tenant_id, staff_id, office_id)
     SELECT $1, $2, unnest($3::uuid[]) ON CONFLICT DO NOTHING`,
    [tenantId, staffId, officeIds],
  );
}

const profile = (s: StaffInput) => [s.email, s.displayName, s.role, s.unitId, s.active];

/** A password an admin sets must not be guessable from the account's own details either. */
async function requireStrongStaffPassword(
  db: Queryable,
  tenantId: string,
  input: StaffInput,
  password: string,
) {
  const [tenant] = await db.query<{ name: string; slug: string }>(
    'SELECT name, slug FROM tenants WHERE id = $1',
    [tenantId],
  );
  await requireStrongPassword(password, [
    input.email,
    input.displayName,
    tenant?.name ?? '',
    tenant?.slug ?? '',
  ]);
}

export function staffRepository(ctx: AppContext) {
  const { db } = ctx;
  const get = async (tenantId: string, id: string) =>
    (await db.query<Staff>(`${SELECT} WHERE s.tenant_id = $1 AND s.id = $2`, [tenantId, id]))[0];
  return {
    get,
    list: (tenantId: string) =>
      db.query<Staff>(`${SELECT} WHERE s.tenant_id = $1 ORDER BY s.display_name`, [tenantId]),
    async create(tenantId: string, input: StaffCreate) {
      await requireStrongStaffPassword(db, tenantId, input, input.password);
      const passwordHash = await hashPassword(input.password);
      const id = await db.transaction(async (tx) => {
        const [row] = await tx.query<{ id: string }>(
          `INSERT INTO staff (tenant_id, email, display_name, role, unit_id, active, password_hash)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [tenantId, ...profile(input), passwordHash],
        );
        await replaceOffices(tx, tenantId, row!.id, input.officeIds);
        return row!.id;
      });
      return (await get(tenantId, id)) as Staff;
    },
    async update(tenantId: string, id: string, input: StaffUpdate) {
      if (input.password) await requireStrongStaffPassword(db, tenantId, input, input.password);
      const passwordHash = input.password ? await hashPassword(input.password) : null;
      const found = await db.transaction(async (tx) => {
        const rows = await tx.query(
          `UPDATE staff SET email = $3, display_name = $4, role = $5, unit_id = $6, active = $7,
             password_hash = coalesce($8, password_hash)
           WHERE tenant_id = $1 AND id = $2 RETURNING id`,
          [tenantId, id, ...profile(input), passwordHash],
        );
        if (rows.length > 0) await replaceOffices(tx, tenantId, id, input.officeIds);
        return rows.length > 0;
      });
      // A disabled account or a new password ends every open session at once; a new password also lifts
      // a sign-in lock, so the holder can use it at once.
      if (found && (!input.active || passwordHash)) await ctx.sessions.endAllOf(id);
      if (found && passwordHash) await clear(db, accountKey(input.email));
      return found ? get(tenantId, id) : undefined;
    },
    async remove(tenantId: string, id: string) {
      const rows = await db.query('DELETE FROM staff WHERE tenant_id = $1 AND id = $2 RETURNING id', [
        tenantId,
        id,
      ]);
      // The sessions went with the account (cascade); its open sockets must go too.
      if (rows.length > 0) await ctx.sessions.endAllOf(id);
      return rows.length > 0;
    },
  };
}

/**
 * Admins may not lock themselves out: no self-demotion, self-disabling or self-deletion. A reporting
 * account reads only and a data-protection officer answers requests, so neither is given an office
 * (whose queue it would see).
 */
async function authorizeStaffWrite(_ctx: AppContext, who: StaffPrincipal, state: StaffInput, write: Write) {
  requireAdmin(who);
  if ((OFFICELESS_ROLES as readonly Role[]).includes(state.role) && state.officeIds.length > 0) {
    const detail = `A ${state.role} account serves no office`;
    throw new HttpProblem(400, 'Bad Request', detail, {
      errors: [{ field: 'body.officeIds', message: detail }],
    });
  }
  if (write.action === 'create' || write.id !== who.id) return;
  if (write.action === 'delete' || state.role !== 'admin' || !state.active) {
    throw conflict('You cannot remove your own administrator rights');
  }
}

export const staffCrudRoutes = crudRoutes({
  path: '/staff',
  noun: 'Staff member',
  createInput: StaffCreate,
  updateInput: StaffUpdate,
  repository: staffRepository,
  authorizeWrite: authorizeStaffWrite,
  // Leads see who works in the authority; agents see no colleague's e-mail address.
  readRoles: ['admin', 'lead'],
  // Role changes, disabling and office assignment are what an audit of access rights asks about.
  auditDetails: (s) => ({ role: s.role, active: s.active, unitId: s.unitId, officeIds: s.officeIds }),
});

/** The admin actions on one colleague's access: end all sessions, lift a sign-in lock, reset the second factor. */
export const staffAccessRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const adminOnly = { preHandler: requireStaff(ctx, ['admin']), schema: { params: IdParams } };
  /** The colleague in the admin's authority, or 404; the action goes to the audit trail. */
  const act = async (who: StaffPrincipal, id: string, action: string) => {
    const [row] = await ctx.db.query<{ email: string }>(
      'SELECT email FROM staff WHERE tenant_id = $1 AND id = $2',
      [who.tenantId, id],
    );
    if (!row) throw notFound('Staff member');
    await recordAuditNow(ctx.db, {
      tenantId: who.tenantId,
      actor: `staff:${who.id}`,
      action,
      object: `staff:${id}`,
    });
    return row;
  };

  // E.g. after a lost laptop.
  app.delete('/staff/:id/sessions', adminOnly, async (request, reply) => {
    await act(principal(request), request.params.id, 'staff.sessions_ended');
    await ctx.sessions.endAllOf(request.params.id);
    return reply.code(204).send();
  });

  // Someone kept guessing: the holder may sign in again at once (known browsers were never locked).
  app.delete('/staff/:id/sign-in-lock', adminOnly, async (request, reply) => {
    const { email } = await act(principal(request), request.params.id, 'staff.sign_in_lock_lifted');
    await clear(ctx.db, accountKey(email));
    return reply.code(204).send();
  });

  // A lost phone: the next sign-in sets up a new app (when the authority asks for one); sessions end.
  app.delete('/staff/:id/second-factor', adminOnly, async (request, reply) => {
    await act(principal(request), request.params.id, 'staff.second_factor_reset');
    await ctx.db.query('DELETE FROM staff_totp WHERE staff_id = $1', [request.params.id]);
    await ctx.db.query('DELETE FROM staff_recovery_codes WHERE staff_id = $1', [request.params.id]);
    await ctx.db.query('DELETE FROM staff_passkeys WHERE staff_id = $1', [request.params.id]);
    await ctx.sessions.endAllOf(request.params.id);
    return reply.code(204).send();
  });
};
