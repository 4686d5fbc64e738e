import { type Service, ServiceInput } from '../../../shared/admin';
import type { AppContext } from '../../context';
import { crudRoutes } from './crud';
import { requireUnitManager } from './permissions';

const COLUMNS = `id, unit_id AS "unitId", name, description, duration_minutes AS "durationMinutes",
  buffer_before_minutes AS "bufferBeforeMinutes", buffer_after_minutes AS "bufferAfterMinutes", channel,
  required_documents AS "requiredDocuments", intake_fields AS "intakeFields",
  requires_activation AS "requiresActivation"`;

const values = (s: ServiceInput) => [
  s.unitId,
  s.name,
  s.description,
  s.durationMinutes,
  s.bufferBeforeMinutes,
  s.bufferAfterMinutes,
  s.channel,
  JSON.stringify(s.requiredDocuments),
  JSON.stringify(s.intakeFields),
  s.requiresActivation,
];

export function serviceRepository({ db }: AppContext) {
  return {
    list: (tenantId: string) =>
      db.query<Service>(`SELECT ${COLUMNS} FROM services WHERE tenant_id = $1 ORDER BY name`, [tenantId]),
    get: async (tenantId: string, id: string) =>
      (
        await db.query<Service>(`SELECT ${COLUMNS} FROM services WHERE tenant_id = $1 AND id = $2`, [
          tenantId,
          id,
        ])
      )[0],
    create: async (tenantId: string, input: ServiceInput) =>
      (
        await db.query<Service>(
          `INSERT INTO services (tenant_id, unit_id, name, description, duration_minutes, buffer_before_minutes,
             buffer_after_minutes, channel, required_documents, intake_fields, requires_activation)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
          [tenantId, ...values(input)],
        )
      )[0] as Service,
    update: async (tenantId: string, id: string, input: ServiceInput) =>
      (
        await db.query<Service>(
          `UPDATE services SET unit_id = $3, name = $4, description = $5, duration_minutes = $6,
             buffer_before_minutes = $7, buffer_after_minutes = $8, channel = $9, required_documents = $10,
             intake_fields = $11, requires_activation = $12
           WHERE tenant_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
          [tenantId, id, ...values(input)],
        )
      )[0],
    remove: async (tenantId: string, id: string) =>
      (await db.query('DELETE FROM services WHERE tenant_id = $1 AND id = $2 RETURNING id', [tenantId, id]))
        .length > 0,
  };
}

export const serviceRoutes = crudRoutes({
  path: '/services',
  noun: 'Service',
  createInput: ServiceInput,
  updateInput: ServiceInput,
  repository: serviceRepository,
  authorizeWrite: (ctx, who, service) => requireUnitManager(ctx, who, service.unitId),
});
