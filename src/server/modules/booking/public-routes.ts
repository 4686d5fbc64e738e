import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Temporal } from 'temporal-polyfill';
import type { z } from 'zod';
import {
  ActivationResult,
  BookableServices,
  BookingConfirmation,
  BookingRequest,
  JoinResult,
  ManagedAppointment,
  RescheduleRequest,
  SlotList,
  SlotsQuery,
} from '../../../shared/booking';
import { Id } from '../../../shared/fields';
import type { AppContext } from '../../context';
import { withinNotice } from '../../domain/slots';
import { HttpProblem, notFound } from '../../http/problem';
import { storedAppointmentCalendar } from '../notifications/appointment-ics';
import { requireProofOfWork } from '../proof-of-work/routes';
import { TenantParams, VisitAuthHeaders } from '../visits/schema';
import { type AppointmentChange, recordAppointmentChange } from './change-record';

const ServiceParams = TenantParams.extend({ serviceId: Id });

/** Citizens book without an account; manage and join links prove the appointment by their token. */
/**
 * An instant as Temporal writes it ("2026-11-30T07:00:00Z", no zero fraction), from epoch milliseconds:
 * a 60-day search sends over a thousand, and Date's formatter is far cheaper than an Instant each.
 */
const instantText = (ms: number) => new Date(ms).toISOString().replace(/\.?0*Z$/, 'Z');

export const publicBookingRoutes: FastifyPluginAsyncZod<AppContext> = async (app, ctx) => {
  const tenantBySlug = async (slug: string) => {
    const [tenant] = await ctx.db.query<{ id: string; timeZone: string }>(
      'SELECT id, time_zone AS "timeZone" FROM tenants WHERE slug = $1',
      [slug],
    );
    if (!tenant) throw notFound('Authority');
    return tenant;
  };
  const byCitizen = (tenantId: string, change: AppointmentChange) =>
    recordAppointmentChange(tenantId, 'citizen', change);
  const bearer = (authorization: string | undefined) => {
    const token = authorization?.match(/^Bearer (\S+)$/)?.[1];
    if (!token) throw new HttpProblem(401, 'Unauthorized', 'This link is not valid (any more)');
    return token;
  };

  app.get(
    '/tenants/:tenantSlug/services',
    { schema: { params: TenantParams, response: { 200: BookableServices } } },
    async (request) => {
      const tenant = await tenantBySlug(request.params.tenantSlug);
      // Bookable: the service's unit has a virtual office whose agents can take the appointment.
      const services = await ctx.db.query<z.infer<typeof BookableServices>['services'][number]>(
        `SELECT s.id, s.name, s.description, s.duration_minutes AS "durationMinutes", s.channel,
                s.required_documents AS "requiredDocuments", s.intake_fields AS "intakeFields",
                json_build_object('id', u.id, 'name', u.name) AS unit
           FROM services s JOIN units u ON u.id = s.unit_id
          WHERE s.tenant_id = $1 AND EXISTS (SELECT 1 FROM offices o WHERE o.unit_id = s.unit_id)
          ORDER BY u.name, s.name`,
        [tenant.id],
      );
      return { timeZone: tenant.timeZone, services };
    },
  );

  app.get(
    '/tenants/:tenantSlug/services/:serviceId/slots',
    { schema: { params: ServiceParams, querystring: SlotsQuery, response: { 200: SlotList } } },
    async (request) => {
      const tenant = await tenantBySlug(request.params.tenantSlug);
      const now = ctx.clock();
      const from = request.query.from
        ? Temporal.PlainDate.from(request.query.from)
        : now.toZonedDateTimeISO(tenant.timeZone).toPlainDate();
      const days = { from, to: from.add({ days: request.query.days - 1 }) };
      const candidates = await ctx.slotCache.candidates(tenant.id, request.params.serviceId, days);
      const slots = withinNotice(candidates, { now, ...ctx.config.booking });
      return {
        timeZone: tenant.timeZone,
        from: from.toString(),
        days: request.query.days,
        slots: slots.map((s) => ({ start: instantText(s.start), end: instantText(s.end) })),
      };
    },
  );

  app.post(
    '/tenants/:tenantSlug/services/:serviceId/appointments',
    {
      schema: { params: ServiceParams, body: BookingRequest, response: { 201: BookingConfirmation } },
      preHandler: requireProofOfWork(ctx, 'service'),
    },
    async (request, reply) => {
      const tenant = await tenantBySlug(request.params.tenantSlug);
      const { consent: _consent, ...booking } = request.body;
      const confirmation = await ctx.bookings.bookOnline(
        tenant.id,
        request.params.serviceId,
        booking,
        byCitizen(tenant.id, 'appointment.booked'),
      );
      return reply.code(201).send(confirmation);
    },
  );

  app.get(
    '/appointment',
    { schema: { headers: VisitAuthHeaders, response: { 200: ManagedAppointment } } },
    async (request) => ctx.bookings.managed(bearer(request.headers.authorization)),
  );

  app.delete('/appointment', { schema: { headers: VisitAuthHeaders } }, async (request, reply) => {
    const appointment = await ctx.bookings.manageTokenOwner(bearer(request.headers.authorization));
    if (appointment.startsAt.getTime() <= ctx.clock().epochMilliseconds) {
      throw new HttpProblem(409, 'Conflict', 'This appointment has begun and can no longer be cancelled');
    }
    await ctx.bookings.cancel(appointment.id, byCitizen(appointment.tenantId, 'appointment.cancelled'), '', {
      releaseLater: true,
    });
    return reply.code(204).send();
  });

  // The calendar file the confirmation mail carries, for the pages' "add to calendar" too.
  app.get('/appointment/calendar', { schema: { headers: VisitAuthHeaders } }, async (request, reply) => {
    const row = await ctx.bookings.manageTokenOwner(bearer(request.headers.authorization));
    if (row.status !== 'booked') throw new HttpProblem(409, 'Conflict', 'This appointment is not booked');
    const { joinUrl } = ctx.bookings.linkUrls(row, row.linkVersion);
    // The same UID and version as the mail's file: importing both leaves one event.
    const ics = storedAppointmentCalendar(row, joinUrl, ctx.config, {
      stamp: new Date(ctx.clock().epochMilliseconds),
    });
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', 'attachment; filename="termin.ics"')
      .send(ics);
  });

  app.post(
    '/appointment/activate',
    { schema: { headers: VisitAuthHeaders, response: { 200: ActivationResult } } },
    async (request) => ctx.bookings.activate(bearer(request.headers.authorization)),
  );

  app.put(
    '/appointment',
    { schema: { headers: VisitAuthHeaders, body: RescheduleRequest } },
    async (request, reply) => {
      const appointment = await ctx.bookings.manageTokenOwner(bearer(request.headers.authorization));
      await ctx.bookings.move(
        appointment.id,
        appointment.tenantId,
        request.body.start,
        byCitizen(appointment.tenantId, 'appointment.moved'),
      );
      return reply.code(204).send();
    },
  );

  app.post(
    '/appointment/join',
    { schema: { headers: VisitAuthHeaders, response: { 200: JoinResult } } },
    async (request) => {
      const { row } = await ctx.bookings.join(bearer(request.headers.authorization));
      const visit = await ctx.visits.checkInAppointment(row);
      await ctx.visitEvents.officeChanged([visit.officeId], [visit.visitId]);
      if (visit.handedOver) await ctx.visitEvents.handedOver(visit.visitId);
      return { visitToken: visit.visitToken, officeSlug: row.officeSlug, tenantSlug: row.tenantSlug };
    },
  );
};
