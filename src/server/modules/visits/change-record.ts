import type { Queryable } from '../../db/client';
import { recordAudit } from '../audit/audit-log';
import type { StaffPrincipal } from '../auth/sessions';
import { emitVisitTransferred } from '../webhooks/events';
import type { VisitChange } from './visit-store';

/**
 * The audit events (call, transfer, end, the clerk's other queue actions) and webhook deliveries of an agent's change to a visit, written
 * inside the change's own transaction so that neither can be lost to a crash right after it commits.
 */
export async function recordAgentChange(tx: Queryable, agent: StaffPrincipal, change: VisitChange) {
  const transfer = change.officeIds.length === 2 ? (change.officeIds as [string, string]) : null;
  const events = [
    ...(change.ended ? [{ action: 'consultation.ended', object: `consultation:${change.ended.id}` }] : []),
    ...(transfer ? [{ action: 'visit.transferred', object: `visit:${change.visitId}` }] : []),
    ...(change.started
      ? [{ action: 'consultation.started', object: `consultation:${change.started.id}` }]
      : []),
    ...(change.audit ? [{ action: change.audit.action, object: `visit:${change.visitId}` }] : []),
  ];
  for (const event of events) {
    await recordAudit(tx, {
      tenantId: agent.tenantId,
      actor: `staff:${agent.id}`,
      ...event,
      details: { visitId: change.visitId, officeIds: change.officeIds, ...change.audit?.details },
    });
  }
  if (transfer) {
    const [fromOfficeId, toOfficeId] = transfer;
    await emitVisitTransferred(tx, agent.tenantId, { visitId: change.visitId, fromOfficeId, toOfficeId });
  }
}
