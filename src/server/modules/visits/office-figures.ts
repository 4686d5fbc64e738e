import type { GermanState, OpeningHours } from '../../../shared/admin';
import type { ClerkOnDuty } from '../../../shared/clerk-states';
import type { Queryable } from '../../db/client';
import { activityOf, chairFigures } from '../../domain/clerk-states';
import type { OfficeCalendar } from '../../domain/opening';
import { averageTalkMinutes, estimateWaitMinutes, RECENT_TALKS } from '../../domain/queue';
import type { DateException } from '../../domain/special-days';
import { SPECIAL_DAY_COLUMNS } from '../calendar/special-days';

/** An agent counts as a served chair while their workspace has sent a heartbeat this recently. */
export const PRESENCE_TTL_SECONDS = 60;

/**
 * SQL: whether a waiting visit holds a place (counts toward the capacity, is called by call-next). A
 * walk-in holds one from entering until its connect_by deadline, and after it only once its page has
 * connected (which clears the deadline), so entries posted by a script without a page fill nothing.
 */
export const HOLDS_PLACE = '(connect_by IS NULL OR connect_by > now())';

/** The live figures citizens see of an office: chairs served and free, and how long talks take. */
export interface OfficeFigures {
  agentsServing: number;
  freeAgents: number;
  averageTalkMinutes: number;
  /** Who serves the office and what they do now, by name: for its staff only. */
  clerks: ClerkOnDuty[];
}

/** An office with its calendar and live figures. */
export interface OfficeWithFigures extends OfficeFigures, ReturnType<typeof officeOf> {}

/** The same with how many wait there: what the public office list shows. */
export interface CountedOffice extends OfficeWithFigures {
  waiting: number;
  /** Of those, the entries that hold a place (see HOLDS_PLACE). */
  holdingPlace: number;
}

/** An office row with its tenant's calendar settings, as OFFICE_COLUMNS selects it. */
export interface OfficeRow {
  id: string;
  tenantId: string;
  slug: string;
  name: string;
  capacity: number;
  openingHours: OpeningHours;
  closedDays: string[];
  timeZone: string;
  holidayState: GermanState;
  exceptions: DateException[];
  localHolidays: string[];
}

/** SQL: the columns of OfficeRow, from `offices o JOIN tenants t`. */
export const OFFICE_COLUMNS = `o.id, o.tenant_id AS "tenantId", o.slug, o.name, o.capacity,
  o.opening_hours AS "openingHours", o.closed_days AS "closedDays", t.time_zone AS "timeZone",
  t.holiday_state AS "holidayState", ${SPECIAL_DAY_COLUMNS}`;

/**
 * The office and its calendar (opening hours, closed days, time zone, holidays, special dates) of a row:
 * walk-ins, the public list and the slot search all read the same.
 */
export const officeOf = (row: OfficeRow) => ({
  office: { id: row.id, tenantId: row.tenantId, slug: row.slug, name: row.name, capacity: row.capacity },
  calendar: {
    openingHours: row.openingHours,
    closedDays: row.closedDays,
    timeZone: row.timeZone,
    holidayState: row.holidayState,
    exceptions: row.exceptions,
    localHolidays: row.localHolidays,
  } satisfies OfficeCalendar,
});

/** A clerk whose presence in the office is live, as the chairs query packs them. */
interface ChairRow {
  staffId: string;
  displayName: string;
  inCall: boolean;
  onBreak: boolean;
  breakUntil: string | null;
  breakReason: string | null;
  followUpUntil: string | null;
}

interface FiguresRow extends OfficeRow {
  chairs: ChairRow[];
  talks: number[];
  waiting?: number;
  holding?: number;
}

