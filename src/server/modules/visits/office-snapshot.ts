import type { HelpCall } from '../../../shared/help-calls';
import type {
  LeftReason,
  OfficeQueue,
  QueueCounts,
  SetAsideEntry,
  VisitView,
  WaitingEntry,
} from '../../../shared/realtime';
import type { WaitingPage } from '../../../shared/visits';
import type { Queryable } from '../../db/client';
import type { OfficeCalendar } from '../../domain/opening';
import {
  applyQueueChanges,
  buildQueueModel,
  type ModelEntry,
  type QueueModel,
} from '../../domain/queue-model';
import { loadHelpCalls } from '../help-calls/help-call-queries';
import {
  HOLDS_PLACE,
  loadOfficeWithFigures,
  OFFICE_COLUMNS,
  type OfficeFigures,
  type OfficeRow,
  officeOf,
  waitFor,
} from './office-figures';

/**
 * How many entries of each queue staff are pushed, in order: the head. The counts say how many wait in
 * all, so a queue of 5,000 costs a constant message, not megabytes per change.
 */
export const QUEUE_HEAD = 50;

/** Everything needed to show one office's queue to its agents and each waiting citizen their place. */
export interface OfficeSnapshot extends OfficeFigures {
  office: { id: string; tenantId: string; slug: string; name: string; capacity: number };
  calendar: OfficeCalendar;
  /** The first QUEUE_HEAD waiting entries, in queue order, as staff see them. */
  head: WaitingEntry[];
  /**
   * Every waiting visit's index in the queue (0 = next in line), kept up to date per change: the
   * office's latest snapshot holds the current index (read it when the snapshot is new, not later).
   */
  positions: ReadonlyMap<string, number>;
  counts: QueueCounts;
  /** Parked cases and missed citizens, oldest first (the first QUEUE_HEAD). */
  setAside: SetAsideEntry[];
  /** Clerks of the office asking for help in a call (staff only). */
  helpCalls: HelpCall[];
  /** The whole line of order keys (kept up to date in place by the office's fan-out). */
  line: WaitingLine;
}

/** The office and its calendar (opening hours, closed days, time zone, holidays). */
export async function loadOfficeCalendar(db: Queryable, officeId: string) {
  const [row] = await db.query<OfficeRow>(
    `SELECT ${OFFICE_COLUMNS} FROM offices o JOIN tenants t ON t.id = o.tenant_id WHERE o.id = $1`,
    [officeId],
  );
  return row && officeOf(row);
}

type WaitingKey = ModelEntry;

/**
 * As the keys query packs each waiting visit: [id, arrived (epoch ms), booked start, priority, held,
 * holds a place, gone, client].
 */
type PackedKey = [string, number, number | null, number, boolean, boolean, boolean, string | null];

/**
 * SQL: the order keys of an office's waiting visits as one JSON array in one row. Thousands of rows
 * cost more to decode one by one than the query takes; one string decodes in a single JSON.parse.
 * With $2, only those of the visits named there.
 */
const WAITING_KEYS = `SELECT coalesce(json_agg(json_build_array(id, extract(epoch FROM arrived_at) * 1000,
    extract(epoch FROM appointment_starts_at) * 1000, priority, held_by IS NOT NULL, ${HOLDS_PLACE},
    disconnected_at IS NOT NULL, client_key)),
    '[]')::text AS keys
  FROM visits WHERE office_id = $1 AND status = 'waiting'`;
const CHANGED_KEYS = `${WAITING_KEYS} AND id = ANY($2::uuid[])`;
/**
 * SQL: how many waiting entries hold no place (any more): read with every reload, since a walk-in's
 * connect-by deadline passes unannounced. Only entries whose page never connected have a deadline
 * (a partial index), so this stays small however long the queue.
 */
const LAPSED = `SELECT count(*)::int AS lapsed FROM visits
  WHERE office_id = $1 AND status = 'waiting' AND connect_by IS NOT NULL AND connect_by <= now()`;

const unpack = ([
  id,
  arrived,
  booked,
  priority,
  held,
  holdsPlace,
  disconnected,
  clientKey,
]: PackedKey): WaitingKey => ({
  id,
  arrivedAt: new Date(arrived),
  appointmentStartsAt: booked === null ? null : new Date(booked),
  priority,
  held,
  holdsPlace,
  disconnected,
  clientKey,
});

