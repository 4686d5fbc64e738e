import type { Temporal } from 'temporal-polyfill';
import type { Channel, IntakeField, OpeningHours } from '../../../shared/admin';
import type { Queryable } from '../../db/client';
import type { OfficeCalendar } from '../../domain/opening';
import type { SlotAgent, SlotQuery, Span } from '../../domain/slots';
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
  /** The authority's slug, for the links a booking sends. */
  tenantSlug: string;
  office: { id: string; slug: string; name: string };
  calendar: OfficeCalendar;
  agents: SlotAgent[];
}

/** The appointments that take their agent's time: as the exclusion constraint of migration 0019 says. */
const TAKES_TIME = `(status IN ('booked', 'pending_activation') OR slot_release_pending)`;

/** Epoch milliseconds as a float8 (date_part, unlike extract, needs no numeric arithmetic). */
const EPOCH_MS = (column: string) => `date_part('epoch', ${column}) * 1000`;

/**
 * SQL: appointments as one text "id agent from to id agent from to …" (agent: its 1-based place in $1).
 * Thousands of rows cost more to decode one by one than the query takes; one string splits at once.
 */
export const PACKED_APPOINTMENTS = (takesTime: string) =>
  `coalesce(string_agg(id || ' ' || array_position($1::uuid[], agent_id) || ' ' ||
     CASE WHEN ${takesTime} THEN ${EPOCH_MS('lower(blocked)')} || ' ' || ${EPOCH_MS('upper(blocked)')} ELSE '0 0' END,
     ' '), '')`;

/** An appointment as the search sees it: its agent and the time it blocks (from = to: it blocks none). */
export interface BusyAppointment {
  agentId: string;
  span: Span;
}

/** Decodes PACKED_APPOINTMENTS for the agents it was asked with. */
export function unpackAppointments(packed: string, agentIds: readonly string[]) {
  const appointments = new Map<string, BusyAppointment>();
  if (packed === '') return appointments;
  const fields = packed.split(' ');
  for (let k = 0; k < fields.length; k += 4) {
    appointments.set(fields[k]!, {
      agentId: agentIds[Number(fields[k + 1]) - 1]!,
      span: [Number(fields[k + 2]), Number(fields[k + 3])],
    });
  }
  return appointments;
}

/** The instants a search over these days reads appointments and exceptions in. */
export function searchWindow(days: { from: Temporal.PlainDate; to: Temporal.PlainDate }, timeZone: string) {
  // A day of margin on both sides: buffers and time zones reach over midnight.
  return {
    from: days.from.subtract({ days: 1 }).toZonedDateTime(timeZone).toInstant(),
    to: days.to.add({ days: 2 }).toZonedDateTime(timeZone).toInstant(),
  };
}

type SlotAgentHours = Omit<SlotAgent, 'busy'>;

/** Everything a search reads but the appointments: what changes only when admins change it. */
export interface SlotInputs extends Omit<SlotContext, 'agents'> {
  agents: SlotAgentHours[];
  window: { from: Temporal.Instant; to: Temporal.Instant };
}

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
  const inputs = await loadSlotInputs(db, tenantId, serviceId, days);
  return withAppointments(inputs, await loadAppointments(db, inputs));
}

export async function loadSlotInputs(
  db: Queryable,
  tenantId: string,
  serviceId: string,
  days: { from: Temporal.PlainDate; to: Temporal.PlainDate },
): Promise<SlotInputs> {
  const [service] = await db.query<BookingService & { officeId: string | null; tenantSlug: string }>(
    `SELECT s.id, s.tenant_id AS "tenantId", s.name, s.duration_minutes AS "durationMinutes",
            s.buffer_before_minutes AS "bufferBeforeMinutes", s.buffer_after_minutes AS "bufferAfterMinutes",
            s.channel, s.required_documents AS "requiredDocuments", s.intake_fields AS "intakeFields",
            s.requires_activation AS "requiresActivation",
            (SELECT t.slug FROM tenants t WHERE t.id = s.tenant_id) AS "tenantSlug",
            (SELECT o.id FROM offices o WHERE o.tenant_id = s.tenant_id AND o.unit_id = s.unit_id ORDER BY o.name LIMIT 1)
              AS "officeId"
       FROM services s WHERE s.tenant_id = $1 AND s.id = $2`,
    [tenantId, serviceId],
  );
  if (!service?.officeId) throw notFound('Bookable service');
  const { officeId, tenantSlug, ...rest } = service;
  const office = (await loadOfficeCalendar(db, officeId))!;
  const window = searchWindow(days, office.calendar.timeZone);
  // Each agent with the exceptions of the window, in one statement: a booking runs this too.
  const agents = await db.query<{
    id: string;
    workingHours: OpeningHours | null;
    exceptions: [kind: 'absent' | 'extra', from: number, to: number][];
  }>(
    `SELECT s.id, s.working_hours AS "workingHours",
            coalesce((SELECT json_agg(json_build_array(e.kind, ${EPOCH_MS('lower(e.during)')}, ${EPOCH_MS('upper(e.during)')}))
                        FROM staff_exceptions e WHERE e.staff_id = s.id AND e.during && tstzrange($2, $3)), '[]') AS exceptions
       FROM staff s JOIN staff_offices so ON so.staff_id = s.id
      WHERE so.office_id = $1 AND s.active ORDER BY s.id`,
    [officeId, window.from.toString(), window.to.toString()],
  );
  const spansOf = (exceptions: (typeof agents)[number]['exceptions'], kind: 'absent' | 'extra') =>
    exceptions.filter(([k]) => k === kind).map(([, from, to]): Span => [from, to]);
  return {
    service: rest,
    tenantSlug,
    office: { id: office.office.id, slug: office.office.slug, name: office.office.name },
    calendar: office.calendar,
    window,
    agents: agents.map((a) => ({
      id: a.id,
      workingHours: a.workingHours,
      absences: spansOf(a.exceptions, 'absent'),
      extraHours: spansOf(a.exceptions, 'extra'),
    })),
  };
}

/** The agents' appointments that take time within the inputs' window, by appointment id. */
export async function loadAppointments(db: Queryable, inputs: SlotInputs) {
  const ids = inputs.agents.map((a) => a.id);
  const [row] = await db.query<{ packed: string }>(
    `SELECT ${PACKED_APPOINTMENTS('true')} AS packed FROM appointments
      WHERE agent_id = ANY($1) AND ${TAKES_TIME} AND blocked && tstzrange($2, $3)`,
    [ids, inputs.window.from.toString(), inputs.window.to.toString()],
  );
  return unpackAppointments(row!.packed, ids);
}

/** SQL: whether an appointment row takes its agent's time, for PACKED_APPOINTMENTS of changed rows. */
export const TAKES_TIME_IN = (from: string, to: string) =>
  `(${TAKES_TIME} AND blocked && tstzrange(${from}, ${to}))`;

/** The inputs with each agent's busy times from these appointments. */
export function withAppointments(
  inputs: SlotInputs,
  appointments: ReadonlyMap<string, BusyAppointment>,
): SlotContext {
  const busyOf = new Map<string, Span[]>(inputs.agents.map((a) => [a.id, []]));
  for (const { agentId, span } of appointments.values())
    if (span[1] > span[0]) busyOf.get(agentId)?.push(span);
  const { window: _window, ...rest } = inputs;
  return { ...rest, agents: inputs.agents.map((a) => ({ ...a, busy: busyOf.get(a.id)! })) };
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
