import type { OfficeQueue } from '../../../shared/realtime';
import type { Queryable } from '../../db/client';
import { notFound } from '../../http/problem';
import { UNIT_SUBTREE } from '../admin/unit-tree';
import type { StaffPrincipal } from '../auth/sessions';
import type { OfficeSnapshot } from '../visits/office-snapshot';

/**
 * Who a call for help reaches: the colleagues assigned to the office, and the leads of its unit (or a
 * unit above it) even when they do not serve it themselves, as a team lead is the first to ask.
 */

/** The offices a lead leads but does not serve: their workspace hears only calls for help from them. */
export async function ledOfficesNotServed(db: Queryable, staff: StaffPrincipal): Promise<string[]> {
  if (staff.role !== 'lead' || !staff.unitId) return [];
  const rows = await db.query<{ id: string }>(
    `${UNIT_SUBTREE}
     SELECT o.id FROM offices o
      WHERE o.tenant_id = $1 AND o.unit_id IN (SELECT id FROM subtree)
        AND NOT EXISTS (SELECT 1 FROM staff_offices so WHERE so.staff_id = $3 AND so.office_id = o.id)`,
    [staff.tenantId, staff.unitId, staff.id],
  );
  return rows.map((row) => row.id);
}

/** 404 unless the office's calls for help reach this staff member (no hint that the call exists). */
export async function requireReached(db: Queryable, staff: StaffPrincipal, officeId: string) {
  const rows = await db.query(
    `${UNIT_SUBTREE}
     SELECT 1 FROM offices o
      WHERE o.id = $3 AND o.tenant_id = $1
        AND (EXISTS (SELECT 1 FROM staff_offices so WHERE so.staff_id = $4 AND so.office_id = o.id)
             OR ($5 AND o.unit_id IN (SELECT id FROM subtree)))`,
    [staff.tenantId, staff.unitId, officeId, staff.id, staff.role === 'lead'],
  );
  if (rows.length === 0) throw notFound('Call for help');
}

/** What a lead who does not serve the office is pushed of it: its calls for help, no citizen's name. */
export function helpOnlyQueue(snapshot: OfficeSnapshot): OfficeQueue {
  return {
    officeId: snapshot.office.id,
    name: snapshot.office.name,
    agentsServing: snapshot.agentsServing,
    waiting: [],
    helpCalls: snapshot.helpCalls,
  };
}
