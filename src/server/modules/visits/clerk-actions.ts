import type { Config } from '../../config';
import type { Db, Queryable } from '../../db/client';
import { conflict, notFound } from '../../http/problem';
import type { StaffPrincipal } from '../auth/sessions';
import type { PriorityRequest, PutBackRequest } from './schema';
import { agentChange, endLive, ownLiveConsultation, requireAssigned } from './visit-steps';
import type { VisitChange } from './visit-store';

/**
 * The clerk's queue actions besides calling, transferring and ending (issue 15): a citizen who did not
 * answer ("nicht erschienen") is recalled after a pause and finally listed as missed; a citizen can be
 * sent back to the waiting room for a moment (first place kept, called back by the same clerk) or
 * parked for later; missed and parked citizens are put back into the line; a waiting citizen's
 * priority can be raised. Each change is audited in its own transaction (visit-steps.ts agentChange).
 */
/** `queue` is read at each use, so a test may change the recalls of a running server. */
export function createClerkActions(db: Db, queue: Config['queue']) {
  /** Ends the agent's call for `reason`; `change` puts the visit in its new state. */
  const outOfCall = (
    agent: StaffPrincipal,
    consultationId: string,
    reason: 'no_show' | 'sent_back' | 'parked',
    change: (tx: Queryable, visitId: string) => Promise<VisitChange['audit']>,
  ) =>
    agentChange(db, agent, async (tx) => {
      const live = await ownLiveConsultation(tx, agent, consultationId);
      await endLive(tx, live.visitId, reason);
      const audit = await change(tx, live.visitId);
      return { visitId: live.visitId, officeIds: [live.officeId], ended: live, ...(audit ? { audit } : {}) };
    });

  /** A waiting, parked or missed visit of an office the agent serves, locked for a change. */
  const assignedVisit = async (tx: Queryable, agent: StaffPrincipal, visitId: string) => {
    const [visit] = await tx.query<{ officeId: string; status: string }>(
      `SELECT office_id AS "officeId", status FROM visits WHERE id = $1 AND tenant_id = $2 FOR NO KEY UPDATE`,
      [visitId, agent.tenantId],
    );
    if (!visit) throw notFound('Visit');
    await requireAssigned(tx, agent, visit.officeId);
    return visit;
  };

  return {
    /**
     * The called citizen did not answer. Until the recalls are used up they wait again at their place,
     * not called before the pause ends (`now`, the app's clock); then they move to the missed list.
     */
    notAppeared: (agent: StaffPrincipal, consultationId: string, now: Date) =>
      outOfCall(agent, consultationId, 'no_show', async (tx, visitId) => {
        const { recalls, recallPauseMinutes } = queue;
        const [visit] = await tx.query<{ missedCalls: number; status: string }>(
          `UPDATE visits SET missed_calls = missed_calls + 1,
             status = CASE WHEN missed_calls + 1 > $2 THEN 'missed' ELSE 'waiting' END,
             set_aside_at = CASE WHEN missed_calls + 1 > $2 THEN now() END,
             recall_at = CASE WHEN missed_calls + 1 <= $2
               THEN $3::timestamptz + make_interval(mins => $4) END,
             queued_at = now()
           WHERE id = $1 RETURNING missed_calls AS "missedCalls", status`,
          [visitId, recalls, now.toISOString(), recallPauseMinutes],
        );
        return {
          action: visit!.status === 'missed' ? 'visit.missed' : 'visit.not_appeared',
          details: { missedCalls: visit!.missedCalls },
        };
      }),

    /** "Bitte kurz warten": back to the waiting room, first in line, until this clerk calls them back. */
    sendBack: (agent: StaffPrincipal, consultationId: string, note: string) =>
      outOfCall(agent, consultationId, 'sent_back', async (tx, visitId) => {
        await tx.query(
          `UPDATE visits SET status = 'waiting', held_by = $2, clerk_note = nullif($3, ''), queued_at = now()
            WHERE id = $1`,
          [visitId, agent.id, note],
        );
        return { action: 'visit.sent_back', details: {} };
      }),

    /** The case waits for later in the day, out of the line, on the office's parked list. */
    park: (agent: StaffPrincipal, consultationId: string, note: string) =>
      outOfCall(agent, consultationId, 'parked', async (tx, visitId) => {
        await tx.query(
          `UPDATE visits SET status = 'parked', clerk_note = nullif($2, ''), set_aside_at = now() WHERE id = $1`,
          [visitId, note],
        );
        return { action: 'visit.parked', details: {} };
      }),

    /**
     * "Wieder aufnehmen": a missed or parked citizen waits again, at their old place (first arrival) or
     * at the end of the line (arrival now), with their recalls renewed.
     */
    putBack: (agent: StaffPrincipal, visitId: string, { at }: PutBackRequest) =>
      agentChange(db, agent, async (tx) => {
        const visit = await assignedVisit(tx, agent, visitId);
        if (visit.status !== 'missed' && visit.status !== 'parked') {
          throw conflict('Only a missed or parked citizen can be put back into the line');
        }
        await tx.query(
          `UPDATE visits SET status = 'waiting', missed_calls = 0, recall_at = NULL, set_aside_at = NULL,
             clerk_note = NULL, queued_at = now(), arrived_at = CASE WHEN $2 THEN now() ELSE arrived_at END
           WHERE id = $1`,
          [visitId, at === 'end'],
        );
        return {
          visitId,
          officeIds: [visit.officeId],
          audit: { action: 'visit.put_back', details: { from: visit.status, at } },
        };
      }),

    /** Raises a waiting citizen's priority (with the clerk's reason) or sets it back to normal. */
    setPriority: (agent: StaffPrincipal, visitId: string, { priority, reason }: PriorityRequest) =>
      agentChange(db, agent, async (tx) => {
        const visit = await assignedVisit(tx, agent, visitId);
        if (visit.status !== 'waiting') throw conflict('This citizen is no longer waiting');
        const raised = priority === 'raised';
        await tx.query('UPDATE visits SET priority = $2, priority_reason = $3 WHERE id = $1', [
          visitId,
          raised ? 1 : 0,
          raised ? reason : null,
        ]);
        // The reason stays out of the audit trail: it may speak of health or hardship.
        return {
          visitId,
          officeIds: [visit.officeId],
          audit: { action: 'visit.priority', details: { priority } },
        };
      }),
  };
}
export type ClerkActions = ReturnType<typeof createClerkActions>;
