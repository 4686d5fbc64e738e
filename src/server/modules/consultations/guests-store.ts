import { randomUUID } from 'node:crypto';
import { type GuestSelf, type GuestView, MAX_GUESTS } from '../../../shared/guests';
import type { Config } from '../../config';
import type { Db, Queryable } from '../../db/client';
import { conflict, HttpProblem, notFound } from '../../http/problem';
import type { LinkTokens } from '../../security/link-tokens';
import { hashToken } from '../../security/tokens';
import { recordAudit } from '../audit/audit-log';
import type { LiveConsultation } from '../visits/visit-store';
import { isGuestSessionToken, newGuestSessionToken } from './guest-session-token';
import type { JoinedGuest } from './guests-roster';

/** Where a guest opens the invitation; the token sits in the fragment, out of logs and Referer headers. */
export const guestUrl = (publicUrl: URL, tenantSlug: string, token: string) =>
  `${publicUrl.origin}/${tenantSlug}/gast#${token}`;

/** Guest links are derived from the guest's id; version 1 always: a link is never renewed, only replaced. */
const LINK_VERSION = 1;

export interface GuestRow {
  id: string;
  tenantId: string;
  tenantSlug: string;
  consultationId: string;
  label: string;
  createdAt: Date;
  joinedAt: Date | null;
  endReason: 'left' | 'removed' | null;
  visitId: string;
  officeId: string;
  officeName: string;
  agentId: string | null;
  consultationEnded: boolean;
  joinsMuted: boolean;
}

const GUEST = `SELECT g.id, g.tenant_id AS "tenantId", t.slug AS "tenantSlug", g.consultation_id AS "consultationId",
    g.label, g.created_at AS "createdAt", g.joined_at AS "joinedAt", g.end_reason AS "endReason",
    c.visit_id AS "visitId", c.office_id AS "officeId", o.name AS "officeName", c.agent_id AS "agentId",
    c.ended_at IS NOT NULL AS "consultationEnded", g.joins_muted AS "joinsMuted"
  FROM consultation_guests g
  JOIN consultations c ON c.id = g.consultation_id AND c.tenant_id = g.tenant_id
  JOIN offices o ON o.id = c.office_id
  JOIN tenants t ON t.id = g.tenant_id`;

/** The live call a guest belongs to, for realtime addressing; undefined once it ended. */
export const liveOf = (row: GuestRow): LiveConsultation | undefined =>
  row.consultationEnded || !row.agentId
    ? undefined
    : { id: row.consultationId, visitId: row.visitId, officeId: row.officeId, agentId: row.agentId };

export function selfView(row: GuestRow): GuestSelf {
  return {
    guestId: row.id,
    consultationId: row.consultationId,
    label: row.label,
    office: { name: row.officeName },
    status: row.endReason ?? (row.consultationEnded ? 'ended' : 'live'),
    joinsMuted: row.joinsMuted,
  };
}

const findBy = async (tx: Queryable, where: string, params: unknown[], lock = '') =>
  (await tx.query<GuestRow>(`${GUEST} WHERE ${where} ${lock}`, params))[0];

/**
 * The guest behind a session token, whatever became of them since (undefined: no such guest). A token
 * of another kind (a citizen's visit token) is not even looked up.
 */
export const findGuestBySession = async (db: Queryable, guestToken: string) =>
  isGuestSessionToken(guestToken) ? findBy(db, 'g.session_hash = $1', [hashToken(guestToken)]) : undefined;

/**
 * SQL joining the guest behind a participant id column ("guest:<id>"; nothing for agent and citizen), so
 * rows of the chat or the files can name a guest by the label the agent gave. By primary key: cheap.
 */
export const joinGuestOf = (alias: string, participantColumn: string) =>
  `LEFT JOIN consultation_guests ${alias} ON ${alias}.id =
     CASE WHEN ${participantColumn} LIKE 'guest:%' THEN split_part(${participantColumn}, ':', 2)::uuid END`;

/** Guests who redeemed their link and are still in the call, in any order (callRoster sorts them). */
export async function joinedGuests(db: Queryable, consultationId: string): Promise<JoinedGuest[]> {
  return db.query<JoinedGuest>(
    `SELECT id, label, joined_at AS "joinedAt" FROM consultation_guests
      WHERE consultation_id = $1 AND joined_at IS NOT NULL AND ended_at IS NULL`,
    [consultationId],
  );
}

