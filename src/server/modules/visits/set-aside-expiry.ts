import type { Db } from '../../db/client';
import { recordAudit } from '../audit/audit-log';

/**
 * Parked and missed visits are for later in the same day: those set aside before today began (in the
 * authority's time zone) end as left with the reason 'day_ended', so the lists start empty each
 * morning and the citizen's page says why. Returns the ended visits, for their offices and pages.
 */
export async function endSetAsideOfEarlierDays(db: Db) {
  return db.transaction(async (tx) => {
    const ended = await tx.query<{ id: string; officeId: string; tenantId: string }>(
      `UPDATE visits v SET status = 'left', left_reason = 'day_ended', ended_at = now(), set_aside_at = NULL
         FROM tenants t
        WHERE t.id = v.tenant_id AND v.status IN ('parked', 'missed')
          AND v.set_aside_at < (date_trunc('day', now() AT TIME ZONE t.time_zone) AT TIME ZONE t.time_zone)
        RETURNING v.id, v.office_id AS "officeId", v.tenant_id AS "tenantId"`,
    );
    for (const visit of ended) {
      await recordAudit(tx, {
        tenantId: visit.tenantId,
        actor: 'system',
        action: 'visit.left',
        object: `visit:${visit.id}`,
        details: { reason: 'day_ended' },
      });
    }
    return ended;
  });
}
