import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import {
  ChangeByStaffRequest,
  DayQuery,
  FirmBooking,
  MoveByStaffRequest,
  StaffAppointment,
  StaffBookingRequest,
} from '../../../shared/booking';
import { IdParams } from '../../../shared/fields';
import { SERVING_ROLES } from '../../../shared/roles';
import type { AppContext } from '../../context';
import { conflict, notFound } from '../../http/problem';
import { recordAudit } from '../audit/audit-log';
import { principal, requireStaff } from '../auth/guard';
import { type AppointmentChange, recordAppointmentChange } from './change-record';

/** Agents' and leads' calendar: the day's appointments at their offices, booking for citizens, changes. */
export const staffBookingRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  app.addHook('preHandler', requireStaff(ctx, SERVING_ROLES));

  const byStaff = (me: { tenantId: string; id: string }, change: AppointmentChange) =>
    recordAppointmentChange(me.tenantId, `staff:${me.id}`, change);

  /** The appointment, if it belongs to an office the staff member is assigned to (admins: any office). */
  const ownAppointment = async (request: Parameters<typeof principal>[0], id: string) => {
    const me = principal(request);
    const rows = await ctx.db.query(
      `SELECT 1 FROM appointments a WHERE a.id = $1 AND a.tenant_id = $2
          AND ($4 OR EXISTS (SELECT 1 FROM staff_offices so WHERE so.office_id = a.office_id AND so.staff_id = $3))`,
      [id, me.tenantId, me.id, me.role === 'admin'],
    );
    if (rows.length === 0) throw notFound('Appointment');
    return me;
  };

  app.get(
    '/appointments',
    { schema: { querystring: DayQuery, response: { 200: z.array(StaffAppointment) } } },
    async (request) => {
      const me = principal(request);
      const [tenant] = await ctx.db.query<{ timeZone: string }>(
        'SELECT time_zone AS "timeZone" FROM tenants WHERE id = $1',
        [me.tenantId],
      );
      const day = Temporal.PlainDate.from(request.query.date);
      const from = day.toZonedDateTime(tenant!.timeZone).toInstant().toString();
      const to = day.add({ days: 1 }).toZonedDateTime(tenant!.timeZone).toInstant().toString();
      type Row = Omit<StaffAppointment, 'start' | 'end' | 'arrivedAt'> & {
        start: Date;
        end: Date;
        arrivedAt: Date | null;
      };
      const rows = await ctx.db.query<Row>(
        `SELECT a.id, a.starts_at AS start, a.ends_at AS "end", a.status, s.id AS "serviceId", s.name AS "serviceName",
                a.office_id AS "officeId", a.kind, a.arrived_at AS "arrivedAt", a.citizen_name AS "citizenName",
                st.display_name AS "agentName",
                (v.status IN ('waiting', 'in_consultation')) IS TRUE AS "checkedIn", a.visit_id AS "visitId"
           FROM appointments a JOIN services s ON s.id = a.service_id JOIN staff st ON st.id = a.agent_id
           LEFT JOIN visits v ON v.id = a.visit_id
          WHERE a.tenant_id = $1 AND a.starts_at >= $2 AND a.starts_at < $3 AND a.status <> 'expired'
            AND ($5 OR EXISTS (SELECT 1 FROM staff_offices so WHERE so.office_id = a.office_id AND so.staff_id = $4))
          ORDER BY a.starts_at, st.display_name`,
        [me.tenantId, from, to, me.id, me.role === 'admin'],
      );
      return rows.map((r) => ({
        ...r,
        start: r.start.toISOString(),
        end: r.end.toISOString(),
        arrivedAt: r.arrivedAt?.toISOString() ?? null,
      }));
    },
  );

  app.post(
    '/appointments',
    { schema: { body: StaffBookingRequest, response: { 201: FirmBooking } } },
    async (request, reply) => {
      const me = principal(request);
      const { serviceId, ...booking } = request.body;
      const confirmation = await ctx.bookings.book(
        me.tenantId,
        serviceId,
        booking,
        me.id,
        byStaff(me, 'appointment.booked'),
      );
      return reply.code(201).send(confirmation);
    },
  );

  app.post(
    '/appointments/:id/cancel',
    { schema: { params: IdParams, body: ChangeByStaffRequest } },
    async (request, reply) => {
      const me = await ownAppointment(request, request.params.id);
      await ctx.bookings.cancel(
        request.params.id,
        byStaff(me, 'appointment.cancelled'),
        request.body.message,
      );
      return reply.code(204).send();
    },
  );

  app.post(
    '/appointments/:id/move',
    { schema: { params: IdParams, body: MoveByStaffRequest } },
    async (request, reply) => {
      const me = await ownAppointment(request, request.params.id);
      await ctx.bookings.move(
        request.params.id,
        me.tenantId,
        request.body.start,
        byStaff(me, 'appointment.moved'),
        request.body.message,
      );
      return reply.code(204).send();
    },
  );

  /**
   * A counter mark on one appointment at …/:id/`mark` (`update` sets it where its conditions hold, $1 the id and $2 now),
   * audited as `action`; 409 with `refusal` when the appointment is not in a state to take it.
   */
  const markAppointment = (mark: string, update: string, action: string, refusal: string) =>
    app.post(`/appointments/:id/${mark}`, { schema: { params: IdParams } }, async (request, reply) => {
      const me = await ownAppointment(request, request.params.id);
      const marked = await ctx.db.transaction(async (tx) => {
        const rows = await tx.query(`${update} RETURNING id`, [request.params.id, ctx.clock().toString()]);
        if (rows.length > 0) {
          await recordAudit(tx, {
            tenantId: me.tenantId,
            actor: `staff:${me.id}`,
            action,
            object: `appointment:${request.params.id}`,
          });
        }
        return rows.length > 0;
      });
      if (!marked) throw conflict(refusal);
      return reply.code(204).send();
    });

  // A citizen checked in at the counter is no no-show.
  markAppointment(
    'no-show',
    `UPDATE appointments SET status = 'no_show'
      WHERE id = $1 AND status = 'booked' AND starts_at <= $2 AND arrived_at IS NULL`,
    'appointment.no_show',
    'Only a booked appointment that has begun can be marked as missed',
  );

  // Check-in at the counter: an in-person citizen has arrived. Video appointments check in by their link.
  markAppointment(
    'arrived',
    `UPDATE appointments SET arrived_at = $2
      WHERE id = $1 AND status = 'booked' AND kind = 'on_site' AND arrived_at IS NULL`,
    'appointment.arrived',
    'Only a booked in-person appointment not yet checked in can be marked as arrived',
  );
};
