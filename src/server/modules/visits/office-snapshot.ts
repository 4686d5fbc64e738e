import type { GermanState, OpeningHours } from '../../../shared/admin';
import type { LeftReason, OfficeQueue, VisitView, WaitingEntry } from '../../../shared/realtime';
import type { Queryable } from '../../db/client';
import type { OfficeCalendar } from '../../domain/opening';
import { averageTalkMinutes, estimateWaitMinutes, orderQueue, RECENT_TALKS } from '../../domain/queue';

/** An agent counts as a served chair while their workspace has sent a heartbeat this recently. */
export const PRESENCE_TTL_SECONDS = 60;

/**
 * SQL: whether a waiting visit holds a place (counts toward the capacity, is called by call-next). A
 * walk-in holds one from entering until its connect_by deadline, and after it only once its page has
 * connected (which clears the deadline), so entries posted by a script without a page fill nothing.
 */
export const HOLDS_PLACE = '(connect_by IS NULL OR connect_by > now())';

/** Everything needed to show one office's queue to its agents and each waiting citizen their place. */
export interface OfficeSnapshot {
  office: { id: string; tenantId: string; slug: string; name: string; capacity: number };
  calendar: OfficeCalendar;
  waiting: WaitingEntry[];
  agentsServing: number;
  freeAgents: number;
  averageTalkMinutes: number;
}

interface OfficeRow {
  id: string;
  tenantId: string;
  slug: string;
  name: string;
  capacity: number;
  openingHours: OpeningHours;
  closedDays: string[];
  timeZone: string;
  holidayState: GermanState;
}

interface WaitingRow
  extends Omit<WaitingEntry, 'arrivedAt' | 'queuedAt' | 'appointmentStartsAt' | 'disconnectedAt'> {
  arrivedAt: Date;
  queuedAt: Date;
  appointmentStartsAt: Date | null;
  disconnectedAt: Date | null;
}

/** The office and its calendar (opening hours, closed days, time zone, holidays). */
export async function loadOfficeCalendar(db: Queryable, officeId: string) {
  const [office] = await db.query<OfficeRow>(
    `SELECT o.id, o.tenant_id AS "tenantId", o.slug, o.name, o.capacity, o.opening_hours AS "openingHours",
            o.closed_days AS "closedDays", t.time_zone AS "timeZone", t.holiday_state AS "holidayState"
       FROM offices o JOIN tenants t ON t.id = o.tenant_id WHERE o.id = $1`,
    [officeId],
  );
  if (!office) return undefined;
  const calendar: OfficeCalendar = {
    openingHours: office.openingHours,
    closedDays: office.closedDays,
    timeZone: office.timeZone,
    holidayState: office.holidayState,
  };
  return {
    office: {
      id: office.id,
      tenantId: office.tenantId,
      slug: office.slug,
      name: office.name,
      capacity: office.capacity,
    },
    calendar,
  };
}

/** `now` decides which appointment visits are due (and so go first); the app passes its clock. */
export async function loadOfficeSnapshot(
  db: Queryable,
  officeId: string,
  now: Date,
): Promise<OfficeSnapshot | undefined> {
  const found = await loadOfficeCalendar(db, officeId);
  if (!found) return undefined;
  const [waitingRows, [agents], talks] = await Promise.all([
    db.query<WaitingRow>(
      `SELECT v.id AS "visitId", v.display_name AS "displayName", v.concern, v.kind, v.arrived_at AS "arrivedAt",
              v.queued_at AS "queuedAt", v.transfer_note AS "transferNote", f.name AS "transferredFrom",
              v.audio_only AS "audioOnly", v.appointment_starts_at AS "appointmentStartsAt",
              v.disconnected_at AS "disconnectedAt", ${HOLDS_PLACE} AS "holdsPlace",
              CASE WHEN v.client_key IS NOT NULL
                THEN (count(*) OVER (PARTITION BY v.client_key))::int END AS "sameClient"
         FROM visits v LEFT JOIN offices f ON f.id = v.transferred_from_office_id
        WHERE v.office_id = $1 AND v.status = 'waiting'`,
      [officeId],
    ),
    db.query<{ serving: number; free: number }>(
      `SELECT count(*)::int AS serving,
              count(*) FILTER (WHERE NOT EXISTS (
                SELECT 1 FROM consultations c WHERE c.agent_id = p.staff_id AND c.ended_at IS NULL))::int AS free
         FROM agent_presence p JOIN staff s ON s.id = p.staff_id AND s.active
        WHERE p.office_id = $1 AND p.heartbeat_at > now() - make_interval(secs => $2)`,
      [officeId, PRESENCE_TTL_SECONDS],
    ),
    db.query<{ seconds: number }>(
      `SELECT extract(epoch FROM ended_at - started_at)::float8 AS seconds FROM consultations
        WHERE office_id = $1 AND end_reason = 'completed' ORDER BY ended_at DESC LIMIT $2`,
      [officeId, RECENT_TALKS],
    ),
  ]);
  const ordered = orderQueue(
    waitingRows.map((w) => ({ ...w, id: w.visitId })),
    now,
  );
  return {
    ...found,
    waiting: ordered.map(({ id: _id, ...w }) => ({
      ...w,
      arrivedAt: w.arrivedAt.toISOString(),
      queuedAt: w.queuedAt.toISOString(),
      appointmentStartsAt: w.appointmentStartsAt?.toISOString() ?? null,
      disconnectedAt: w.disconnectedAt?.toISOString() ?? null,
      sameClient: w.sameClient !== null && w.sameClient > 1 ? w.sameClient : null,
    })),
    agentsServing: agents?.serving ?? 0,
    freeAgents: agents?.free ?? 0,
    averageTalkMinutes: averageTalkMinutes(talks.map((t) => t.seconds)),
  };
}

/** Whether no one more can enter: the entries that hold a place fill the capacity. */
export const isFull = (snapshot: OfficeSnapshot) =>
  snapshot.waiting.filter((w) => w.holdsPlace).length >= snapshot.office.capacity;

/** Minutes a citizen with `ahead` people before them would wait in this office now. */
export const waitFor = (snapshot: OfficeSnapshot, ahead: number) =>
  estimateWaitMinutes({
    ahead,
    agentsServing: snapshot.agentsServing,
    freeAgents: snapshot.freeAgents,
    averageTalkMinutes: snapshot.averageTalkMinutes,
  });

export function queueForStaff(snapshot: OfficeSnapshot): OfficeQueue {
  return {
    officeId: snapshot.office.id,
    name: snapshot.office.name,
    agentsServing: snapshot.agentsServing,
    waiting: snapshot.waiting,
  };
}

export interface VisitRecord {
  id: string;
  officeId: string;
  status: VisitView['status'];
  transferredFrom: string | null;
  consultationId: string | null;
  leftReason: LeftReason | null;
}

/** A citizen's view of their visit; the position comes from the office's ordered queue. */
export function viewOfVisit(snapshot: OfficeSnapshot, visit: VisitRecord, graceMinutes: number): VisitView {
  const index = visit.status === 'waiting' ? snapshot.waiting.findIndex((w) => w.visitId === visit.id) : -1;
  return {
    visitId: visit.id,
    status: visit.status,
    office: { id: snapshot.office.id, slug: snapshot.office.slug, name: snapshot.office.name },
    position: index >= 0 ? index + 1 : null,
    estimatedWaitMinutes: index >= 0 ? waitFor(snapshot, index) : null,
    transferredFrom: visit.transferredFrom,
    consultationId: visit.consultationId,
    leftReason: visit.leftReason,
    disconnectGraceMinutes: graceMinutes,
  };
}
