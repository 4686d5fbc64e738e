import type { LeftReason } from '../../../shared/realtime';
import type { Queryable } from '../../db/client';
import { HttpProblem } from '../../http/problem';
import { recordAudit } from '../audit/audit-log';

/**
 * What opening a join link (an appointment's, or a case system's invitation) does to the visit that
 * link opened before.
 *
 * While that visit waits, talks or is set aside (parked, missed), the newest device takes it over: it gets a fresh token, the old
 * token dies, and the old device's sockets are told ("opened on another device") and closed. Refusing
 * the second device instead would lock out a citizen who switches from phone to laptop, or whose first
 * tab is gone, with nobody to unlock it; taking over keeps one device per visit (like the newest tab
 * taking over a call, realtime/call-tab.ts) and the first device is never silently logged out. The old
 * token's hash is kept so that device still learns why when it comes back later. Every take-over is
 * audited.
 */
export type Reopened =
  | { kind: 'handed-over' }
  | { kind: 'ended'; status: 'done' | 'left'; leftReason: LeftReason | null }
  | { kind: 'none' };

export async function reopenVisit(tx: Queryable, visitId: string, tokenHash: string): Promise<Reopened> {
  const [handed] = await tx.query<{ tenantId: string }>(
    `UPDATE visits SET superseded_token_hash = resume_token_hash, resume_token_hash = $2
      WHERE id = $1 AND status IN ('waiting', 'in_consultation', 'parked', 'missed') RETURNING tenant_id AS "tenantId"`,
    [visitId, tokenHash],
  );
  if (handed) {
    await recordAudit(tx, {
      tenantId: handed.tenantId,
      actor: `citizen:${visitId}`,
      action: 'visit.handed-over',
      object: `visit:${visitId}`,
    });
    return { kind: 'handed-over' };
  }
  const [ended] = await tx.query<{ status: 'done' | 'left'; leftReason: LeftReason | null }>(
    `SELECT status, left_reason AS "leftReason" FROM visits WHERE id = $1`,
    [visitId],
  );
  return ended ? { kind: 'ended', ...ended } : { kind: 'none' };
}

/** A link whose visit is over does not open a new one (410: it will never work again). */
export const linkUsed = () =>
  new HttpProblem(410, 'Gone', 'This link has been used; its visit is over', { reason: 'used' });
