import type { FastifyRequest } from 'fastify';
import type { ParticipantId } from '../../../shared/realtime';
import type { AppContext } from '../../context';
import { forbidden, HttpProblem, notFound } from '../../http/problem';
import { isUnitInSubtree } from '../admin/unit-tree';
import { staffCookie } from '../auth/cookie';
import type { StaffPrincipal } from '../auth/sessions';
import { agentParticipant, citizenParticipant, guestParticipant } from '../visits/participants';
import { bearerToken, isGuestSessionToken } from './guest-session-token';
import { findGuestBySession } from './guests-store';

export interface ConsultationRow {
  id: string;
  tenantId: string;
  visitId: string;
  officeId: string;
  agentId: string | null;
  startedAt: Date;
  endedAt: Date | null;
  endReason: 'completed' | 'transferred' | 'citizen_left' | null;
  notes: string;
  outcome: string | null;
  rated: boolean;
}

/**
 * Who acts on a consultation: the agent, the citizen, a guest the agent invited (interpreter, colleague),
 * or a reading admin or lead of its authority.
 */
export type Actor =
  | { role: 'agent'; staff: StaffPrincipal; self: ParticipantId; peer: ParticipantId }
  | { role: 'citizen'; visitId: string; self: ParticipantId; peer: ParticipantId | null }
  | { role: 'guest'; guestId: string; label: string; self: ParticipantId }
  | { role: 'reader'; staff: StaffPrincipal };

/** Someone in the consultation itself (not a reader). */
export type Participant = Exclude<Actor, { role: 'reader' }>;

/** How the others name a participant's messages and files: a guest by the agent's label, else by role. */
export const labelOf = (actor: Participant) => (actor.role === 'guest' ? actor.label : null);

export type ActorRole = Actor['role'];

const CONSULTATION = `SELECT c.id, c.tenant_id AS "tenantId", c.visit_id AS "visitId", c.office_id AS "officeId",
    c.agent_id AS "agentId", c.started_at AS "startedAt", c.ended_at AS "endedAt", c.end_reason AS "endReason",
    c.notes, c.outcome, c.rated
  FROM consultations c`;

type Found = { actor: Actor; consultation: ConsultationRow };

/**
 * Resolves the request's credentials against one consultation. Citizens prove their visit with
 * `Authorization: Bearer <visit token>`, guests with `Authorization: Bearer <guest session token>` (the
 * redeemed link gave it; its kind mark keeps the two kinds apart, see guest-session-token.ts), staff with
 * their session cookie. Missing or invalid credentials are 401 (that says nothing about the
 * consultation); valid credentials of anyone who is not part of this consultation get 404, the same as a
 * consultation that does not exist, so ids are no oracle. A participant whose role may not do this gets
 * 403 (they know the consultation anyway). A guest's session ends when they leave, are removed or the
 * consultation ends: from then on it is no credential at all (401), as for their socket; unlike the
 * citizen, who may still read the chat and rate afterwards.
 */
export function consultationGuard(ctx: AppContext) {
  const cookie = staffCookie(ctx.config);

  const load = async (where: string, params: unknown[]) =>
    (await ctx.db.query<ConsultationRow>(`${CONSULTATION} WHERE ${where}`, params))[0];

  /** Admins read every consultation of their authority, leads those of offices in their units. */
  const mayRead = async (staff: StaffPrincipal, consultation: ConsultationRow) => {
    if (staff.role === 'admin') return true;
    if (staff.role !== 'lead' || !staff.unitId) return false;
    const [office] = await ctx.db.query<{ unitId: string }>(
      'SELECT unit_id AS "unitId" FROM offices WHERE id = $1 AND tenant_id = $2',
      [consultation.officeId, consultation.tenantId],
    );
    return office ? isUnitInSubtree(ctx.db, staff.tenantId, staff.unitId, office.unitId) : false;
  };

  async function asCitizen(token: string, consultationId: string): Promise<Found | undefined> {
    const visit = await ctx.visits.findByToken(token);
    if (!visit) throw new HttpProblem(401, 'Unauthorized', 'This visit link is not valid (any more)');
    const consultation = await load('c.id = $1 AND c.tenant_id = $2 AND c.visit_id = $3', [
      consultationId,
      visit.tenantId,
      visit.id,
    ]);
    if (!consultation) return undefined;
    return {
      consultation,
      actor: {
        role: 'citizen',
        visitId: visit.id,
        self: citizenParticipant(visit.id),
        peer: consultation.agentId ? agentParticipant(consultation.agentId) : null,
      },
    };
  }

  async function asGuest(token: string, consultationId: string): Promise<Found | undefined> {
    const spent = () => new HttpProblem(401, 'Unauthorized', 'This guest link is not valid (any more)');
    const guest = await findGuestBySession(ctx.db, token);
    if (!guest || guest.endReason || guest.consultationEnded) throw spent();
    if (guest.consultationId !== consultationId) return undefined;
    const consultation = await load('c.id = $1 AND c.tenant_id = $2', [consultationId, guest.tenantId]);
    if (!consultation) return undefined;
    // Ended since the guest was looked up: spent all the same.
    if (consultation.endedAt) throw spent();
    return {
      consultation,
      actor: { role: 'guest', guestId: guest.id, label: guest.label, self: guestParticipant(guest.id) },
    };
  }

  async function asStaff(
    request: FastifyRequest,
    consultationId: string,
    mayReadAll: boolean,
  ): Promise<Found | undefined> {
    const token = request.cookies[cookie.name];
    const staff = token ? await ctx.sessions.resolve(token) : null;
    if (!staff) throw new HttpProblem(401, 'Unauthorized', 'Please sign in');
    request.staff = staff;
    const consultation = await load('c.id = $1 AND c.tenant_id = $2', [consultationId, staff.tenantId]);
    if (!consultation) return undefined;
    if (consultation.agentId === staff.id) {
      const peer = citizenParticipant(consultation.visitId);
      return { consultation, actor: { role: 'agent', staff, self: agentParticipant(staff.id), peer } };
    }
    if (mayReadAll && (await mayRead(staff, consultation)))
      return { consultation, actor: { role: 'reader', staff } };
    return undefined;
  }

  /** The actor's type is narrowed to the roles allowed: a handler never sees a role it did not admit. */
  return async function actorFor<R extends ActorRole>(
    request: FastifyRequest,
    consultationId: string,
    allowed: readonly R[],
  ): Promise<{ actor: Extract<Actor, { role: R }>; consultation: ConsultationRow }> {
    const admits = (role: ActorRole): role is R => (allowed as readonly ActorRole[]).includes(role);
    const authorization = request.headers.authorization;
    let found: Found | undefined;
    if (authorization === undefined) {
      found = await asStaff(request, consultationId, admits('reader'));
    } else {
      const token = bearerToken(authorization);
      if (!token) throw new HttpProblem(401, 'Unauthorized', 'This link is not valid (any more)');
      found = isGuestSessionToken(token)
        ? await asGuest(token, consultationId)
        : await asCitizen(token, consultationId);
    }
    if (!found) throw notFound('Consultation');
    const { actor, consultation } = found;
    if (!admits(actor.role)) throw forbidden('Your role in this consultation may not do this');
    return { actor: actor as Extract<Actor, { role: R }>, consultation };
  };
}
export type ConsultationGuard = ReturnType<typeof consultationGuard>;