export function createGuestStore(deps: { db: Db; links: LinkTokens; config: Pick<Config, 'publicUrl'> }) {
  const { db, links } = deps;
  const linkToken = (guestId: string) => links.token('guest', guestId, LINK_VERSION);

  const view = (
    row: Pick<GuestRow, 'id' | 'label' | 'createdAt' | 'joinedAt' | 'tenantSlug'>,
  ): GuestView => ({
    id: row.id,
    label: row.label,
    status: row.joinedAt ? 'joined' : 'invited',
    url: row.joinedAt ? null : guestUrl(deps.config.publicUrl, row.tenantSlug, linkToken(row.id)),
    createdAt: new Date(row.createdAt).toISOString(),
  });

  /**
   * A new one-time link, inside the caller's transaction (a colleague answering a call for help takes
   * the seat and the answer at once). `joinsMuted`: the guest's page starts with the microphone off.
   */
  async function inviteIn(
    tx: Queryable,
    consultation: { id: string; tenantId: string },
    invitedBy: string,
    label: string,
    joinsMuted = false,
  ): Promise<GuestView> {
    const id = randomUUID();
    // Locking the consultation serialises invitations, so two at once cannot both take the last seat.
    const [live] = await tx.query(
      'SELECT 1 FROM consultations WHERE id = $1 AND tenant_id = $2 AND ended_at IS NULL FOR UPDATE',
      [consultation.id, consultation.tenantId],
    );
    if (!live) throw conflict('This consultation has ended');
    const [seat] = await tx.query<{ seat: number }>(
      `SELECT s.seat FROM generate_series(1, ${MAX_GUESTS}) AS s(seat)
        WHERE NOT EXISTS (SELECT 1 FROM consultation_guests g
                           WHERE g.consultation_id = $1 AND g.seat = s.seat AND g.ended_at IS NULL)
        ORDER BY s.seat LIMIT 1`,
      [consultation.id],
    );
    if (!seat) {
      throw conflict(
        `A consultation holds at most ${MAX_GUESTS + 2} participants: remove a guest before inviting another`,
      );
    }
    await tx.query(
      `INSERT INTO consultation_guests (id, tenant_id, consultation_id, label, seat, invited_by, link_hash, joins_muted)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        id,
        consultation.tenantId,
        consultation.id,
        label,
        seat.seat,
        invitedBy,
        hashToken(linkToken(id)),
        joinsMuted,
      ],
    );
    // The label may name a person: ids only in the trail.
    await recordAudit(tx, {
      tenantId: consultation.tenantId,
      actor: `staff:${invitedBy}`,
      action: 'guest.invited',
      object: `guest:${id}`,
      details: { consultationId: consultation.id },
    });
    return view((await findBy(tx, 'g.id = $1', [id]))!);
  }

  return {
    /** A new one-time link for the agent's live consultation, if a seat is free. */
    invite(consultation: { id: string; tenantId: string }, agentId: string, label: string) {
      return db.transaction((tx) => inviteIn(tx, consultation, agentId, label));
    },

    inviteIn,

    /** The guests still invited or in the call. */
    async list(consultation: { id: string; tenantId: string }): Promise<GuestView[]> {
      const rows = await db.query<GuestRow>(
        `${GUEST} WHERE g.consultation_id = $1 AND g.tenant_id = $2 AND g.ended_at IS NULL ORDER BY g.seat`,
        [consultation.id, consultation.tenantId],
      );
      return rows.map(view);
    },

    /** The agent removes a guest (or withdraws an unused link); says whether they had joined the call. */
    async remove(consultation: { id: string; tenantId: string }, guestId: string, agentId: string) {
      return db.transaction(async (tx) => {
        const [removed] = await tx.query<{ joined: boolean }>(
          `UPDATE consultation_guests SET ended_at = now(), end_reason = 'removed'
            WHERE id = $1 AND consultation_id = $2 AND tenant_id = $3 AND ended_at IS NULL
            RETURNING joined_at IS NOT NULL AS joined`,
          [guestId, consultation.id, consultation.tenantId],
        );
        if (!removed) throw notFound('Guest');
        await recordAudit(tx, {
          tenantId: consultation.tenantId,
          actor: `staff:${agentId}`,
          action: 'guest.removed',
          object: `guest:${guestId}`,
          details: { consultationId: consultation.id, joined: removed.joined },
        });
        return removed;
      });
    },

    /**
     * The first browser to open the link gets a session token for this tab; any later attempt is refused
     * (409 with a reason the page explains), as is a link of an ended consultation or a withdrawn one.
     */
    async redeem(token: string) {
      const guestToken = newGuestSessionToken();
      return db.transaction(async (tx) => {
        const row = await findBy(tx, 'g.link_hash = $1', [hashToken(token)], 'FOR UPDATE OF g');
        if (!row) throw new HttpProblem(404, 'Not Found', 'This link is not valid');
        const refuse = (reason: 'used' | 'over' | 'withdrawn', detail: string) =>
          new HttpProblem(409, 'Conflict', detail, { reason });
        if (row.consultationEnded) throw refuse('over', 'This consultation has ended');
        if (row.joinedAt) throw refuse('used', 'This link was already used; it works only once');
        if (row.endReason) throw refuse('withdrawn', 'This invitation was withdrawn');
        const [joined] = await tx.query<{ joinedAt: Date }>(
          `UPDATE consultation_guests SET joined_at = now(), session_hash = $2 WHERE id = $1
           RETURNING joined_at AS "joinedAt"`,
          [row.id, hashToken(guestToken)],
        );
        await recordAudit(tx, {
          tenantId: row.tenantId,
          actor: `guest:${row.id}`,
          action: 'guest.joined',
          object: `consultation:${row.consultationId}`,
        });
        return { row: { ...row, joinedAt: joined!.joinedAt }, guestToken };
      });
    },

    /** The guest hangs up; true if they were still in the call (leaving twice changes nothing). */
    async leave(guest: Pick<GuestRow, 'id' | 'tenantId' | 'consultationId'>): Promise<boolean> {
      return db.transaction(async (tx) => {
        const left = await tx.query(
          `UPDATE consultation_guests SET ended_at = now(), end_reason = 'left' WHERE id = $1 AND ended_at IS NULL
           RETURNING id`,
          [guest.id],
        );
        if (left.length === 0) return false;
        await recordAudit(tx, {
          tenantId: guest.tenantId,
          actor: `guest:${guest.id}`,
          action: 'guest.left',
          object: `consultation:${guest.consultationId}`,
        });
        return true;
      });
    },
  };
}
export type GuestStore = ReturnType<typeof createGuestStore>;
