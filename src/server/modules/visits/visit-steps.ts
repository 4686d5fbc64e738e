import type { Db, Queryable } from '../../db/client';
import { notFound } from '../../http/problem';
import type { StaffPrincipal } from '../auth/sessions';
import { endHelpCalls } from '../help-calls/help-call-queries';
import { noticeCalled } from './called-notice';
import { recordAgentChange } from './change-record';
import type { LiveConsultation, VisitChange } from './visit-store';

/** Why a consultation ended (the consultations.end_reason values). */
export type EndReason = 'completed' | 'transferred' | 'citizen_left' | 'no_show' | 'sent_back' | 'parked';

/** An agent's change, with its audit events and webhook deliveries in the same transaction. */
export const agentChange = (db: Db, agent: StaffPrincipal, change: (tx: Queryable) => Promise<VisitChange>) =>
  db.transaction(async (tx) => {
    const result = await change(tx);
    await recordAgentChange(tx, agent, result);
    return result;
  });

/** Agents act only on queues of offices they are assigned to. */
export async function requireAssigned(tx: Queryable, agent: StaffPrincipal, officeId: string) {
  const rows = await tx.query(
    'SELECT 1 FROM staff_offices WHERE staff_id = $1 AND office_id = $2 AND tenant_id = $3',
    [agent.id, officeId, agent.tenantId],
  );
  if (rows.length === 0) throw notFound('Office');
}

/** Ends the visit's live consultation, if it has one, and its calls for help; returns it. */
export async function endLive(tx: Queryable, visitId: string, reason: EndReason) {
  const [ended] = await tx.query<LiveConsultation>(
    `UPDATE consultations SET ended_at = now(), end_reason = $2 WHERE visit_id = $1 AND ended_at IS NULL
     RETURNING id, visit_id AS "visitId", office_id AS "officeId", agent_id AS "agentId"`,
    [visitId, reason],
  );
  if (ended) await endHelpCalls(tx, ended.id);
  return ended;
}

/**
 * The agent starts a consultation with the visit. What held the citizen's place for a while (sent
 * back, recall pause, clerk's note) is over with the call. A citizen the page may not reach is told
 * by mail or SMS where they gave an address (called-notice.ts).
 */
export async function startConsultation(
  tx: Queryable,
  agent: StaffPrincipal,
  visit: { id: string; officeId: string },
) {
  const [started] = await tx.query<LiveConsultation>(
    `INSERT INTO consultations (tenant_id, visit_id, office_id, agent_id) VALUES ($1, $2, $3, $4)
     RETURNING id, visit_id AS "visitId", office_id AS "officeId", agent_id AS "agentId"`,
    [agent.tenantId, visit.id, visit.officeId, agent.id],
  );
  await tx.query(
    `UPDATE visits SET status = 'in_consultation', held_by = NULL, clerk_note = NULL, recall_at = NULL,
       set_aside_at = NULL,
       waited_seconds = waited_seconds + CASE WHEN status = 'waiting'
         THEN greatest(0, extract(epoch FROM now() - queued_at))::int ELSE 0 END
     WHERE id = $1`,
    [visit.id],
  );
  await noticeCalled(tx, visit.id, started!.id);
  return { visitId: visit.id, officeIds: [visit.officeId], started: started! } satisfies VisitChange;
}

/** The agent's own live consultation, locked for a change; 404 when it is not theirs or not live. */
export async function ownLiveConsultation(tx: Queryable, agent: StaffPrincipal, consultationId: string) {
  const [live] = await tx.query<LiveConsultation>(
    `SELECT id, visit_id AS "visitId", office_id AS "officeId", agent_id AS "agentId" FROM consultations
      WHERE id = $1 AND tenant_id = $2 AND agent_id = $3 AND ended_at IS NULL FOR UPDATE`,
    [consultationId, agent.tenantId, agent.id],
  );
  if (!live) throw notFound('Consultation');
  return live;
}
