import type { InjectOptions } from 'fastify';
import { serviceRepository } from '../../src/server/modules/admin/services';
import type { ServiceInput } from '../../src/shared/admin';
import { createTestTenant, type TestServer, type TestTenant } from '../support/server';
import { serviceBody } from './fixtures';
import { enter, openOffice } from './visits-fixtures';

/** Who sends a request: a staff cookie, a citizen's visit token or a guest's session token, or nobody. */
export type Who = { cookie: string } | { token: string } | null;

export const authHeaders = (who: Who): Record<string, string> =>
  who === null ? {} : 'cookie' in who ? { cookie: who.cookie } : { authorization: `Bearer ${who.token}` };

/** A request to /api/consultations/:id/… as someone. */
export function consultationRequest(server: TestServer) {
  return (who: Who, method: 'GET' | 'POST' | 'PUT', consultationId: string, path = '', payload?: unknown) =>
    server.app.inject({
      method,
      url: `/api/consultations/${consultationId}${path}`,
      headers: authHeaders(who),
      ...(payload === undefined ? {} : { payload: payload as InjectOptions['payload'] }),
    });
}

export interface CallScene {
  tenant: TestTenant;
  office: { id: string; slug: string; name: string };
  agent: { id: string; cookie: string };
  citizen: { visitId: string; token: string };
  consultationId: string;
}

/** An authority with an open office, an agent and a citizen the agent has called into a consultation. */
export async function callScene(
  server: TestServer,
  names: { agent?: string; citizen?: string } = {},
  tenant?: TestTenant,
): Promise<CallScene> {
  const t = tenant ?? (await createTestTenant(server, 'Stadt Musterhausen'));
  const slug = `buero-${Math.random().toString(16).slice(2, 8)}`;
  const office = await openOffice(server, t, slug);
  const agent = await t.staff('agent', {
    officeIds: [office.id],
    displayName: names.agent ?? 'Erika Mustermann',
  });
  const visit = await enter(server, t.slug, slug, names.citizen ?? 'Zoë Çelik-Müller');
  const called = await server.app.inject({
    method: 'POST',
    url: `/api/staff/visits/${visit.visitId}/call`,
    headers: { cookie: agent.cookie },
  });
  if (called.statusCode !== 200) throw new Error(`call failed: ${called.body}`);
  return {
    tenant: t,
    office,
    agent,
    citizen: { visitId: visit.visitId, token: visit.visitToken },
    consultationId: called.json().consultationId,
  };
}

/**
 * Links the scene's visit to an appointment of a service, as checking in by a join link does; `details`
 * change the service's other fields (e.g. its questions and documents).
 */
export async function linkAppointment(
  server: TestServer,
  scene: Pick<CallScene, 'tenant'> & {
    office: { id: string };
    agent: { id: string };
    citizen: { visitId: string };
  },
  serviceName: string,
  details: Partial<ServiceInput> = {},
) {
  const service = await serviceRepository(server.ctx).create(scene.tenant.tenantId, {
    ...serviceBody(scene.tenant.unitId),
    ...details,
    name: serviceName,
  });
  await server.ctx.db.query(
    `INSERT INTO appointments (tenant_id, service_id, office_id, agent_id, starts_at, ends_at, blocked,
       citizen_name, citizen_email, manage_token_hash, visit_id)
     VALUES ($1, $2, $3, $4, now(), now() + interval '15 minutes',
       tstzrange(now(), now() + interval '15 minutes'), 'Zoë Çelik-Müller', 'zoe@example.org', $5, $6)`,
    [
      scene.tenant.tenantId,
      service.id,
      scene.office.id,
      scene.agent.id,
      `manage-${scene.citizen.visitId}`,
      scene.citizen.visitId,
    ],
  );
  return service;
}

/** Uploads (raw bytes, the name in X-File-Name) and downloads of a consultation's files as someone. */
export function fileRequests(server: TestServer) {
  return {
    upload: (who: Who, consultationId: string, name: string, bytes: Buffer) =>
      server.app.inject({
        method: 'POST',
        url: `/api/consultations/${consultationId}/files`,
        headers: {
          ...authHeaders(who),
          'content-type': 'application/octet-stream',
          'x-file-name': encodeURIComponent(name),
        },
        payload: bytes,
      }),
    download: (who: Who, consultationId: string, fileId: string) =>
      server.app.inject({
        method: 'GET',
        url: `/api/consultations/${consultationId}/files/${fileId}`,
        headers: authHeaders(who),
      }),
  };
}
