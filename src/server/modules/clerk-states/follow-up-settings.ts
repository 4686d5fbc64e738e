import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { FollowUpSettings, FollowUpUpdate } from '../../../shared/clerk-states';
import type { AppContext } from '../../context';
import type { Queryable } from '../../db/client';
import { HttpProblem, notFound } from '../../http/problem';
import { recordAudit } from '../audit/audit-log';
import { principal, requireStaff } from '../auth/guard';

/** The authority's follow-up minutes and each office's own (migration 0035 holds the default). */
async function loadFollowUp(db: Queryable, tenantId: string): Promise<FollowUpSettings> {
  const [tenant] = await db.query<{ minutes: number }>(
    'SELECT follow_up_minutes AS minutes FROM tenants WHERE id = $1',
    [tenantId],
  );
  if (!tenant) throw notFound('Authority');
  const offices = await db.query<FollowUpSettings['offices'][number]>(
    `SELECT id AS "officeId", name, follow_up_minutes AS minutes FROM offices WHERE tenant_id = $1
      ORDER BY name, id`,
    [tenantId],
  );
  return { minutes: tenant.minutes, offices };
}

async function saveFollowUp(db: Queryable, tenantId: string, update: FollowUpUpdate) {
  await db.query('UPDATE tenants SET follow_up_minutes = $2 WHERE id = $1', [tenantId, update.minutes]);
  for (const [index, office] of update.offices.entries()) {
    const found = await db.query(
      'UPDATE offices SET follow_up_minutes = $3 WHERE id = $1 AND tenant_id = $2 RETURNING 1',
      [office.officeId, tenantId, office.minutes],
    );
    if (found.length === 0) {
      const field = `body.offices.${index}.officeId`;
      throw new HttpProblem(400, 'Bad Request', `Invalid ${field}: no such office`, {
        errors: [{ field, message: 'no such office' }],
      });
    }
  }
}

/**
 * /api/admin/tenant/follow-up: the follow-up work after each call ("Nachbearbeitung"). Admins read and
 * change it; the change is audited like the authority's other settings.
 */
export const followUpSettingsRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.get(
    '/tenant/follow-up',
    { preHandler: requireStaff(ctx, ['admin']), schema: { response: { 200: FollowUpSettings } } },
    async (request) => loadFollowUp(ctx.db, principal(request).tenantId),
  );

  app.put(
    '/tenant/follow-up',
    {
      preHandler: requireStaff(ctx, ['admin']),
      schema: { body: FollowUpUpdate, response: { 200: FollowUpSettings } },
    },
    async (request) => {
      const me = principal(request);
      return ctx.db.transaction(async (tx) => {
        await saveFollowUp(tx, me.tenantId, request.body);
        await recordAudit(tx, {
          tenantId: me.tenantId,
          actor: `staff:${me.id}`,
          action: 'tenant.follow_up_changed',
          object: `tenant:${me.tenantId}`,
          details: request.body,
        });
        return loadFollowUp(tx, me.tenantId);
      });
    },
  );
};
