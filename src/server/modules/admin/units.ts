import { type Unit, UnitInput } from '../../../shared/admin';
import type { AppContext } from '../../context';
import { conflict } from '../../http/problem';
import { crudRoutes } from './crud';
import { requireAdmin } from './permissions';
import { isUnitInSubtree } from './unit-tree';

const COLUMNS = 'id, name, parent_id AS "parentId"';

export function unitRepository({ db }: AppContext) {
  return {
    list: (tenantId: string) =>
      db.query<Unit>(`SELECT ${COLUMNS} FROM units WHERE tenant_id = $1 ORDER BY name`, [tenantId]),
    get: async (tenantId: string, id: string) =>
      (
        await db.query<Unit>(`SELECT ${COLUMNS} FROM units WHERE tenant_id = $1 AND id = $2`, [tenantId, id])
      )[0],
    create: async (tenantId: string, input: UnitInput) =>
      (
        await db.query<Unit>(
          `INSERT INTO units (tenant_id, name, parent_id) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
          [tenantId, input.name, input.parentId],
        )
      )[0] as Unit,
    update: async (tenantId: string, id: string, input: UnitInput) => {
      if (input.parentId && (await isUnitInSubtree(db, tenantId, id, input.parentId))) {
        throw conflict('A unit cannot be moved below itself');
      }
      return (
        await db.query<Unit>(
          `UPDATE units SET name = $3, parent_id = $4 WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
          [tenantId, id, input.name, input.parentId],
        )
      )[0];
    },
    remove: async (tenantId: string, id: string) =>
      (await db.query('DELETE FROM units WHERE tenant_id = $1 AND id = $2 RETURNING id', [tenantId, id]))
        .length > 0,
  };
}

export const unitRoutes = crudRoutes({
  path: '/units',
  noun: 'Unit',
  createInput: UnitInput,
  updateInput: UnitInput,
  repository: unitRepository,
  authorizeWrite: async (_ctx, who) => requireAdmin(who),
});
