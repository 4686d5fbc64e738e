import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { StaffExceptionInput, WorkingHoursRequest } from '../../../shared/booking';
import { Id } from '../../../shared/fields';
import { type AppContext, clockDate } from '../../context';
import { notFound } from '../../http/problem';
import { principal, requireStaff } from '../auth/guard';

const ExceptionParams = z.strictObject({ id: Id, exceptionId: Id });

/**
 * Hybrid working: an agent's own weekly hours and date exceptions (absent, extra hours), which the
 * slot search uses. Admins manage everyone's; every agent may manage their own.
 */
export const availabilityRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.addHook('preHandler', requireStaff(ctx));
  const allowed = async (request: Parameters<typeof principal>[0], staffId: string) => {
    const me = principal(request);
    const rows = await ctx.db.query('SELECT 1 FROM staff WHERE id = $1 AND tenant_id = $2', [
      staffId,
      me.tenantId,
    ]);
    if (rows.length === 0 || (me.role !== 'admin' && me.id !== staffId)) throw notFound('Staff member');
    return me;
  };

  app.get('/staff/:id/availability', { schema: { params: z.strictObject({ id: Id }) } }, async (request) => {
    await allowed(request, request.params.id);
    const [staff] = await ctx.db.query<{ workingHours: unknown }>(
      'SELECT working_hours AS "workingHours" FROM staff WHERE id = $1',
      [request.params.id],
    );
    const exceptions = await ctx.db.query<{ id: string; kind: string; from: Date; to: Date }>(
      // The app's clock, not the database's: the two differ in tests at other instants (and "still to
      // come" is the app's notion, as everywhere else in booking).
      `SELECT id, kind, lower(during) AS "from", upper(during) AS "to" FROM staff_exceptions
        WHERE staff_id = $1 AND upper(during) > $2 ORDER BY lower(during)`,
      [request.params.id, clockDate(ctx)],
    );
    return {
      workingHours: staff!.workingHours,
      exceptions: exceptions.map((e) => ({ ...e, from: e.from.toISOString(), to: e.to.toISOString() })),
    };
  });

  app.put(
    '/staff/:id/working-hours',
    { schema: { params: z.strictObject({ id: Id }), body: WorkingHoursRequest } },
    async (request, reply) => {
      await allowed(request, request.params.id);
      await ctx.db.query('UPDATE staff SET working_hours = $2 WHERE id = $1', [
        request.params.id,
        request.body.workingHours ? JSON.stringify(request.body.workingHours) : null,
      ]);
      return reply.code(204).send();
    },
  );

  app.post(
    '/staff/:id/exceptions',
    { schema: { params: z.strictObject({ id: Id }), body: StaffExceptionInput } },
    async (request, reply) => {
      const me = await allowed(request, request.params.id);
      const [row] = await ctx.db.query<{ id: string }>(
        `INSERT INTO staff_exceptions (tenant_id, staff_id, kind, during) VALUES ($1, $2, $3, tstzrange($4, $5)) RETURNING id`,
        [me.tenantId, request.params.id, request.body.kind, request.body.from, request.body.to],
      );
      return reply.code(201).send({ id: row!.id });
    },
  );

  app.delete(
    '/staff/:id/exceptions/:exceptionId',
    { schema: { params: ExceptionParams } },
    async (request, reply) => {
      await allowed(request, request.params.id);
      const rows = await ctx.db.query(
        'DELETE FROM staff_exceptions WHERE id = $1 AND staff_id = $2 RETURNING id',
        [request.params.exceptionId, request.params.id],
      );
      if (rows.length === 0) throw notFound('Exception');
      return reply.code(204).send();
    },
  );
};