interface HeadRow
  extends Omit<
    WaitingEntry,
    'arrivedAt' | 'queuedAt' | 'appointmentStartsAt' | 'disconnectedAt' | 'recallAt' | 'sameClient'
  > {
  arrivedAt: Date;
  queuedAt: Date;
  appointmentStartsAt: Date | null;
  disconnectedAt: Date | null;
  recallAt: Date | null;
}

/** An office's waiting line kept between changes by whoever watches the office (office-fanout.ts). */
export type WaitingLine = QueueModel<WaitingKey>;

/**
 * The office's queue: every waiting visit's order keys (a few bytes each, ordered here by the pure
 * queue rule), what staff see only for the head, and the parked and missed lists. Given the line as
 * it was and the visits that changed since, only those visits' keys are read and put in their place
 * (the line is updated in place); else the whole line is read.
 */
export async function loadOfficeSnapshot(
  db: Queryable,
  officeId: string,
  known?: { line: WaitingLine; changed: readonly string[] },
): Promise<OfficeSnapshot | undefined> {
  const keysOf = async (sql: string, params: unknown[]) =>
    (JSON.parse((await db.query<{ keys: string }>(sql, params))[0]!.keys) as PackedKey[]).map(unpack);
  const [found, keys, setAside, helpCalls, lapsed] = await Promise.all([
    loadOfficeWithFigures(db, officeId),
    known === undefined
      ? keysOf(WAITING_KEYS, [officeId])
      : known.changed.length === 0
        ? []
        : keysOf(CHANGED_KEYS, [officeId, known.changed]),
    loadSetAside(db, officeId),
    loadHelpCalls(db, officeId),
    db.query<{ lapsed: number }>(LAPSED, [officeId]),
  ]);
  if (!found) return undefined;
  let line: WaitingLine;
  if (known === undefined) line = buildQueueModel(keys);
  else {
    line = known.line;
    applyQueueChanges(line, known.changed, keys);
  }
  const head = await loadHead(db, line.ordered.slice(0, QUEUE_HEAD), line.sameClient);
  const counts = {
    ...line.counts,
    holdingPlace: Math.max(0, line.counts.waiting - (lapsed[0]?.lapsed ?? 0)),
  };
  return { ...found, head, positions: line.positions, counts, setAside, helpCalls, line };
}

/** Parked cases and missed citizens of the office, oldest first. */
async function loadSetAside(db: Queryable, officeId: string): Promise<SetAsideEntry[]> {
  const rows = await db.query<
    Omit<SetAsideEntry, 'arrivedAt' | 'since' | 'disconnectedAt'> & {
      arrivedAt: Date;
      since: Date;
      disconnectedAt: Date | null;
    }
  >(
    `SELECT id AS "visitId", status, display_name AS "displayName", concern, kind, arrived_at AS "arrivedAt",
            set_aside_at AS since, clerk_note AS "clerkNote", missed_calls AS "missedCalls",
            disconnected_at AS "disconnectedAt"
       FROM visits WHERE office_id = $1 AND status IN ('parked', 'missed')
      ORDER BY set_aside_at, id LIMIT ${QUEUE_HEAD}`,
    [officeId],
  );
  return rows.map((row) => ({
    ...row,
    arrivedAt: row.arrivedAt.toISOString(),
    since: row.since.toISOString(),
    disconnectedAt: row.disconnectedAt?.toISOString() ?? null,
  }));
}

/**
 * What staff see of the first entries. Read after the order: a visit that left meanwhile still shows
 * here (its change is announced, and the next snapshot drops it).
 */
async function loadHead(db: Queryable, keys: WaitingKey[], sameClient: ReadonlyMap<string, number>) {
  if (keys.length === 0) return [];
  const rows = await db.query<HeadRow>(
    `SELECT v.id AS "visitId", v.display_name AS "displayName", v.concern, v.kind, v.arrived_at AS "arrivedAt",
            v.queued_at AS "queuedAt", v.transfer_note AS "transferNote", f.name AS "transferredFrom",
            v.audio_only AS "audioOnly", v.appointment_starts_at AS "appointmentStartsAt",
            v.disconnected_at AS "disconnectedAt", v.priority, v.priority_reason AS "priorityReason",
            v.held_by AS "heldBy", v.clerk_note AS "clerkNote", v.missed_calls AS "missedCalls",
            v.recall_at AS "recallAt", ${HOLDS_PLACE} AS "holdsPlace"
       FROM visits v LEFT JOIN offices f ON f.id = v.transferred_from_office_id
      WHERE v.id = ANY($1::uuid[])`,
    [keys.map((k) => k.id)],
  );
  const byId = new Map(rows.map((row) => [row.visitId, row]));
  return keys.flatMap((key): WaitingEntry[] => {
    const row = byId.get(key.id);
    if (!row) return [];
    const group = key.clientKey === null ? 1 : (sameClient.get(key.clientKey) ?? 1);
    return [
      {
        ...row,
        arrivedAt: row.arrivedAt.toISOString(),
        queuedAt: row.queuedAt.toISOString(),
        appointmentStartsAt: row.appointmentStartsAt?.toISOString() ?? null,
        disconnectedAt: row.disconnectedAt?.toISOString() ?? null,
        recallAt: row.recallAt?.toISOString() ?? null,
        // Read now, not kept: a walk-in's connect-by deadline passes without any change announced.
        holdsPlace: row.holdsPlace,
        sameClient: group > 1 ? group : null,
      },
    ];
  });
}

