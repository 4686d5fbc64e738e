import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type Staff, StaffCreate, type StaffInput, StaffUpdate } from '../../../shared/admin';
import { IdParams } from '../../../shared/fields';
import type { AppContext } from '../../context';
import type { Queryable } from '../../db/client';
import { conflict, notFound } from '../../http/problem';
import { recordAuditNow } from '../audit/audit-log';
import { principal, requireStaff } from '../auth/guard';
import { hashPassword } from '../auth/passwords';
import type { StaffPrincipal } from '../auth/sessions';
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

export function staffRepository(ctx: AppContext) {
  const { db } = ctx;
  const get = async (tenantId: string, id: string) =>
    (await db.query<Staff>(`${SELECT} WHERE s.tenant_id = $1 AND s.id = $2`, [tenantId, id]))[0];
  return {
    get,
    list: (tenantId: string) =>
      db.query<Staff>(`${SELECT} WHERE s.tenant_id = $1 ORDER BY s.display_name`, [tenantId]),
    async create(tenantId: string, input: StaffCreate) {
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
      // A disabled account or a new password ends every open session at once.
      if (found && (!input.active || passwordHash)) await ctx.sessions.endAllOf(id);
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

/** Admins may not lock themselves out: no self-demotion, self-disabling or self-deletion. */
async function authorizeStaffWrite(_ctx: AppContext, who: StaffPrincipal, state: StaffInput, write: Write) {
  requireAdmin(who);
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
  // Role changes, disabling and office assignment are what an audit of access rights asks about.
  auditDetails: (s) => ({ role: s.role, active: s.active, unitId: s.unitId, officeIds: s.officeIds }),
});

/** Admins end all sessions of a staff member, e.g. after a lost laptop. */
export const staffSessionRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.delete(
    '/staff/:id/sessions',
    { preHandler: requireStaff(ctx, ['admin']), schema: { params: IdParams } },
    async (request, reply) => {
      const who = principal(request);
      const rows = await ctx.db.query('SELECT 1 FROM staff WHERE tenant_id = $1 AND id = $2', [
        who.tenantId,
        request.params.id,
      ]);
      if (rows.length === 0) throw notFound('Staff member');
      await ctx.sessions.endAllOf(request.params.id);
      await recordAuditNow(ctx.db, {
        tenantId: who.tenantId,
        actor: `staff:${who.id}`,
        action: 'staff.sessions_ended',
        object: `staff:${request.params.id}`,
      });
      return reply.code(204).send();
    },
  );
};
