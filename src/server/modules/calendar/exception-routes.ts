import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { type CalendarException, CalendarExceptionInput } from '../../../shared/calendar';
import { CALENDAR_MESSAGES } from '../../../shared/calendar-messages';
import { Id } from '../../../shared/fields';
import type { AppContext } from '../../context';
import { HttpProblem, notFound } from '../../http/problem';
import { recordAudit } from '../audit/audit-log';
import { principal, requireStaff } from '../auth/guard';
import { managedOffice } from './office-access';

/** How far ahead an entry may start: authorities plan closures a few years out, not decades. */
const MAX_YEARS_AHEAD = 5;

const OfficeParams = z.strictObject({ id: Id });
const ExceptionParams = z.strictObject({ id: Id, exceptionId: Id });

const COLUMNS = `id, office_id AS "officeId", to_char(first_day, 'YYYY-MM-DD') AS "firstDay",
  to_char(last_day, 'YYYY-MM-DD') AS "lastDay", hours, reason`;

/** A 400 naming the field, as schema errors do, for dates that make no sense today. */
function outOfRange(input: CalendarExceptionInput, today: Temporal.PlainDate) {
  const bad = (field: string, message: string) =>
    new HttpProblem(400, 'Bad Request', `Invalid body.${field}`, {
      errors: [{ field: `body.${field}`, message }],
    });
  // An entry wholly in the past changes nothing; one decades ahead is a typo in the year.
  if (input.lastDay < today.toString()) return bad('lastDay', CALENDAR_MESSAGES.inThePast);
  if (input.firstDay > today.add({ years: MAX_YEARS_AHEAD }).toString())
    return bad('firstDay', CALENDAR_MESSAGES.tooFarAhead);
  return undefined;
}

/**
 * An office's special dates: an evening opening, a closure for a date or a range. Each replaces the
 * weekly hours on its dates for walk-ins and bookings; no two of one office overlap (the database says).
 */
export const calendarExceptionRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.addHook('preHandler', requireStaff(ctx, ['admin', 'lead']));
  const today = (timeZone: string) => ctx.clock().toZonedDateTimeISO(timeZone).toPlainDate();

  app.get('/offices/:id/calendar-exceptions', { schema: { params: OfficeParams } }, async (request) => {
    const office = await managedOffice(ctx, principal(request), request.params.id);
    return ctx.db.query<CalendarException>(
      `SELECT ${COLUMNS} FROM office_calendar_exceptions WHERE office_id = $1 AND last_day >= $2
        ORDER BY first_day`,
      [office.id, today(office.timeZone).toString()],
    );
  });

  app.post(
    '/offices/:id/calendar-exceptions',
    { schema: { params: OfficeParams, body: CalendarExceptionInput } },
    async (request, reply) => {
      const who = principal(request);
      const office = await managedOffice(ctx, who, request.params.id);
      const input = request.body;
      const problem = outOfRange(input, today(office.timeZone));
      if (problem) throw problem;
      const created = await ctx.db.transaction(async (tx) => {
        const [row] = await tx.query<CalendarException>(
          `INSERT INTO office_calendar_exceptions (tenant_id, office_id, first_day, last_day, hours, reason)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${COLUMNS}`,
          [who.tenantId, office.id, input.firstDay, input.lastDay, JSON.stringify(input.hours), input.reason],
        );
        await recordAudit(tx, {
          tenantId: who.tenantId,
          actor: `staff:${who.id}`,
          action: 'offices.calendar_exception_added',
          object: `offices:${office.id}`,
          details: {
            exceptionId: row!.id,
            firstDay: input.firstDay,
            lastDay: input.lastDay,
            hours: input.hours,
          },
        });
        return row!;
      });
      return reply.code(201).send(created);
    },
  );

  app.delete(
    '/offices/:id/calendar-exceptions/:exceptionId',
    { schema: { params: ExceptionParams } },
    async (request, reply) => {
      const who = principal(request);
      const office = await managedOffice(ctx, who, request.params.id);
      await ctx.db.transaction(async (tx) => {
        const [removed] = await tx.query<{ firstDay: string; lastDay: string }>(
          `DELETE FROM office_calendar_exceptions WHERE id = $1 AND office_id = $2
           RETURNING to_char(first_day, 'YYYY-MM-DD') AS "firstDay", to_char(last_day, 'YYYY-MM-DD') AS "lastDay"`,
          [request.params.exceptionId, office.id],
        );
        if (!removed) throw notFound('Calendar exception');
        await recordAudit(tx, {
          tenantId: who.tenantId,
          actor: `staff:${who.id}`,
          action: 'offices.calendar_exception_removed',
          object: `offices:${office.id}`,
          details: { exceptionId: request.params.exceptionId, ...removed },
        });
      });
      return reply.code(204).send();
    },
  );
};