/**
 * Entries beyond the head, for staff who page through a long queue: places from … from + count - 1 of
 * the line as it is now, read as the head is.
 */
export async function waitingPage(
  db: Queryable,
  snapshot: OfficeSnapshot,
  { from, count }: { from: number; count: number },
): Promise<WaitingPage> {
  const keys = snapshot.line.ordered.slice(from, from + count);
  return {
    from,
    waiting: snapshot.counts.waiting,
    entries: await loadHead(db, keys, snapshot.line.sameClient),
  };
}

/** What staff are pushed of an office: the head of its queue and the counts. */
export function queueForStaff(snapshot: OfficeSnapshot): OfficeQueue {
  return {
    officeId: snapshot.office.id,
    name: snapshot.office.name,
    agentsServing: snapshot.agentsServing,
    waiting: snapshot.head,
    counts: snapshot.counts,
    setAside: snapshot.setAside,
    clerks: snapshot.clerks,
    helpCalls: snapshot.helpCalls,
  };
}

export interface VisitRecord {
  id: string;
  officeId: string;
  status: VisitView['status'];
  transferredFrom: string | null;
  consultationId: string | null;
  leftReason: LeftReason | null;
  missedCalls: number;
  recallAt: Date | null;
  held: boolean;
  clerkNote: string | null;
}

/** A citizen's view of their visit; the position comes from the office's ordered queue. */
export function viewOfVisit(snapshot: OfficeSnapshot, visit: VisitRecord, graceMinutes: number): VisitView {
  const index = visit.status === 'waiting' ? snapshot.positions.get(visit.id) : undefined;
  return {
    visitId: visit.id,
    status: visit.status,
    office: { id: snapshot.office.id, slug: snapshot.office.slug, name: snapshot.office.name },
    position: index === undefined ? null : index + 1,
    estimatedWaitMinutes: index === undefined ? null : waitFor(snapshot, index),
    transferredFrom: visit.transferredFrom,
    consultationId: visit.consultationId,
    leftReason: visit.leftReason,
    disconnectGraceMinutes: graceMinutes,
    missedCalls: visit.missedCalls,
    recallAt: visit.recallAt?.toISOString() ?? null,
    held: visit.held,
    clerkNote: visit.clerkNote,
  };
}

/**
 * Whether a snapshot can show this visit: a waiting visit must be in it. The change a caller just
 * committed can reach the bus (Redis) after the caller asks, so a cached snapshot may predate it.
 */
export const showsVisit = (visit: Pick<VisitRecord, 'id' | 'status'>) => (snapshot: OfficeSnapshot) =>
  visit.status !== 'waiting' || snapshot.positions.has(visit.id);

/** Whether two views show the citizen the same: a socket is sent only what changed its view. */
export const sameView = (a: VisitView | undefined, b: VisitView) =>
  a !== undefined &&
  a.visitId === b.visitId &&
  a.status === b.status &&
  a.office.id === b.office.id &&
  a.office.slug === b.office.slug &&
  a.office.name === b.office.name &&
  a.position === b.position &&
  a.estimatedWaitMinutes === b.estimatedWaitMinutes &&
  a.transferredFrom === b.transferredFrom &&
  a.consultationId === b.consultationId &&
  a.leftReason === b.leftReason &&
  a.disconnectGraceMinutes === b.disconnectGraceMinutes &&
  a.missedCalls === b.missedCalls &&
  a.recallAt === b.recallAt &&
  a.held === b.held &&
  a.clerkNote === b.clerkNote;
