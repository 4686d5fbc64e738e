import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type LocalHoliday, LocalHolidayInput } from '../../../shared/calendar';
import { IdParams } from '../../../shared/fields';
import type { AppContext } from '../../context';
import type { Queryable } from '../../db/client';
import { notFound } from '../../http/problem';
import { requireAdmin } from '../admin/permissions';
import { recordAudit } from '../audit/audit-log';
import { principal, requireStaff } from '../auth/guard';
import type { StaffPrincipal } from '../auth/sessions';
import { managedOffice } from './office-access';

const COLUMNS = `id, month_day AS "monthDay", name, office_id AS "officeId"`;

const audit = (tx: Queryable, who: StaffPrincipal, action: string, holiday: LocalHoliday) =>
  recordAudit(tx, {
    tenantId: who.tenantId,
    actor: `staff:${who.id}`,
    action: `local-holidays.${action}`,
    object: `local-holidays:${holiday.id}`,
    details: { monthDay: holiday.monthDay, officeId: holiday.officeId },
  });

/** The authority's own holidays are the admins'; an office's own one also its unit's leads'. */
async function authorize(ctx: AppContext, who: StaffPrincipal, officeId: string | null) {
  if (officeId === null) requireAdmin(who);
  else await managedOffice(ctx, who, officeId);
}

/**
 * Holidays of the authority (or of one of its offices) besides its state's, every year on the same
 * date: Augsburg's Friedensfest, Mariä Himmelfahrt in a Catholic municipality. They close like the
 * state's holidays; a special opening on the date still opens.
 */
export const localHolidayRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.addHook('preHandler', requireStaff(ctx, ['admin', 'lead']));
  app.get('/local-holidays', async (request) =>
    ctx.db.query<LocalHoliday>(
      `SELECT ${COLUMNS} FROM local_holidays WHERE tenant_id = $1 ORDER BY month_day, office_id NULLS FIRST`,
      [principal(request).tenantId],
    ),
  );

  app.post('/local-holidays', { schema: { body: LocalHolidayInput } }, async (request, reply) => {
    const who = principal(request);
    const input = request.body;
    await authorize(ctx, who, input.officeId);
    const created = await ctx.db.transaction(async (tx) => {
      const [row] = await tx.query<LocalHoliday>(
        `INSERT INTO local_holidays (tenant_id, office_id, month_day, name) VALUES ($1, $2, $3, $4)
         RETURNING ${COLUMNS}`,
        [who.tenantId, input.officeId, input.monthDay, input.name],
      );
      await audit(tx, who, 'created', row!);
      return row!;
    });
    return reply.code(201).send(created);
  });

  app.delete('/local-holidays/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const who = principal(request);
    const [found] = await ctx.db.query<LocalHoliday>(
      `SELECT ${COLUMNS} FROM local_holidays WHERE tenant_id = $1 AND id = $2`,
      [who.tenantId, request.params.id],
    );
    if (!found) throw notFound('Local holiday');
    await authorize(ctx, who, found.officeId);
    await ctx.db.transaction(async (tx) => {
      await tx.query('DELETE FROM local_holidays WHERE id = $1', [found.id]);
      await audit(tx, who, 'deleted', found);
    });
    return reply.code(204).send();
  });
};
