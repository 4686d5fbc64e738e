import type { Temporal } from 'temporal-polyfill';
import type { FinishRequest } from '../../../shared/finish';
import { EVERYONE_AWAY, NOBODY_CALLABLE_YET } from '../../../shared/queue-details';
import type { LeftReason } from '../../../shared/realtime';
import type { EnterRequest } from '../../../shared/visits';
import type { Config } from '../../config';
import type { Db, Queryable } from '../../db/client';
import { openState } from '../../domain/opening';
import {
  APPOINTMENT_HEAD_START_MINUTES,
  compareQueue,
  PRIORITY_HEAD_START_MINUTES,
  type QueuedVisit,
} from '../../domain/queue';
import { conflict, HttpProblem, notFound } from '../../http/problem';
import type { ClientKeys } from '../../security/client-keys';
import { hashToken, newToken } from '../../security/tokens';
import { recordAudit } from '../audit/audit-log';
import type { StaffPrincipal } from '../auth/sessions';
import { recordFinish } from '../consultations/finish-store';
import { lockCitizenSockets } from './citizen-sockets';
import { linkUsed, reopenVisit } from './join-links';
import { HOLDS_PLACE } from './office-figures';
import { loadOfficeCalendar, type VisitRecord } from './office-snapshot';
import { beatPresence } from './presence-expiry';
import type { TransferRequest } from './schema';
import { agentChange, endLive, ownLiveConsultation, requireAssigned, startConsultation } from './visit-steps';

export interface LiveConsultation {
  id: string;
  visitId: string;
  officeId: string;
  agentId: string;
}

export interface LiveConsultationDetails extends LiveConsultation {
  displayName: string;
  concern: string;
}

/** What a change did, so the caller can tell the affected sockets. */
export interface VisitChange {
  visitId: string;
  /** Offices whose queue or free chairs changed. */
  officeIds: string[];
  started?: LiveConsultation;
  ended?: LiveConsultation;
  /** call-next passed over this many citizens ahead whose page was closed (they keep their place). */
  skippedAway?: number;
  /** A clerk's queue action besides calls, transfers and ends (sent back, parked, …), for the audit. */
  audit?: { action: string; details: Record<string, unknown> };
}

const VISIT_RECORD = `SELECT v.id, v.tenant_id AS "tenantId", v.office_id AS "officeId", v.status,
    v.left_reason AS "leftReason", v.missed_calls AS "missedCalls", v.recall_at AS "recallAt",
    v.held_by IS NOT NULL AS held, v.clerk_note AS "clerkNote",
    f.name AS "transferredFrom",
    (SELECT c.id FROM consultations c WHERE c.visit_id = v.id AND c.ended_at IS NULL) AS "consultationId"
  FROM visits v LEFT JOIN offices f ON f.id = v.transferred_from_office_id`;

/**
 * The order of domain/queue.ts compareQueue, in SQL: held first, then by queueKey, then by id. Times
 * compare in whole milliseconds, as JavaScript's Dates do: two arrivals within one millisecond are then
 * ordered by id on both sides, not by microseconds here and by id there (which called the one the
 * waiting room showed second, found with 5,000 entering at once).
 */
const MS = (column: string) => `date_trunc('milliseconds', ${column})`;
const QUEUE_KEY = `CASE WHEN appointment_starts_at IS NULL THEN ${MS('arrived_at')}
    ELSE least(${MS('arrived_at')}, greatest(${MS('appointment_starts_at')}, ${MS('arrived_at')})
      - make_interval(mins => ${APPOINTMENT_HEAD_START_MINUTES})) END
  - make_interval(mins => ${PRIORITY_HEAD_START_MINUTES} * priority)`;
const NEXT_IN_LINE = `(held_by IS NULL), ${QUEUE_KEY}, id`;

/** A waiting visit's fields that domain/queue.ts orders by. */
const IN_LINE = `id, arrived_at AS "arrivedAt", appointment_starts_at AS "appointmentStartsAt", priority,
  held_by IS NOT NULL AS held`;

/** A live consultation's row as LiveConsultation (append a WHERE). */
export const LIVE = `SELECT id, visit_id AS "visitId", office_id AS "officeId", agent_id AS "agentId" FROM consultations`;

