import type { z } from 'zod';
import { type Office, OfficeInput } from '../../../shared/admin';
import type { AppContext } from '../../context';
import { crudRoutes } from './crud';
import { requireUnitManager } from './permissions';

const COLUMNS = `id, unit_id AS "unitId", slug, name, opening_hours AS "openingHours",
  closed_days AS "closedDays", capacity, address, directions`;

/** Seeds and tests create offices without the optional fields the schema would default. */
type OfficeFields = z.input<typeof OfficeInput>;

const values = (o: OfficeFields) => [
  o.unitId,
  o.slug,
  o.name,
  JSON.stringify(o.openingHours),
  JSON.stringify(o.closedDays),
  o.capacity,
  o.address ?? null,
  o.directions ?? null,
];

export function officeRepository({ db }: AppContext) {
  return {
    list: (tenantId: string) =>
      db.query<Office>(`SELECT ${COLUMNS} FROM offices WHERE tenant_id = $1 ORDER BY name`, [tenantId]),
    get: async (tenantId: string, id: string) =>
      (
        await db.query<Office>(`SELECT ${COLUMNS} FROM offices WHERE tenant_id = $1 AND id = $2`, [
          tenantId,
          id,
        ])
      )[0],
    create: async (tenantId: string, input: OfficeFields) =>
      (
        await db.query<Office>(
          `INSERT INTO offices (tenant_id, unit_id, slug, name, opening_hours, closed_days, capacity, address, directions)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ${COLUMNS}`,
          [tenantId, ...values(input)],
        )
      )[0] as Office,
    update: async (tenantId: string, id: string, input: OfficeFields) =>
      (
        await db.query<Office>(
          `UPDATE offices SET unit_id = $3, slug = $4, name = $5, opening_hours = $6, closed_days = $7, capacity = $8,
             address = $9, directions = $10
           WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
          [tenantId, id, ...values(input)],
        )
      )[0],
    remove: async (tenantId: string, id: string) =>
      (await db.query('DELETE FROM offices WHERE tenant_id = $1 AND id = $2 RETURNING id', [tenantId, id]))
        .length > 0,
  };
}

export const officeRoutes = crudRoutes({
  path: '/offices',
  noun: 'Office',
  createInput: OfficeInput,
  updateInput: OfficeInput,
  repository: officeRepository,
  authorizeWrite: (ctx, who, office) => requireUnitManager(ctx, who, office.unitId),
});
