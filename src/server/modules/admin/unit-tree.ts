import type { Queryable } from '../../db/client';

/** SQL: `subtree(id)`, the unit $2 of authority $1 and every unit below it (prefix a query with it). */
export const UNIT_SUBTREE = `WITH RECURSIVE subtree AS (
    SELECT id FROM units WHERE tenant_id = $1 AND id = $2
    UNION SELECT u.id FROM units u JOIN subtree s ON u.parent_id = s.id WHERE u.tenant_id = $1)`;

/** Whether unitId is rootId itself or lies anywhere below it in the tenant's unit tree. */
export async function isUnitInSubtree(db: Queryable, tenantId: string, rootId: string, unitId: string) {
  const rows = await db.query(`${UNIT_SUBTREE} SELECT 1 FROM subtree WHERE id = $3`, [
    tenantId,
    rootId,
    unitId,
  ]);
  return rows.length > 0;
}
