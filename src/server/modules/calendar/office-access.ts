import type { AppContext } from '../../context';
import { notFound } from '../../http/problem';
import { requireUnitManager } from '../admin/permissions';
import type { StaffPrincipal } from '../auth/sessions';

/**
 * The office of the caller's authority with its time zone, if the caller may change its calendar: as for
 * its weekly hours, admins and the leads of its unit. Another authority's office is "not found".
 */
export async function managedOffice(ctx: AppContext, who: StaffPrincipal, officeId: string) {
  const [office] = await ctx.db.query<{ id: string; unitId: string; timeZone: string }>(
    `SELECT o.id, o.unit_id AS "unitId", t.time_zone AS "timeZone"
       FROM offices o JOIN tenants t ON t.id = o.tenant_id WHERE o.tenant_id = $1 AND o.id = $2`,
    [who.tenantId, officeId],
  );
  if (!office) throw notFound('Office');
  await requireUnitManager(ctx, who, office.unitId);
  return office;
}
