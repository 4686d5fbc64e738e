import { Temporal } from 'temporal-polyfill';
import type { BookingConfirmation, BookingRequest, ManagedAppointment } from '../../../shared/booking';
import type { Config } from '../../config';
import type { Db, Queryable } from '../../db/client';
import { checkIntake } from '../../domain/intake';
import { blockedInterval, freeSlots } from '../../domain/slots';
import { conflict, HttpProblem, notFound } from '../../http/problem';
import { enqueueJob } from '../../jobs/queue';
import type { LinkTokens } from '../../security/link-tokens';
import { hashToken } from '../../security/tokens';
import type { ChangeRecorder } from './change-record';
import { loadSlotContext, type SlotContext, slotQuery } from './slot-context';

/** The job that sends mails and SMS about an appointment; see notify-job.ts. */
export const NOTIFY_JOB = 'appointment.notify';
export type NotifyEvent = 'confirmation' | 'reminder' | 'cancelled' | 'rescheduled';

/** How early before the start the join link opens the waiting room. */
export const JOIN_EARLY_MINUTES = 15;

type Deps = {
  db: Db;
  config: Pick<Config, 'booking' | 'publicUrl'>;
  links: LinkTokens;
  clock: () => Temporal.Instant;
};

const dayOf = (instant: Temporal.Instant, timeZone: string) =>
  instant.toZonedDateTimeISO(timeZone).toPlainDate();

function badIntake(problems: { key: string; message: string }[]) {
  const errors = problems.map((p) => ({ field: `body.intake.${p.key}`, message: p.message }));
  return new HttpProblem(400, 'Bad Request', `Invalid ${errors.map((e) => e.field).join(', ')}`, { errors });
}

interface AppointmentRow {
  id: string;
  tenantId: string;
  tenantSlug: string;
  timeZone: string;
  startsAt: Date;
  endsAt: Date;
  status: ManagedAppointment['status'];
  linkVersion: number;
  serviceId: string;
  serviceName: string;
  channel: ManagedAppointment['service']['channel'];
  requiredDocuments: string[];
  officeId: string;
  officeSlug: string;
  officeName: string;
  citizenName: string;
  visitId: string | null;
}

const APPOINTMENT = `SELECT a.id, a.tenant_id AS "tenantId", t.slug AS "tenantSlug", t.time_zone AS "timeZone",
    a.starts_at AS "startsAt", a.ends_at AS "endsAt", a.status, a.link_version AS "linkVersion",
    s.id AS "serviceId", s.name AS "serviceName", s.channel, s.required_documents AS "requiredDocuments",
    o.id AS "officeId", o.slug AS "officeSlug", o.name AS "officeName", a.citizen_name AS "citizenName",
    a.visit_id AS "visitId"
  FROM appointments a JOIN tenants t ON t.id = a.tenant_id JOIN services s ON s.id = a.service_id
  JOIN offices o ON o.id = a.office_id`;