/** One lateral subquery per figure, so a tenant's offices cost one statement, however many there are. */
const FIGURES = `
  CROSS JOIN LATERAL (
    SELECT coalesce(json_agg(json_build_object(
             'staffId', s.id, 'displayName', s.display_name,
             'inCall', EXISTS (SELECT 1 FROM consultations c WHERE c.agent_id = p.staff_id AND c.ended_at IS NULL),
             'onBreak', coalesce(cs.state = 'break', false), 'breakUntil', cs.break_until,
             'breakReason', cs.break_reason, 'followUpUntil', cs.follow_up_until)
           ORDER BY s.display_name, s.id), '[]') AS chairs
      FROM agent_presence p JOIN staff s ON s.id = p.staff_id AND s.active
      LEFT JOIN clerk_states cs ON cs.staff_id = p.staff_id
     WHERE p.office_id = o.id AND p.heartbeat_at > now() - make_interval(secs => ${PRESENCE_TTL_SECONDS})) a
  CROSS JOIN LATERAL (
    SELECT coalesce(array_agg(r.seconds), '{}') AS talks FROM (
      SELECT extract(epoch FROM c.ended_at - c.started_at)::float8 AS seconds FROM consultations c
       WHERE c.office_id = o.id AND c.ended_at IS NOT NULL AND c.end_reason = 'completed'
       ORDER BY c.ended_at DESC LIMIT ${RECENT_TALKS}) r) recent`;

const COUNTS = `
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS waiting, count(*) FILTER (WHERE ${HOLDS_PLACE})::int AS holding
      FROM visits v WHERE v.office_id = o.id AND v.status = 'waiting') q`;

/** The figures of an office's chairs, and each clerk as the office's staff see them. */
function chairsOf(rows: ChairRow[]) {
  const chairs = rows.map((row) => ({ ...row, inFollowUp: row.followUpUntil !== null }));
  const iso = (instant: string | null) => (instant === null ? null : new Date(instant).toISOString());
  return {
    ...chairFigures(chairs),
    clerks: chairs.map((chair): ClerkOnDuty => {
      const activity = activityOf(chair);
      return {
        staffId: chair.staffId,
        displayName: chair.displayName,
        activity,
        until: iso(
          activity === 'break' ? chair.breakUntil : activity === 'follow_up' ? chair.followUpUntil : null,
        ),
        reason: activity === 'break' ? chair.breakReason : null,
      };
    }),
  };
}

/** The offices matching `where` (SQL over `o`), by name, in one statement however many they are. */
async function loadOffices(db: Queryable, where: string, params: unknown[], counted: boolean) {
  const rows = await db.query<FiguresRow>(
    `SELECT ${OFFICE_COLUMNS}, a.chairs, recent.talks${counted ? ', q.waiting, q.holding' : ''}
       FROM offices o JOIN tenants t ON t.id = o.tenant_id
       ${FIGURES}${counted ? COUNTS : ''}
      WHERE ${where} ORDER BY o.name, o.id`,
    params,
  );
  return rows.map((row) => ({
    ...officeOf(row),
    ...chairsOf(row.chairs),
    averageTalkMinutes: averageTalkMinutes(row.talks),
    waiting: row.waiting ?? 0,
    holdingPlace: row.holding ?? 0,
  }));
}

/** One office with its live figures; a queue snapshot counts the waiting itself. */
export async function loadOfficeWithFigures(
  db: Queryable,
  officeId: string,
): Promise<OfficeWithFigures | undefined> {
  const [found] = await loadOffices(db, 'o.id = $1', [officeId], false);
  if (!found) return undefined;
  const { waiting: _waiting, holdingPlace: _holding, ...office } = found;
  return office;
}

/** Every office of the tenant with its figures and how many wait: one statement, not one per office. */
export const loadCountedOffices = (db: Queryable, tenantId: string): Promise<CountedOffice[]> =>
  loadOffices(db, 'o.tenant_id = $1', [tenantId], true);

/** Minutes a citizen with `ahead` people before them would wait in this office now. */
export const waitFor = (figures: OfficeFigures, ahead: number) =>
  estimateWaitMinutes({
    ahead,
    agentsServing: figures.agentsServing,
    freeAgents: figures.freeAgents,
    averageTalkMinutes: figures.averageTalkMinutes,
  });
