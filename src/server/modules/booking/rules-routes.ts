import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { BookingRules } from '../../../shared/booking-rules';
import type { AppContext } from '../../context';
import { recordAudit } from '../audit/audit-log';
import { principal, requireStaff } from '../auth/guard';
import { loadBookingRules, saveBookingRules } from './booking-rules';

/** /api/admin/tenant/booking-rules: everyone of the authority reads them, admins change them. */
export const bookingRulesRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.get(
    '/tenant/booking-rules',
    { preHandler: requireStaff(ctx), schema: { response: { 200: BookingRules } } },
    async (request) => loadBookingRules(ctx.db, principal(request).tenantId),
  );

  app.put(
    '/tenant/booking-rules',
    {
      preHandler: requireStaff(ctx, ['admin']),
      schema: { body: BookingRules, response: { 200: BookingRules } },
    },
    async (request) => {
      const me = principal(request);
      return ctx.db.transaction(async (tx) => {
        const saved = await saveBookingRules(tx, me.tenantId, request.body);
        // Loosening them weakens the booking calendar's defence: who did it goes on record.
        await recordAudit(tx, {
          tenantId: me.tenantId,
          actor: `staff:${me.id}`,
          action: 'tenant.booking_rules_changed',
          object: `tenant:${me.tenantId}`,
          details: saved,
        });
        return saved;
      });
    },
  );
};
