import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { type Tenant, TenantSettings } from '../../../shared/admin';
import type { AppContext } from '../../context';
import { recordAuditNow } from '../audit/audit-log';
import { principal, requireStaff } from '../auth/guard';

const COLUMNS = `id, slug, name, logo_url AS "logoUrl", time_zone AS "timeZone", holiday_state AS "holidayState",
  retention_days AS "retentionDays", protocol_retention_days AS "protocolRetentionDays",
  second_factor AS "secondFactor"`;

/** The signed-in staff member's own authority: everyone reads it, admins change it. */
export const tenantRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.get('/tenant', { preHandler: requireStaff(ctx) }, async (request) => {
    const [tenant] = await ctx.db.query<Tenant>(`SELECT ${COLUMNS} FROM tenants WHERE id = $1`, [
      principal(request).tenantId,
    ]);
    return tenant;
  });

  app.put(
    '/tenant',
    { preHandler: requireStaff(ctx, ['admin']), schema: { body: TenantSettings } },
    async (request) => {
      const s = request.body;
      const [tenant] = await ctx.db.query<Tenant>(
        `UPDATE tenants SET name = $2, logo_url = $3, time_zone = $4, holiday_state = $5, retention_days = $6,
           protocol_retention_days = $7, second_factor = $8
       WHERE id = $1 RETURNING ${COLUMNS}`,
        [
          principal(request).tenantId,
          s.name,
          s.logoUrl,
          s.timeZone,
          s.holidayState,
          s.retentionDays,
          s.protocolRetentionDays,
          s.secondFactor,
        ],
      );
      const me = principal(request);
      await recordAuditNow(ctx.db, {
        tenantId: me.tenantId,
        actor: `staff:${me.id}`,
        action: 'tenant.settings_changed',
        object: `tenant:${me.tenantId}`,
        details: {
          timeZone: s.timeZone,
          holidayState: s.holidayState,
          retentionDays: s.retentionDays,
          protocolRetentionDays: s.protocolRetentionDays,
          secondFactor: s.secondFactor,
        },
      });
      return tenant;
    },
  );
};