export function createBookingStore({ db, config, links, clock }: Deps) {
  const linkUrls = (row: { id: string; tenantSlug: string; channel: string }, version: number) => {
    const base = `${config.publicUrl.origin}/${row.tenantSlug}/termin`;
    // In the fragment, the token never reaches a server log or a Referer header.
    return {
      manageUrl: `${base}#${links.token('manage', row.id, version)}`,
      joinUrl: row.channel === 'on_site' ? null : `${base}/beitreten#${links.token('join', row.id, version)}`,
    };
  };

  /** The slot must still be free now; returns the agents free for it, least busy that day first. */
  async function freeAgentsAt(context: SlotContext, start: Temporal.Instant, exceptAppointment?: string) {
    const day = dayOf(start, context.calendar.timeZone);
    const agents = exceptAppointment ? await dropOwnAppointment(context, exceptAppointment) : context.agents;
    const slot = freeSlots(
      slotQuery({ ...context, agents }, config.booking, clock(), { from: day, to: day }),
    ).find((s) => s.start.equals(start));
    if (!slot) throw conflict('This time is no longer free. Please choose another one.');
    const load = new Map(agents.map((a) => [a.id, a.busy.length]));
    return [...slot.agentIds].sort((a, b) => (load.get(a) ?? 0) - (load.get(b) ?? 0));
  }

  /** When moving, the appointment's own time must not block its new time. */
  async function dropOwnAppointment(context: SlotContext, appointmentId: string) {
    const [own] = await db.query<{ agentId: string; from: Date }>(
      `SELECT agent_id AS "agentId", lower(blocked) AS "from" FROM appointments WHERE id = $1`,
      [appointmentId],
    );
    return context.agents.map((a) =>
      a.id === own?.agentId
        ? { ...a, busy: a.busy.filter((b) => b.from.epochMilliseconds !== own.from.getTime()) }
        : a,
    );
  }

  /** Inserts for the first agent the database accepts; the exclusion constraint settles races. */
  async function insertForSomeAgent(
    agentIds: string[],
    insert: (tx: Queryable, agentId: string) => Promise<void>,
  ) {
    for (const agentId of agentIds) {
      try {
        await db.transaction((tx) => insert(tx, agentId));
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== '23P01') throw error;
      }
    }
    throw conflict('This time was just taken. Please choose another one.');
  }

  async function byManageToken(token: string) {
    const [row] = await db.query<AppointmentRow>(`${APPOINTMENT} WHERE a.manage_token_hash = $1`, [
      hashToken(token),
    ]);
    if (!row) throw new HttpProblem(404, 'Not Found', 'This link is not valid (any more)');
    return row;
  }

  /** Confirmation (or move notice) now, and a reminder before the start if that is still ahead. */
  async function scheduleNotifications(
    tx: Queryable,
    appointmentId: string,
    event: 'confirmation' | 'rescheduled',
    start: Temporal.Instant,
    extra: { message?: string; previousStartsAt?: string } = {},
  ) {
    await enqueueJob(tx, NOTIFY_JOB, { appointmentId, event, ...extra });
    const remindAt = start.subtract({ hours: config.booking.reminderHoursBefore });
    if (Temporal.Instant.compare(remindAt, clock()) <= 0) return;
    // The reminder names the start it was made for: after a move, the old one finds another start and stays silent.
    await enqueueJob(
      tx,
      NOTIFY_JOB,
      { appointmentId, event: 'reminder', startsAt: start.toString() },
      clock().until(remindAt).total('seconds'),
    );
  }

  const changeable = (row: AppointmentRow) =>
    row.status === 'booked' && clock().epochMilliseconds < row.startsAt.getTime();

  return {
    async book(
      tenantId: string,
      serviceId: string,
      request: Omit<BookingRequest, 'consent'>,
      bookedBy: string | null,
      record: ChangeRecorder,
    ): Promise<BookingConfirmation> {
      const start = Temporal.Instant.from(request.start);
      const day = {
        from: dayOf(start, 'UTC').subtract({ days: 1 }),
        to: dayOf(start, 'UTC').add({ days: 1 }),
      };
      const context = await loadSlotContext(db, tenantId, serviceId, day);
      const problems = checkIntake(context.service.intakeFields, request.intake);
      if (problems.length > 0) throw badIntake(problems);
      const agentIds = await freeAgentsAt(context, start);
      const blocked = blockedInterval(context.service, start);
      const end = start.add({ minutes: context.service.durationMinutes });
      const [tenant] = await db.query<{ slug: string }>('SELECT slug FROM tenants WHERE id = $1', [tenantId]);
      const id = crypto.randomUUID();
      const row = { id, tenantSlug: tenant!.slug, channel: context.service.channel };
      await insertForSomeAgent(agentIds, async (tx, agentId) => {
        await tx.query(
          `INSERT INTO appointments (id, tenant_id, service_id, office_id, agent_id, starts_at, ends_at, blocked,
             citizen_name, citizen_email, citizen_phone, language, intake, manage_token_hash, join_token_hash,
             booked_by_staff_id)
           VALUES ($1, $2, $3, $4, $5, $6, $7, tstzrange($8, $9), $10, $11, $12, $13, $14, $15, $16, $17)`,
          [
            id,
            tenantId,
            serviceId,
            context.office.id,
            agentId,
            start.toString(),
            end.toString(),
            blocked.from.toString(),
            blocked.to.toString(),
            request.name,
            request.email,
            request.phone ?? null,
            request.language,
            JSON.stringify(request.intake),
            links.hash('manage', id, 1),
            context.service.channel === 'on_site' ? null : links.hash('join', id, 1),
            bookedBy,
          ],
        );
        await scheduleNotifications(tx, id, 'confirmation', start);
        await record(tx, id);
      });
      return {
        appointmentId: id,
        start: start.toString(),
        end: end.toString(),
        serviceName: context.service.name,
        officeName: context.office.name,
        channel: context.service.channel,
        ...linkUrls(row, 1),
      };
    },

    /** The appointment behind a manage link; a wrong or retired link learns nothing. */
    async managed(token: string): Promise<ManagedAppointment> {
      const row = await byManageToken(token);
      return {
        appointmentId: row.id,
        tenantSlug: row.tenantSlug,
        timeZone: row.timeZone,
        start: row.startsAt.toISOString(),
        end: row.endsAt.toISOString(),
        status: row.status,
        service: {
          id: row.serviceId,
          name: row.serviceName,
          channel: row.channel,
          requiredDocuments: row.requiredDocuments,
        },
        officeName: row.officeName,
        changeable: changeable(row),
      };
    },

    manageTokenOwner: byManageToken,

    async cancel(appointmentId: string, record: ChangeRecorder, message = '') {
      const rows = await db.transaction(async (tx) => {
        const cancelled = await tx.query(
          `UPDATE appointments SET status = 'cancelled', cancelled_at = now() WHERE id = $1 AND status = 'booked' RETURNING id`,
          [appointmentId],
        );
        if (cancelled.length > 0) {
          await enqueueJob(tx, NOTIFY_JOB, { appointmentId, event: 'cancelled', message });
          await record(tx, appointmentId);
        }
        return cancelled;
      });
      if (rows.length === 0) throw conflict('This appointment cannot be cancelled any more');
    },

    /** Moves to another free time; the old links stop working and the mail carries new ones. */
    async move(
      appointmentId: string,
      tenantId: string,
      newStart: string,
      record: ChangeRecorder,
      message = '',
    ) {
      const [current] = await db.query<{ serviceId: string; status: string; startsAt: Date }>(
        `SELECT service_id AS "serviceId", status, starts_at AS "startsAt" FROM appointments WHERE id = $1 AND tenant_id = $2`,
        [appointmentId, tenantId],
      );
      if (!current) throw notFound('Appointment');
      if (current.status !== 'booked') throw conflict('Only a booked appointment can be moved');
      const start = Temporal.Instant.from(newStart);
      const day = {
        from: dayOf(start, 'UTC').subtract({ days: 1 }),
        to: dayOf(start, 'UTC').add({ days: 1 }),
      };
      const context = await loadSlotContext(db, tenantId, current.serviceId, day);
      const agentIds = await freeAgentsAt(context, start, appointmentId);
      const blocked = blockedInterval(context.service, start);
      const end = start.add({ minutes: context.service.durationMinutes });
      await insertForSomeAgent(agentIds, async (tx, agentId) => {
        const [moved] = await tx.query<{ version: number }>(
          `UPDATE appointments SET agent_id = $2, starts_at = $3, ends_at = $4, blocked = tstzrange($5, $6),
             link_version = link_version + 1
           WHERE id = $1 AND status = 'booked' RETURNING link_version AS version`,
          [
            appointmentId,
            agentId,
            start.toString(),
            end.toString(),
            blocked.from.toString(),
            blocked.to.toString(),
          ],
        );
        if (!moved) throw conflict('Only a booked appointment can be moved');
        await tx.query('UPDATE appointments SET manage_token_hash = $2, join_token_hash = $3 WHERE id = $1', [
          appointmentId,
          links.hash('manage', appointmentId, moved.version),
          context.service.channel === 'on_site' ? null : links.hash('join', appointmentId, moved.version),
        ]);
        await scheduleNotifications(tx, appointmentId, 'rescheduled', start, {
          message,
          previousStartsAt: current.startsAt.toISOString(),
        });
        await record(tx, appointmentId);
      });
    },

    /** The join link at appointment time: into the office's queue as an appointment visit. */
    async join(token: string) {
      const [row] = await db.query<AppointmentRow>(`${APPOINTMENT} WHERE a.join_token_hash = $1`, [
        hashToken(token),
      ]);
      if (row?.status !== 'booked')
        throw new HttpProblem(404, 'Not Found', 'This link is not valid (any more)');
      const now = clock().epochMilliseconds;
      const opens = row.startsAt.getTime() - JOIN_EARLY_MINUTES * 60_000;
      if (now < opens) {
        throw new HttpProblem(409, 'Too early', 'The waiting room opens shortly before your appointment', {
          reason: 'too-early',
          opensAt: new Date(opens).toISOString(),
        });
      }
      if (now > row.endsAt.getTime())
        throw new HttpProblem(409, 'Too late', 'This appointment is over', { reason: 'over' });
      return { row, visitId: row.visitId };
    },

    linkUrls,
  };
}
export type BookingStore = ReturnType<typeof createBookingStore>;