export interface VisitStoreDeps {
  /** Read at each use, so a test may change the limits of a running server. */
  queue: Config['queue'];
  clientKeyOf: ClientKeys;
}

export function createVisitStore(db: Db, { queue, clientKeyOf }: VisitStoreDeps) {
  /** The visit ends as left (out of the queue, or out of the call), with its audit event. */
  const leaveIn = async (
    tx: Queryable,
    visitId: string,
    reason: LeftReason,
    audit: { actor: string; details?: Record<string, unknown> },
  ): Promise<VisitChange> => {
    const [visit] = await tx.query<{ officeId: string; tenantId: string }>(
      `UPDATE visits SET status = 'left', ended_at = now(), left_reason = $2
        WHERE id = $1 AND status IN ('waiting', 'in_consultation')
        RETURNING office_id AS "officeId", tenant_id AS "tenantId"`,
      [visitId, reason],
    );
    if (!visit) return { visitId, officeIds: [] };
    const ended = await endLive(tx, visitId, 'citizen_left');
    await recordAudit(tx, {
      tenantId: visit.tenantId,
      ...audit,
      action: 'visit.left',
      object: `visit:${visitId}`,
    });
    return { visitId, officeIds: [visit.officeId], ...(ended ? { ended } : {}) };
  };

  return {
    async findByToken(token: string) {
      return (
        await db.query<VisitRecord & { tenantId: string }>(`${VISIT_RECORD} WHERE v.resume_token_hash = $1`, [
          hashToken(token),
        ])
      )[0];
    },

    /**
     * An appointment's join link: into its office's queue as an appointment visit (opening hours do not
     * apply: the time was booked). Opening the link again while the visit lasts hands it over to the new
     * device (join-links.ts). After the citizen left (or lost the connection) the link opens a new visit
     * within the appointment's time; after the consultation was completed or staff removed the visit, no
     * more.
     */
    async checkInAppointment(appointment: {
      id: string;
      tenantId: string;
      officeId: string;
      citizenName: string;
      startsAt: Date;
      visitId: string | null;
    }) {
      const token = newToken();
      return db.transaction(async (tx) => {
        if (appointment.visitId) {
          const before = await reopenVisit(tx, appointment.visitId, hashToken(token));
          if (before.kind === 'handed-over') {
            return {
              visitId: appointment.visitId,
              visitToken: token,
              officeId: appointment.officeId,
              handedOver: true,
            };
          }
          if (
            before.kind === 'ended' &&
            (before.status === 'done' || before.leftReason === 'removed_by_staff')
          ) {
            throw linkUsed();
          }
        }
        const [row] = await tx.query<{ id: string }>(
          `INSERT INTO visits (tenant_id, office_id, kind, display_name, resume_token_hash, appointment_starts_at)
           VALUES ($1, $2, 'appointment', $3, $4, $5) RETURNING id`,
          [
            appointment.tenantId,
            appointment.officeId,
            appointment.citizenName.slice(0, 60),
            hashToken(token),
            appointment.startsAt,
          ],
        );
        await tx.query('UPDATE appointments SET visit_id = $2 WHERE id = $1', [appointment.id, row!.id]);
        return { visitId: row!.id, visitToken: token, officeId: appointment.officeId, handedOver: false };
      });
    },

    /**
     * A walk-in enters an office's waiting room, if it is open, not full, and the client (address) does
     * not wait there too often already. Only entries that hold a place (office-snapshot.ts HOLDS_PLACE)
     * fill the capacity.
     */
    async enter(
      tenantSlug: string,
      officeSlug: string,
      input: EnterRequest,
      now: Temporal.Instant,
      clientAddress: string,
    ) {
      const token = newToken();
      const clientKey = clientKeyOf(clientAddress);
      return db.transaction(async (tx) => {
        // Locking the office row serialises entries, so the capacity cannot be overrun by a race.
        const [office] = await tx.query<{ id: string; tenantId: string }>(
          `SELECT o.id, o.tenant_id AS "tenantId" FROM offices o JOIN tenants t ON t.id = o.tenant_id
            WHERE t.slug = $1 AND o.slug = $2 FOR UPDATE OF o`,
          [tenantSlug, officeSlug],
        );
        if (!office) throw notFound('Office');
        const { calendar, office: details } = (await loadOfficeCalendar(tx, office.id))!;
        const state = openState(calendar, now);
        if (!state.open) {
          throw new HttpProblem(409, 'Office closed', 'The virtual office is closed now', {
            reason: 'closed',
            nextOpening: state.nextOpening?.toString() ?? null,
          });
        }
        const [{ held, fromClient } = { held: 0, fromClient: 0 }] = await tx.query<{
          held: number;
          fromClient: number;
        }>(
          `SELECT count(*) FILTER (WHERE ${HOLDS_PLACE})::int AS held,
                  count(*) FILTER (WHERE client_key = $2)::int AS "fromClient"
             FROM visits WHERE office_id = $1 AND status = 'waiting'`,
          [office.id, clientKey],
        );
        // 409 like "full", not 429: waiting longer does not help (no Retry-After could say when); a
        // place frees only when one of this client's entries leaves the queue. The page explains it.
        if (fromClient >= queue.entriesPerAddress) {
          throw new HttpProblem(
            409,
            'Too many entries from this connection',
            'Several people from your connection are already waiting in this office',
            { reason: 'client-limit', limit: queue.entriesPerAddress },
          );
        }
        if (held >= details.capacity) {
          throw new HttpProblem(409, 'Waiting room full', 'The waiting room is full', { reason: 'full' });
        }
        const [row] = await tx.query<{ id: string }>(
          `INSERT INTO visits (tenant_id, office_id, display_name, concern, audio_only, resume_token_hash,
             client_key, connect_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, now() + make_interval(secs => $8)) RETURNING id`,
          [
            office.tenantId,
            office.id,
            input.displayName,
            input.concern,
            input.audioOnly,
            hashToken(token),
            clientKey,
            queue.connectGraceSeconds,
          ],
        );
        return { visitId: row!.id, visitToken: token, officeId: office.id };
      });
    },

    /** The citizen leaves: out of the queue at once, or out of the call. */
    async leave(visitId: string): Promise<VisitChange> {
      return db.transaction((tx) => leaveIn(tx, visitId, 'citizen', { actor: `citizen:${visitId}` }));
    },

    /**
     * A waiting citizen none of whose tabs has been connected for `graceMinutes` leaves the queue, as if
     * they had left themselves; so does a walk-in whose page never connected by its deadline. A citizen
     * in a call stays (the call has its own handling), and one who came back meanwhile stays too: the
     * check runs under the same lock as their hello.
     */
    async removeAbandoned(visitId: string, graceMinutes: number): Promise<VisitChange> {
      return db.transaction(async (tx) => {
        await lockCitizenSockets(tx, visitId);
        const [gone] = await tx.query<{ reason: 'never_connected' | 'disconnected' }>(
          `SELECT CASE WHEN v.connect_by < now() THEN 'never_connected' ELSE 'disconnected' END AS reason
             FROM visits v WHERE v.id = $1 AND v.status = 'waiting'
              AND (v.connect_by < now() OR v.disconnected_at < now() - make_interval(mins => $2))
              AND NOT EXISTS (SELECT 1 FROM citizen_sockets s WHERE s.visit_id = v.id)
            FOR NO KEY UPDATE`,
          [visitId, graceMinutes],
        );
        if (!gone) return { visitId, officeIds: [] };
        return leaveIn(tx, visitId, gone.reason, { actor: 'system', details: { reason: gone.reason } });
      });
    },

    /**
     * An agent takes waiting entries out of an office's queue at once (e.g. a group from one client that
     * looks like a script). Each removal is audited; the citizen's page says so neutrally. Entries that
     * are no longer waiting there are skipped. Returns the removed visits.
     */
    async removeWaiting(agent: StaffPrincipal, officeId: string, visitIds: string[]): Promise<string[]> {
      return db.transaction(async (tx) => {
        await requireAssigned(tx, agent, officeId);
        const removed = await tx.query<{ id: string }>(
          `UPDATE visits SET status = 'left', ended_at = now(), left_reason = 'removed_by_staff'
            WHERE office_id = $1 AND tenant_id = $2 AND id = ANY($3::uuid[]) AND status = 'waiting'
            RETURNING id`,
          [officeId, agent.tenantId, visitIds],
        );
        for (const { id } of removed) {
          await recordAudit(tx, {
            tenantId: agent.tenantId,
            actor: `staff:${agent.id}`,
            action: 'visit.removed',
            object: `visit:${id}`,
            details: { officeId, count: removed.length },
          });
        }
        return removed.map((r) => r.id);
      });
    },

    /** Whether the token was a visit's before its join link was opened on another device. */
    async wasHandedOver(token: string) {
      const rows = await db.query('SELECT 1 FROM visits WHERE superseded_token_hash = $1', [
        hashToken(token),
      ]);
      return rows.length > 0;
    },

    /**
     * Calls the first in line of one office, in the order of domain/queue.ts, passing over citizens
     * whose page is closed: calling them would open a call nobody answers. They keep their place and are
     * first again as soon as their page is back; the result says how many were passed over. When only
     * closed pages wait, nobody is called (409): the clerk may call one of them by name. Also passed
     * over: a citizen another clerk sent back for a moment (that clerk calls them back), and one who did
     * not answer a call until their recall pause ends (`now`, the app's clock).
     */
    async callNext(agent: StaffPrincipal, officeId: string, now: Date): Promise<VisitChange> {
      return agentChange(db, agent, async (tx) => {
        await requireAssigned(tx, agent, officeId);
        // One call at a time per office, so the first in line is always the one called: SKIP LOCKED let
        // two agents call two people at once, but it also passed over a first in line whose row its
        // socket's bookkeeping held for a moment (connect, disconnect) and called the second (found with
        // 20,000 waiting by bench/waiting-room.ts). NO KEY UPDATE: a citizen's hello holds a key-share
        // lock on the row for its foreign key, which FOR UPDATE would wait for.
        await tx.query(`SELECT pg_advisory_xact_lock(hashtext('amtsraum.call-next:' || $1))`, [officeId]);
        const callable = `office_id = $1 AND status = 'waiting' AND ${HOLDS_PLACE}
          AND (held_by IS NULL OR held_by = $2) AND (recall_at IS NULL OR recall_at <= $3::timestamptz)`;
        const [next] = await tx.query<QueuedVisit & { officeId: string }>(
          `SELECT ${IN_LINE}, office_id AS "officeId" FROM visits WHERE ${callable} AND disconnected_at IS NULL
            ORDER BY ${NEXT_IN_LINE} LIMIT 1 FOR NO KEY UPDATE`,
          [officeId, agent.id, now.toISOString()],
        );
        const away = await tx.query<QueuedVisit>(
          `SELECT ${IN_LINE} FROM visits WHERE ${callable} AND disconnected_at IS NOT NULL`,
          [officeId, agent.id, now.toISOString()],
        );
        if (!next) {
          if (away.length > 0) throw conflict(EVERYONE_AWAY);
          const [later] = await tx.query(
            `SELECT 1 FROM visits WHERE office_id = $1 AND status = 'waiting' AND ${HOLDS_PLACE} LIMIT 1`,
            [officeId],
          );
          throw conflict(later ? NOBODY_CALLABLE_YET : 'Nobody is waiting in this office');
        }
        const skippedAway = away.filter((visit) => compareQueue(visit, next) < 0).length;
        return { ...(await startConsultation(tx, agent, next)), skippedAway };
      });
    },

    /**
     * Calls one particular citizen: a waiting one (e.g. someone who needs an interpreter now, or one
     * this clerk sent back for a moment) or a parked case.
     */
    async call(agent: StaffPrincipal, visitId: string): Promise<VisitChange> {
      return agentChange(db, agent, async (tx) => {
        const [visit] = await tx.query<{ id: string; officeId: string; status: string }>(
          `SELECT id, office_id AS "officeId", status FROM visits WHERE id = $1 AND tenant_id = $2 FOR UPDATE`,
          [visitId, agent.tenantId],
        );
        if (!visit) throw notFound('Visit');
        await requireAssigned(tx, agent, visit.officeId);
        if (visit.status !== 'waiting' && visit.status !== 'parked') {
          throw conflict('This citizen is no longer waiting');
        }
        return startConsultation(tx, agent, visit);
      });
    },

    /** Forwards a waiting or talking citizen to another office; their first arrival keeps their place. */
    async transfer(
      agent: StaffPrincipal,
      visitId: string,
      { officeId, note }: TransferRequest,
    ): Promise<VisitChange> {
      return agentChange(db, agent, async (tx) => {
        const [visit] = await tx.query<{ officeId: string; status: string }>(
          `SELECT office_id AS "officeId", status FROM visits WHERE id = $1 AND tenant_id = $2 FOR UPDATE`,
          [visitId, agent.tenantId],
        );
        if (!visit) throw notFound('Visit');
        await requireAssigned(tx, agent, visit.officeId);
        if (visit.status !== 'waiting' && visit.status !== 'in_consultation') {
          throw conflict('This citizen is no longer here');
        }
        const target = await tx.query('SELECT 1 FROM offices WHERE id = $1 AND tenant_id = $2', [
          officeId,
          agent.tenantId,
        ]);
        if (target.length === 0) throw notFound('Target office');
        if (officeId === visit.officeId) throw conflict('The citizen already waits in this office');
        const ended = await endLive(tx, visitId, 'transferred');
        await tx.query(
          `UPDATE visits SET office_id = $2, status = 'waiting', transfer_note = nullif($3, ''),
             transferred_from_office_id = office_id, queued_at = now(), held_by = NULL, recall_at = NULL,
             waited_seconds = waited_seconds + CASE WHEN status = 'waiting'
               THEN greatest(0, extract(epoch FROM now() - queued_at))::int ELSE 0 END
           WHERE id = $1`,
          [visitId, officeId, note],
        );
        return { visitId, officeIds: [visit.officeId, officeId], ...(ended ? { ended } : {}) };
      });
    },

    /** The agent ends the consultation, with the finish form when filled in; the visit is done. */
    async end(agent: StaffPrincipal, consultationId: string, finish?: FinishRequest): Promise<VisitChange> {
      return agentChange(db, agent, async (tx) => {
        const live = await ownLiveConsultation(tx, agent, consultationId);
        if (finish) await recordFinish(tx, { ...live, tenantId: agent.tenantId }, finish);
        await endLive(tx, live.visitId, 'completed');
        await tx.query(`UPDATE visits SET status = 'done', ended_at = now() WHERE id = $1`, [live.visitId]);
        return { visitId: live.visitId, officeIds: [live.officeId], ended: live };
      });
    },

    /** The participant's call in progress, with whom it is (for a reloaded page). */
    async liveConsultationOf(participant: { agentId: string } | { visitId: string }) {
      const [column, id] =
        'agentId' in participant ? ['agent_id', participant.agentId] : ['visit_id', participant.visitId];
      const [live] = await db.query<LiveConsultationDetails>(
        `SELECT c.id, c.visit_id AS "visitId", c.office_id AS "officeId", c.agent_id AS "agentId",
                v.display_name AS "displayName", v.concern
           FROM consultations c JOIN visits v ON v.id = c.visit_id
          WHERE c.${column} = $1 AND c.ended_at IS NULL`,
        [id],
      );
      return live;
    },

    /** Which offices the agent serves from now on (empty: away). Only assigned offices are accepted. */
    async setPresence(agent: StaffPrincipal, officeIds: string[]) {
      return db.transaction(async (tx) => {
        const before = await tx.query<{ officeId: string }>(
          `DELETE FROM agent_presence WHERE staff_id = $1 RETURNING office_id AS "officeId"`,
          [agent.id],
        );
        for (const officeId of new Set(officeIds)) {
          await requireAssigned(tx, agent, officeId);
          await tx.query('INSERT INTO agent_presence (tenant_id, staff_id, office_id) VALUES ($1, $2, $3)', [
            agent.tenantId,
            agent.id,
            officeId,
          ]);
        }
        return [...new Set([...before.map((b) => b.officeId), ...officeIds])];
      });
    },

    /** The agent's workspace is still open; returns the offices where their expired presence came back. */
    heartbeat: (agentId: string) => beatPresence(db, agentId),
  };
}
export type VisitStore = ReturnType<typeof createVisitStore>;
