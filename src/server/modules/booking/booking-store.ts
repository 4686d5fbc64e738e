import { Temporal } from 'temporal-polyfill';
import type { AppointmentKind } from '../../../shared/admin';
import { KIND_NOT_OFFERED } from '../../../shared/appointment-kind-messages';
import type {
  ActivationResult,
  BookingConfirmation,
  BookingRequest,
  FirmBooking,
  ManagedAppointment,
} from '../../../shared/booking';
import type { Config } from '../../config';
import type { Db, Queryable } from '../../db/client';
import { appointmentKindFor } from '../../domain/appointment-kind';
import { checkIntake } from '../../domain/intake';
import { blockedInterval, freeSlotSpans } from '../../domain/slots';
import { conflict, HttpProblem, notFound } from '../../http/problem';
import { enqueueJob } from '../../jobs/queue';
import type { LinkTokens } from '../../security/link-tokens';
import { hashToken } from '../../security/tokens';
import { officePlaceOf } from '../notifications/appointment-ics';
import { ACTIVATION_MAIL_JOB } from './activation-mail-job';
import { loadBookingRules, releaseDelaySeconds } from './booking-rules';
import { type ChangeRecorder, recordAppointmentChange } from './change-record';
import { assertOpenBelowLimit } from './open-limit';
import type { SlotCache } from './slot-cache';
import { type SlotContext, slotQuery } from './slot-context';
import { HOLD_EXPIRY_JOB, scheduleSlotRelease } from './slot-jobs';

/** The job that sends mails and SMS about an appointment; see notify-job.ts. */
export const NOTIFY_JOB = 'appointment.notify';
export type NotifyEvent = 'confirmation' | 'reminder' | 'cancelled' | 'rescheduled';

/** How early before the start the join link opens the waiting room. */
export const JOIN_EARLY_MINUTES = 15;

/** A held appointment cannot be moved, so its activation link is made for the links' first version. */
const ACTIVATION_LINK_VERSION = 1;

/** Book a firm appointment (staff, case systems), or one an internet citizen must activate first. */
type BookedBy = { online: false; bookedBy: string | null } | { online: true };

type Deps = {
  db: Db;
  config: Pick<Config, 'booking' | 'publicUrl'>;
  links: LinkTokens;
  clock: () => Temporal.Instant;
  /** The slot search's read model: as of the call, one statement instead of reading the days anew. */
  slots: Pick<SlotCache, 'context'>;
};

const dayOf = (instant: Temporal.Instant, timeZone: string) =>
  instant.toZonedDateTimeISO(timeZone).toPlainDate();

/** The service is not offered the way asked for: the field is named, as for any other invalid field. */
const kindNotOffered = () =>
  new HttpProblem(422, 'Unprocessable Content', 'Invalid body.kind', {
    errors: [{ field: 'body.kind', message: KIND_NOT_OFFERED }],
  });

function badIntake(problems: { key: string; message: string }[]) {
  const errors = problems.map((p) => ({ field: `body.intake.${p.key}`, message: p.message }));
  return new HttpProblem(400, 'Bad Request', `Invalid ${errors.map((e) => e.field).join(', ')}`, { errors });
}

interface AppointmentRow {
  id: string;
  tenantId: string;
  tenantSlug: string;
  authorityName: string;
  timeZone: string;
  language: 'de' | 'en';
  startsAt: Date;
  endsAt: Date;
  status: ManagedAppointment['status'];
  linkVersion: number;
  serviceId: string;
  serviceName: string;
  channel: ManagedAppointment['service']['channel'];
  kind: AppointmentKind;
  requiredDocuments: string[];
  officeId: string;
  officeSlug: string;
  officeName: string;
  officeAddress: string | null;
  officeDirections: string | null;
  citizenName: string;
  visitId: string | null;
}

