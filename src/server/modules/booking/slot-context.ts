import { Temporal } from 'temporal-polyfill';
import type { Channel, IntakeField, OpeningHours } from '../../../shared/admin';
import type { Queryable } from '../../db/client';
import type { OfficeCalendar } from '../../domain/opening';
import type { Interval, SlotAgent, SlotQuery } from '../../domain/slots';
import { notFound } from '../../http/problem';
import { loadOfficeCalendar } from '../visits/office-snapshot';

export interface BookingService {
  id: string;
  tenantId: string;
  name: string;
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  channel: Channel;
  requiredDocuments: string[];
  intakeFields: IntakeField[];
  /** Internet bookings wait for the citizen's activation link. */
  requiresActivation: boolean;
}

export interface SlotContext {
  service: BookingService;
  office: { id: string; slug: string; name: string };
  calendar: OfficeCalendar;
  agents: SlotAgent[];
}

/** The appointments that take their agent's time: as the exclusion constraint of migration 0019 says. */
const TAKES_TIME = `(status IN ('booked', 'pending_activation') OR slot_release_pending)`;

const range = (from: Temporal.Instant, to: Temporal.Instant) => [from.toString(), to.toString()];

/**
 * Everything the slot search needs for one service over some days: the office of the service's unit,
 * the agents serving it, their hours and exceptions, and every live appointment of theirs (in any office).
 */
export async function loadSlotContext(
  db: Queryable,
  tenantId: string,
  serviceId: string,
  days: { from: Temporal.PlainDate; to: Temporal.PlainDate },
): Promise<SlotContext> {
  const [service] = await db.query<BookingService & { officeId: string | null }>(
    `SELECT s.id, s.tenant_id AS "tenantId", s.name, s.duration_minutes AS "durationMinutes",
            s.buffer_before_minutes AS "bufferBeforeMinutes", s.buffer_after_minutes AS "bufferAfterMinutes",
            s.channel, s.required_documents AS "requiredDocuments", s.intake_fields AS "intakeFields",
            s.requires_activation AS "requiresActivation",
            (SELECT o.id FROM offices o WHERE o.tenant_id = s.tenant_id AND o.unit_id = s.unit_id ORDER BY o.name LIMIT 1)
              AS "officeId"
       FROM services s WHERE s.tenant_id = $1 AND s.id = $2`,
    [tenantId, serviceId],
  );
  if (!service?.officeId) throw notFound('Bookable service');
  const { officeId, ...rest } = service;
  const office = (await loadOfficeCalendar(db, officeId))!;
  const tz = office.calendar.timeZone;
  // A day of margin on both sides: buffers and time zones reach over midnight.
  const from = days.from.subtract({ days: 1 }).toZonedDateTime(tz).toInstant();
  const to = days.to.add({ days: 2 }).toZonedDateTime(tz).toInstant();
  const agents = await db.query<{ id: string; workingHours: OpeningHours | null }>(
    `SELECT s.id, s.working_hours AS "workingHours" FROM staff s JOIN staff_offices so ON so.staff_id = s.id
      WHERE so.office_id = $1 AND s.active ORDER BY s.id`,
    [officeId],
  );
  const ids = agents.map((a) => a.id);
  const [busy, exceptions] = await Promise.all([
    db.query<{ agentId: string; from: Date; to: Date }>(
      `SELECT agent_id AS "agentId", lower(blocked) AS "from", upper(blocked) AS "to" FROM appointments
        WHERE agent_id = ANY($1) AND ${TAKES_TIME} AND blocked && tstzrange($2, $3)`,
      [ids, ...range(from, to)],
    ),
    db.query<{ staffId: string; kind: 'absent' | 'extra'; from: Date; to: Date }>(
      `SELECT staff_id AS "staffId", kind, lower(during) AS "from", upper(during) AS "to" FROM staff_exceptions
        WHERE staff_id = ANY($1) AND during && tstzrange($2, $3)`,
      [ids, ...range(from, to)],
    ),
  ]);
  const interval = (r: { from: Date; to: Date }): Interval => ({
    from: Temporal.Instant.fromEpochMilliseconds(r.from.getTime()),
    to: Temporal.Instant.fromEpochMilliseconds(r.to.getTime()),
  });
  return {
    service: rest,
    office: { id: office.office.id, slug: office.office.slug, name: office.office.name },
    calendar: office.calendar,
    agents: agents.map((a) => ({
      id: a.id,
      workingHours: a.workingHours,
      busy: busy.filter((b) => b.agentId === a.id).map(interval),
      absences: exceptions.filter((e) => e.staffId === a.id && e.kind === 'absent').map(interval),
      extraHours: exceptions.filter((e) => e.staffId === a.id && e.kind === 'extra').map(interval),
    })),
  };
}

export function slotQuery(
  context: SlotContext,
  settings: { minNoticeMinutes: number; horizonDays: number },
  now: Temporal.Instant,
  days: { from: Temporal.PlainDate; to: Temporal.PlainDate },
): SlotQuery {
  return {
    service: context.service,
    calendar: context.calendar,
    agents: context.agents,
    now,
    minNoticeMinutes: settings.minNoticeMinutes,
    horizonDays: settings.horizonDays,
    fromDate: days.from,
    toDate: days.to,
  };
}
