import { randomUUID } from 'node:crypto';
import type { EventInput, PublicEvent, StaffEvent } from '../../../shared/events';
import type { Db, Queryable } from '../../db/client';
import { recordAudit } from '../audit/audit-log';
import type { StaffPrincipal } from '../auth/sessions';
import { EventError } from './event-errors';

/** Hosts may go on stage, and the audience in, this long before the start (to check sound and picture). */
export const DOORS_OPEN_MINUTES = 30;

const COLUMNS = `e.id, e.title, e.description, e.starts_at AS "startsAt", e.ends_at AS "endsAt",
  e.max_audience AS "maxAudience", e.public, e.cancelled_at AS "cancelledAt",
  coalesce((SELECT json_agg(json_build_object('id', s.id, 'displayName', s.display_name) ORDER BY s.display_name)
     FROM event_hosts h JOIN staff s ON s.id = h.staff_id WHERE h.event_id = e.id), '[]'::json) AS hosts`;

type Row = Omit<StaffEvent, 'startsAt' | 'endsAt' | 'cancelledAt'> & {
  startsAt: Date;
  endsAt: Date;
  cancelledAt: Date | null;
};

const toStaffEvent = (row: Row): StaffEvent => ({
  ...row,
  startsAt: row.startsAt.toISOString(),
  endsAt: row.endsAt.toISOString(),
  cancelledAt: row.cancelledAt?.toISOString() ?? null,
});

export const toPublicEvent = (event: StaffEvent): PublicEvent => ({
  id: event.id,
  title: event.title,
  description: event.description,
  startsAt: event.startsAt,
  endsAt: event.endsAt,
  hostNames: event.hosts.map((h) => h.displayName),
  cancelled: event.cancelledAt !== null,
});

/** Whether the doors are open at `now`: not cancelled, from DOORS_OPEN_MINUTES before the start to the end. */
export function isOpen(event: StaffEvent, now: Date): boolean {
  const doors = Date.parse(event.startsAt) - DOORS_OPEN_MINUTES * 60_000;
  return event.cancelledAt === null && now.getTime() >= doors && now.getTime() < Date.parse(event.endsAt);
}

async function setHosts(tx: Queryable, tenantId: string, eventId: string, hostIds: string[]) {
  const found = await tx.query<{ id: string }>('SELECT id FROM staff WHERE tenant_id = $1 AND id = ANY($2)', [
    tenantId,
    hostIds,
  ]);
  if (found.length !== hostIds.length) throw new EventError('bad-hosts');
  await tx.query('DELETE FROM event_hosts WHERE event_id = $1', [eventId]);
  await tx.query(
    `INSERT INTO event_hosts (tenant_id, event_id, staff_id) SELECT $1, $2, unnest($3::uuid[])`,
    [tenantId, eventId, hostIds],
  );
}

/** title, description, starts_at, ends_at, max_audience, public: in this order. */
const columnValues = (input: EventInput) => [
  input.title,
  input.description,
  input.startsAt,
  input.endsAt,
  input.maxAudience,
  input.public,
];

/** The audit keeps ids and figures, never the title (it may name a person). */
const auditDetails = (input: EventInput) => ({
  startsAt: input.startsAt,
  endsAt: input.endsAt,
  hostIds: input.hostIds,
  maxAudience: input.maxAudience,
  public: input.public,
});

/** Events of one authority; every query is scoped to the tenant, every write audited. */
export function createEventStore(db: Db) {
  /** `tenantId` null: the event of an audience seat, which was scoped to its authority when admitted. */
  const find = async (q: Queryable, tenantId: string | null, id: string) => {
    const [row] = await q.query<Row>(
      `SELECT ${COLUMNS} FROM events e WHERE ($1::uuid IS NULL OR e.tenant_id = $1) AND e.id = $2`,
      [tenantId, id],
    );
    return row ? toStaffEvent(row) : undefined;
  };
  const get = async (q: Queryable, tenantId: string, id: string) => {
    const event = await find(q, tenantId, id);
    if (!event) throw new EventError('unknown');
    return event;
  };
  const audit = (tx: Queryable, who: StaffPrincipal, action: string, id: string, details = {}) =>
    recordAudit(tx, {
      tenantId: who.tenantId,
      actor: `staff:${who.id}`,
      action: `event.${action}`,
      object: `event:${id}`,
      details,
    });

  return {
    get: (tenantId: string, id: string) => get(db, tenantId, id),
    /** The event a seat of its audience belongs to. */
    ofSeat: (seat: { eventId: string }) => find(db, null, seat.eventId),

    /** Events not yet over (as of `now`), soonest first; cancelled ones too, marked. */
    async upcoming(tenantId: string, now: Date, filter: { publicOnly?: boolean; hostId?: string } = {}) {
      const rows = await db.query<Row>(
        `SELECT ${COLUMNS} FROM events e WHERE e.tenant_id = $1 AND e.ends_at > $2
           AND ($3::boolean IS NOT TRUE OR e.public)
           AND ($4::uuid IS NULL OR EXISTS (SELECT 1 FROM event_hosts h WHERE h.event_id = e.id AND h.staff_id = $4))
         ORDER BY e.starts_at, e.id`,
        [tenantId, now, filter.publicOnly ?? false, filter.hostId ?? null],
      );
      return rows.map(toStaffEvent);
    },

    async create(who: StaffPrincipal, input: EventInput) {
      return db.transaction(async (tx) => {
        const id = randomUUID();
        await tx.query(
          `INSERT INTO events (id, tenant_id, title, description, starts_at, ends_at, max_audience, public)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
          [id, who.tenantId, ...columnValues(input)],
        );
        await setHosts(tx, who.tenantId, id, input.hostIds);
        await audit(tx, who, 'created', id, auditDetails(input));
        return get(tx, who.tenantId, id);
      });
    },

    async update(who: StaffPrincipal, id: string, input: EventInput) {
      return db.transaction(async (tx) => {
        const current = await get(tx, who.tenantId, id);
        if (current.cancelledAt) throw new EventError('cancelled');
        await tx.query(
          `UPDATE events SET title = $3, description = $4, starts_at = $5, ends_at = $6, max_audience = $7, public = $8
           WHERE tenant_id = $1 AND id = $2`,
          [who.tenantId, id, ...columnValues(input)],
        );
        await setHosts(tx, who.tenantId, id, input.hostIds);
        await audit(tx, who, 'updated', id, auditDetails(input));
        return get(tx, who.tenantId, id);
      });
    },

    async cancel(who: StaffPrincipal, id: string, now: Date) {
      return db.transaction(async (tx) => {
        const current = await get(tx, who.tenantId, id);
        if (current.cancelledAt) throw new EventError('cancelled');
        await tx.query('UPDATE events SET cancelled_at = $3 WHERE tenant_id = $1 AND id = $2', [
          who.tenantId,
          id,
          now,
        ]);
        await audit(tx, who, 'cancelled', id);
        return get(tx, who.tenantId, id);
      });
    },
  };
}
export type EventStore = ReturnType<typeof createEventStore>;