const APPOINTMENT = `SELECT a.id, a.tenant_id AS "tenantId", t.slug AS "tenantSlug", t.name AS "authorityName",
    t.time_zone AS "timeZone", a.language,
    a.starts_at AS "startsAt", a.ends_at AS "endsAt", a.status, a.link_version AS "linkVersion",
    s.id AS "serviceId", s.name AS "serviceName", s.channel, s.required_documents AS "requiredDocuments",
    a.kind, o.id AS "officeId", o.slug AS "officeSlug", o.name AS "officeName", o.address AS "officeAddress",
    o.directions AS "officeDirections", a.citizen_name AS "citizenName", a.visit_id AS "visitId"
  FROM appointments a JOIN tenants t ON t.id = a.tenant_id JOIN services s ON s.id = a.service_id
  JOIN offices o ON o.id = a.office_id`;

export function createBookingStore({ db, config, links, clock, slots }: Deps) {
  const linkUrls = (row: { id: string; tenantSlug: string; kind: AppointmentKind }, version: number) => {
    const base = `${config.publicUrl.origin}/${row.tenantSlug}/termin`;
    // In the fragment, the token never reaches a server log or a Referer header.
    return {
      manageUrl: `${base}#${links.token('manage', row.id, version)}`,
      joinUrl: row.kind === 'on_site' ? null : `${base}/beitreten#${links.token('join', row.id, version)}`,
    };
  };

  /** The slot must still be free now; returns the agents free for it, least busy that day first. */
  async function freeAgentsAt(context: SlotContext, start: Temporal.Instant, exceptAppointment?: string) {
    const day = dayOf(start, context.calendar.timeZone);
    const agents = exceptAppointment ? await dropOwnAppointment(context, exceptAppointment) : context.agents;
    const slot = freeSlotSpans(
      slotQuery({ ...context, agents }, config.booking, clock(), { from: day, to: day }),
    ).find((s) => s.start === start.epochMilliseconds);
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
      a.id === own?.agentId ? { ...a, busy: a.busy.filter(([from]) => from !== own.from.getTime()) } : a,
    );
  }

  async function officePlace(officeId: string) {
    const [place] = await db.query<{ name: string; address: string | null; directions: string | null }>(
      'SELECT name, address, directions FROM offices WHERE id = $1',
      [officeId],
    );
    return place!;
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

  async function releaseDelayOf(tx: Queryable, appointmentId: string) {
    const [owner] = await tx.query<{ tenantId: string }>(
      'SELECT tenant_id AS "tenantId" FROM appointments WHERE id = $1',
      [appointmentId],
    );
    return owner ? releaseDelaySeconds(await loadBookingRules(tx, owner.tenantId)) : 0;
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

  /** `withJoinUrl`: the manage link's holder may see the join link; one old activation link may not. */
  const view = (row: AppointmentRow, withJoinUrl = true): ManagedAppointment => ({
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
    kind: row.kind,
    office: officePlaceOf(row),
    joinUrl: withJoinUrl && row.status === 'booked' ? linkUrls(row, row.linkVersion).joinUrl : null,
    changeable: changeable(row),
  });

  /** A held booking's activation mail now, and its expiry at the deadline unless activated before. */
  async function holdForActivation(
    tx: Queryable,
    tenantId: string,
    appointmentId: string,
    holdMinutes: number,
  ) {
    await enqueueJob(tx, ACTIVATION_MAIL_JOB, { appointmentId });
    await enqueueJob(tx, HOLD_EXPIRY_JOB, { appointmentId }, holdMinutes * 60);
    await recordAppointmentChange(tenantId, 'citizen', 'appointment.held')(tx, appointmentId);
  }

  /**
   * Takes the slot. Internet bookings count against the address's limit of open appointments and, where
   * the service asks for it, are only held until `heldUntil`; `record` records a firm booking.
   */
  async function place(
    tenantId: string,
    serviceId: string,
    request: Omit<BookingRequest, 'consent'>,
    by: BookedBy,
    record: ChangeRecorder,
  ) {
    const start = Temporal.Instant.from(request.start);
    const day = {
      from: dayOf(start, 'UTC').subtract({ days: 1 }),
      to: dayOf(start, 'UTC').add({ days: 1 }),
    };
    const context = await slots.context(tenantId, serviceId, day);
    const kind = appointmentKindFor(context.service.channel, request.kind);
    if (!kind) throw kindNotOffered();
    const problems = checkIntake(context.service.intakeFields, request.intake);
    if (problems.length > 0) throw badIntake(problems);
    const agentIds = await freeAgentsAt(context, start);
    const blocked = blockedInterval(context.service, start);
    const end = start.add({ minutes: context.service.durationMinutes });
    const rules = by.online ? await loadBookingRules(db, tenantId) : null;
    const now = clock();
    const heldUntil =
      rules && context.service.requiresActivation ? now.add({ minutes: rules.holdMinutes }) : null;
    const id = crypto.randomUUID();
    await insertForSomeAgent(agentIds, async (tx, agentId) => {
      if (rules)
        await assertOpenBelowLimit(tx, { tenantId, email: request.email, limit: rules.openPerEmail, now });
      await tx.query(
        `INSERT INTO appointments (id, tenant_id, service_id, office_id, agent_id, starts_at, ends_at, blocked,
           citizen_name, citizen_email, citizen_phone, language, intake, manage_token_hash, join_token_hash,
           booked_by_staff_id, status, activation_token_hash, activate_by, kind)
         VALUES ($1, $2, $3, $4, $5, $6, $7, tstzrange($8, $9), $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)`,
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
          kind === 'on_site' ? null : links.hash('join', id, 1),
          by.online ? null : by.bookedBy,
          heldUntil ? 'pending_activation' : 'booked',
          heldUntil ? links.hash('activate', id, ACTIVATION_LINK_VERSION) : null,
          heldUntil?.toString() ?? null,
          kind,
        ],
      );
      if (heldUntil && rules) return holdForActivation(tx, tenantId, id, rules.holdMinutes);
      await scheduleNotifications(tx, id, 'confirmation', start);
      await record(tx, id);
    });
    const slot = {
      appointmentId: id,
      start: start.toString(),
      end: end.toString(),
      serviceName: context.service.name,
      officeName: context.office.name,
      channel: context.service.channel,
      kind,
      office: await officePlace(context.office.id),
    };
    const firm = (): FirmBooking => ({
      ...slot,
      status: 'booked',
      ...linkUrls({ id, tenantSlug: context.tenantSlug, kind }, 1),
    });
    return { slot, firm, heldUntil };
  }

  return {
    /** Staff (bookedBy) and case systems (null) book firm appointments at once. */
    async book(
      tenantId: string,
      serviceId: string,
      request: Omit<BookingRequest, 'consent'>,
      bookedBy: string | null,
      record: ChangeRecorder,
    ): Promise<FirmBooking> {
      const { firm } = await place(tenantId, serviceId, request, { online: false, bookedBy }, record);
      return firm();
    },

    /**
     * A citizen's internet booking: held until activated where the service asks for it (the links then
     * reach only the mailbox), firm at once otherwise (`record` records that).
     */
    async bookOnline(
      tenantId: string,
      serviceId: string,
      request: Omit<BookingRequest, 'consent'>,
      record: ChangeRecorder,
    ): Promise<BookingConfirmation> {
      const { slot, firm, heldUntil } = await place(tenantId, serviceId, request, { online: true }, record);
      if (!heldUntil) return firm();
      const secondsLeft = Math.max(0, Math.floor(clock().until(heldUntil).total('seconds')));
      return {
        ...slot,
        status: 'pending_activation',
        activation: { activateBy: heldUntil.toString(), secondsLeft },
      };
    },

    /**
     * The activation link: makes a held booking firm (the confirmation mail with the links follows) if
     * its deadline has not passed. A second click answers the appointment without links again.
     */
    async activate(token: string): Promise<ActivationResult> {
      const [row] = await db.query<AppointmentRow>(`${APPOINTMENT} WHERE a.activation_token_hash = $1`, [
        hashToken(token),
      ]);
      if (!row) throw new HttpProblem(404, 'Not Found', 'This link is not valid (any more)');
      let activated = false;
      if (row.status === 'pending_activation') {
        activated = await db.transaction(async (tx) => {
          const [firm] = await tx.query(
            `UPDATE appointments SET status = 'booked' WHERE id = $1 AND status = 'pending_activation' AND activate_by > $2
             RETURNING id`,
            [row.id, clock().toString()],
          );
          if (!firm) return false;
          const start = Temporal.Instant.fromEpochMilliseconds(row.startsAt.getTime());
          await scheduleNotifications(tx, row.id, 'confirmation', start);
          await recordAppointmentChange(row.tenantId, 'citizen', 'appointment.booked')(tx, row.id);
          return true;
        });
        if (!activated) throw activationGone('expired');
      } else if (row.status === 'expired' || row.status === 'cancelled') {
        throw activationGone(row.status);
      }
      return {
        ...view(activated ? { ...row, status: 'booked' } : row, activated),
        // Only the click that activated shows the manage link: later, a moved appointment's fresh link
        // must not be one old activation link away.
        manageUrl: activated ? linkUrls(row, row.linkVersion).manageUrl : null,
      };
    },

    /** The appointment behind a manage link; a wrong or retired link learns nothing. */
    async managed(token: string): Promise<ManagedAppointment> {
      return view(await byManageToken(token));
    },

    manageTokenOwner: byManageToken,

    /**
     * Cancels a booked appointment. `releaseLater` (a citizen's own cancellation): the slot stays blocked
     * for the authority's release delay, so it cannot be handed to an accomplice on cue.
     */
    async cancel(appointmentId: string, record: ChangeRecorder, message = '', { releaseLater = false } = {}) {
      const rows = await db.transaction(async (tx) => {
        const delay = releaseLater ? await releaseDelayOf(tx, appointmentId) : 0;
        const cancelled = await tx.query(
          `UPDATE appointments SET status = 'cancelled', cancelled_at = now(), slot_release_pending = $2
            WHERE id = $1 AND status = 'booked' RETURNING id`,
          [appointmentId, delay > 0],
        );
        if (cancelled.length > 0) {
          await enqueueJob(tx, NOTIFY_JOB, { appointmentId, event: 'cancelled', message });
          await scheduleSlotRelease(tx, appointmentId, delay);
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
      const [current] = await db.query<{
        serviceId: string;
        status: string;
        startsAt: Date;
        kind: AppointmentKind;
      }>(
        `SELECT service_id AS "serviceId", status, starts_at AS "startsAt", kind FROM appointments WHERE id = $1 AND tenant_id = $2`,
        [appointmentId, tenantId],
      );
      if (!current) throw notFound('Appointment');
      if (current.status !== 'booked') throw conflict('Only a booked appointment can be moved');
      const start = Temporal.Instant.from(newStart);
      const day = {
        from: dayOf(start, 'UTC').subtract({ days: 1 }),
        to: dayOf(start, 'UTC').add({ days: 1 }),
      };
      const context = await slots.context(tenantId, current.serviceId, day);
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
          current.kind === 'on_site' ? null : links.hash('join', appointmentId, moved.version),
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
      // A visit that outlasts its slot (a long wait, a recall) can still be taken to another device:
      // the recall message carries this link.
      const lasts = async () =>
        (
          await db.query(
            `SELECT 1 FROM visits WHERE id = $1 AND status IN ('waiting', 'in_consultation', 'parked', 'missed')`,
            [row.visitId],
          )
        ).length > 0;
      if (now > row.endsAt.getTime() && !(row.visitId && (await lasts())))
        throw new HttpProblem(409, 'Too late', 'This appointment is over', { reason: 'over' });
      return { row, visitId: row.visitId };
    },

    linkUrls,
  };
}
export type BookingStore = ReturnType<typeof createBookingStore>;

/** A late (or cancelled) activation: the slot is gone, the citizen must book again. */
const activationGone = (reason: 'expired' | 'cancelled') =>
  new HttpProblem(
    410,
    'Gone',
    reason === 'expired'
      ? 'The time to confirm this booking has run out. Please book again.'
      : 'This appointment has been cancelled. Please book again.',
    { reason },
  );
