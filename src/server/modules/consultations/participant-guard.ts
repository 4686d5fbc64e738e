import type { FastifyRequest } from 'fastify';
import type { ParticipantId } from '../../../shared/realtime';
import type { AppContext } from '../../context';
import { forbidden, HttpProblem, notFound } from '../../http/problem';
import { isUnitInSubtree } from '../admin/unit-tree';
import { staffCookie } from '../auth/cookie';
import type { StaffPrincipal } from '../auth/sessions';
import { agentParticipant, citizenParticipant } from '../visits/participants';

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

/** Who acts on a consultation: one of its two participants, or a reading admin or lead of its authority. */
export type Actor =
  | { role: 'agent'; staff: StaffPrincipal; self: ParticipantId; peer: ParticipantId }
  | { role: 'citizen'; visitId: string; self: ParticipantId; peer: ParticipantId | null }
  | { role: 'reader'; staff: StaffPrincipal };

export type ActorRole = Actor['role'];

const CONSULTATION = `SELECT c.id, c.tenant_id AS "tenantId", c.visit_id AS "visitId", c.office_id AS "officeId",
    c.agent_id AS "agentId", c.started_at AS "startedAt", c.ended_at AS "endedAt", c.end_reason AS "endReason",
    c.notes, c.outcome, c.rated
  FROM consultations c`;

/**
 * Resolves the request's credentials against one consultation. Citizens prove their visit with
 * `Authorization: Bearer <visit token>`, staff with their session cookie. Missing or invalid credentials
 * are 401 (that says nothing about the consultation); valid credentials of anyone who is not part of
 * this consultation get 404, the same as a consultation that does not exist, so ids are no oracle.
 * A participant whose role may not do this gets 403 (they know the consultation anyway).
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

  return async function actorFor(
    request: FastifyRequest,
    consultationId: string,
    allowed: readonly ActorRole[],
  ): Promise<{ actor: Actor; consultation: ConsultationRow }> {
    const authorization = request.headers.authorization;
    let found: { actor: Actor; consultation: ConsultationRow } | undefined;
    if (authorization !== undefined) {
      const token = authorization.match(/^Bearer (\S{1,200})$/)?.[1];
      const visit = token ? await ctx.visits.findByToken(token) : undefined;
      if (!visit) throw new HttpProblem(401, 'Unauthorized', 'This visit link is not valid (any more)');
      const consultation = await load('c.id = $1 AND c.tenant_id = $2 AND c.visit_id = $3', [
        consultationId,
        visit.tenantId,
        visit.id,
      ]);
      if (consultation) {
        found = {
          consultation,
          actor: {
            role: 'citizen',
            visitId: visit.id,
            self: citizenParticipant(visit.id),
            peer: consultation.agentId ? agentParticipant(consultation.agentId) : null,
          },
        };
      }
    } else {
      const token = request.cookies[cookie.name];
      const staff = token ? await ctx.sessions.resolve(token) : null;
      if (!staff) throw new HttpProblem(401, 'Unauthorized', 'Please sign in');
      request.staff = staff;
      const consultation = await load('c.id = $1 AND c.tenant_id = $2', [consultationId, staff.tenantId]);
      if (consultation && consultation.agentId === staff.id) {
        found = {
          consultation,
          actor: {
            role: 'agent',
            staff,
            self: agentParticipant(staff.id),
            peer: citizenParticipant(consultation.visitId),
          },
        };
      } else if (consultation && allowed.includes('reader') && (await mayRead(staff, consultation))) {
        found = { consultation, actor: { role: 'reader', staff } };
      }
    }
    if (!found) throw notFound('Consultation');
    if (!allowed.includes(found.actor.role))
      throw forbidden('Your role in this consultation may not do this');
    return found;
  };
}
export type ConsultationGuard = ReturnType<typeof consultationGuard>;
