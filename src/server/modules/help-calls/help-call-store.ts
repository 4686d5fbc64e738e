import { randomUUID } from 'node:crypto';
import { HELP_ALREADY_ANSWERED, HELP_ALREADY_ASKED, HELP_OVER } from '../../../shared/queue-details';
import type { Db } from '../../db/client';
import { conflict, notFound } from '../../http/problem';
import { recordAudit } from '../audit/audit-log';
import type { StaffPrincipal } from '../auth/sessions';
import type { GuestStore } from '../consultations/guests-store';
import { ownLiveConsultation } from '../visits/visit-steps';
import { requireReached } from './help-reach';

/** What the others see of a colleague who came to help: their name, within the guests' label limit. */
const GUEST_LABEL_MAX = 60;

/**
 * A clerk asks for help from their call; a colleague of the office answers it and joins the call as a
 * guest (the seat and the answer in one transaction: of two colleagues answering at once, one gets in,
 * the other hears who did). Every step is audited; the audit holds ids only.
 */
export function createHelpCallStore(db: Db, guests: GuestStore) {
  return {
    async request(agent: StaffPrincipal, consultationId: string) {
      return db.transaction(async (tx) => {
        const live = await ownLiveConsultation(tx, agent, consultationId);
        const [open] = await tx.query(
          'SELECT 1 FROM help_calls WHERE consultation_id = $1 AND ended_at IS NULL',
          [live.id],
        );
        if (open) throw conflict(HELP_ALREADY_ASKED);
        const id = randomUUID();
        await tx.query(
          `INSERT INTO help_calls (id, tenant_id, consultation_id, office_id, requested_by)
           VALUES ($1, $2, $3, $4, $5)`,
          [id, agent.tenantId, live.id, live.officeId, agent.id],
        );
        await recordAudit(tx, {
          tenantId: agent.tenantId,
          actor: `staff:${agent.id}`,
          action: 'help.requested',
          object: `consultation:${live.id}`,
          details: { helpCallId: id, officeId: live.officeId },
        });
        return { id, officeId: live.officeId };
      });
    },

    /** Takes back a call for help nobody answered yet; 404 when there is none. */
    async withdraw(agent: StaffPrincipal, consultationId: string) {
      return db.transaction(async (tx) => {
        const live = await ownLiveConsultation(tx, agent, consultationId);
        const [withdrawn] = await tx.query<{ id: string }>(
          `UPDATE help_calls SET ended_at = now(), end_reason = 'withdrawn'
            WHERE consultation_id = $1 AND ended_at IS NULL AND answered_at IS NULL RETURNING id`,
          [live.id],
        );
        if (!withdrawn) throw notFound('Call for help');
        await recordAudit(tx, {
          tenantId: agent.tenantId,
          actor: `staff:${agent.id}`,
          action: 'help.ended',
          object: `consultation:${live.id}`,
          details: { helpCallId: withdrawn.id, reason: 'withdrawn' },
        });
        return { officeId: live.officeId };
      });
    },

    /**
     * A colleague of the office (or a lead of its unit) answers: a one-time guest link of their own into the call, under their
     * name. `silent`: their page joins with the microphone off.
     */
    async answer(colleague: StaffPrincipal, helpCallId: string, silent: boolean) {
      return db.transaction(async (tx) => {
        const [call] = await tx.query<{
          consultationId: string;
          officeId: string;
          requestedBy: string | null;
          answered: boolean;
          ended: boolean;
        }>(
          `SELECT consultation_id AS "consultationId", office_id AS "officeId", requested_by AS "requestedBy",
                  answered_at IS NOT NULL AS answered, ended_at IS NOT NULL AS ended
             FROM help_calls WHERE id = $1 AND tenant_id = $2 FOR UPDATE`,
          [helpCallId, colleague.tenantId],
        );
        if (!call) throw notFound('Call for help');
        // Only those the alert reaches may answer; anyone else learns nothing more than "not found".
        await requireReached(tx, colleague, call.officeId);
        if (call.ended) throw conflict(HELP_OVER);
        if (call.answered) throw conflict(HELP_ALREADY_ANSWERED);
        if (call.requestedBy === colleague.id) throw conflict('You cannot answer your own call for help');
        const [me] = await tx.query<{ name: string }>(
          'SELECT display_name AS name FROM staff WHERE id = $1',
          [colleague.id],
        );
        const label = (me?.name ?? '').slice(0, GUEST_LABEL_MAX);
        const guest = await guests.inviteIn(
          tx,
          { id: call.consultationId, tenantId: colleague.tenantId },
          colleague.id,
          label,
          silent,
        );
        await tx.query(
          'UPDATE help_calls SET answered_by = $2, answered_at = now(), guest_id = $3 WHERE id = $1',
          [helpCallId, colleague.id, guest.id],
        );
        await recordAudit(tx, {
          tenantId: colleague.tenantId,
          actor: `staff:${colleague.id}`,
          action: 'help.answered',
          object: `consultation:${call.consultationId}`,
          details: { helpCallId, guestId: guest.id, silent },
        });
        return { url: guest.url!, officeId: call.officeId };
      });
    },
  };
}
