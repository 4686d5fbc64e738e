import type { HelpCall } from '../../../shared/help-calls';
import type { Queryable } from '../../db/client';
import { recordAudit } from '../audit/audit-log';

/**
 * Reading an office's calls for help and ending them with the call: what the queue snapshot and the end
 * of a consultation need, apart from the actions (help-call-store.ts), which build on the visit steps.
 */

interface HelpCallRow extends Omit<HelpCall, 'requestedAt' | 'answeredAt'> {
  requestedAt: Date;
  answeredAt: Date | null;
}

/** The open calls for help of an office (asked, or answered while the call goes on), oldest first. */
export async function loadHelpCalls(db: Queryable, officeId: string): Promise<HelpCall[]> {
  const rows = await db.query<HelpCallRow>(
    `SELECT h.id, h.consultation_id AS "consultationId", h.requested_by AS "requestedBy",
            coalesce(r.display_name, '') AS "requesterName", h.requested_at AS "requestedAt",
            h.answered_by AS "answeredBy", a.display_name AS "answererName", h.answered_at AS "answeredAt"
       FROM help_calls h LEFT JOIN staff r ON r.id = h.requested_by LEFT JOIN staff a ON a.id = h.answered_by
      WHERE h.office_id = $1 AND h.ended_at IS NULL
      ORDER BY h.requested_at, h.id`,
    [officeId],
  );
  return rows.map((row) => ({
    ...row,
    requestedAt: row.requestedAt.toISOString(),
    answeredAt: row.answeredAt?.toISOString() ?? null,
  }));
}

/** The call ended: so did its calls for help (called inside the transaction that ends it). */
export async function endHelpCalls(tx: Queryable, consultationId: string) {
  const ended = await tx.query<{ id: string; tenantId: string }>(
    `UPDATE help_calls SET ended_at = now(), end_reason = 'call_ended'
      WHERE consultation_id = $1 AND ended_at IS NULL RETURNING id, tenant_id AS "tenantId"`,
    [consultationId],
  );
  for (const { id, tenantId } of ended) {
    await recordAudit(tx, {
      tenantId,
      actor: 'system',
      action: 'help.ended',
      object: `consultation:${consultationId}`,
      details: { helpCallId: id, reason: 'call_ended' },
    });
  }
}
