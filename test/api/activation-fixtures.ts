import { serviceRepository } from '../../src/server/modules/admin/services';
import { citizenPost } from '../support/proof-of-work';
import type { TestServer, TestTenant } from '../support/server';
import { serviceBody } from './fixtures';
import { agentFor, openOffice } from './visits-fixtures';

/** Wednesday 2 December 2026, 10:00 in Berlin: a week after the fixed test clock. */
export const SLOT = '2026-12-02T09:00:00Z';

/** An office with one agent and a 30-minute service whose internet bookings need activation (or not). */
export async function activationScene(
  server: TestServer,
  tenant: TestTenant,
  slug: string,
  { requiresActivation = true } = {},
) {
  const office = await openOffice(server, tenant, slug);
  const agent = await agentFor(server, tenant, [office.id]);
  const service = await serviceRepository(server.ctx).create(tenant.tenantId, {
    ...serviceBody(tenant.unitId),
    durationMinutes: 30,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    requiresActivation,
  });
  return { office, agent, service };
}

/** A citizen's internet booking of the slot (or another start). */
export const bookOnline = (server: TestServer, tenant: TestTenant, serviceId: string, extra: object = {}) =>
  citizenPost(server.app, `/api/public/tenants/${tenant.slug}/services/${serviceId}/appointments`, {
    start: SLOT,
    name: 'Erika Mustermann',
    email: 'erika@example.org',
    consent: true,
    ...extra,
  });

/** The free starts of the slot's day. */
export const freeStarts = async (server: TestServer, tenant: TestTenant, serviceId: string) =>
  (
    (
      await server.app.inject({
        url: `/api/public/tenants/${tenant.slug}/services/${serviceId}/slots?from=2026-12-02&days=1`,
      })
    ).json().slots as { start: string }[]
  ).map((s) => s.start);

/** A link-proved call: the token is the link's fragment (or the bare token). */
export const withLink = (server: TestServer, method: 'GET' | 'POST' | 'DELETE', url: string, link: string) =>
  server.app.inject({ method, url, headers: { authorization: `Bearer ${link.split('#').pop()}` } });

/** The activation link the store would mail for the appointment (only the mail carries it). */
export const activationToken = (server: TestServer, appointmentId: string) =>
  server.ctx.links.token('activate', appointmentId, 1);

/**
 * Makes the appointment's pending jobs of `kind` due now and runs what is due: the queue keeps the
 * database's time, so a test brings the job forward rather than waiting for it.
 */
export async function runJobNow(server: TestServer, kind: string, appointmentId: string) {
  await server.ctx.db.query(
    `UPDATE jobs SET run_at = now() WHERE kind = $1 AND payload->>'appointmentId' = $2 AND done_at IS NULL`,
    [kind, appointmentId],
  );
  return server.ctx.jobs.runDue();
}

/** Seconds from queuing to due of the appointment's pending job of `kind`. */
export async function jobDelaySeconds(server: TestServer, kind: string, appointmentId: string) {
  const [job] = await server.ctx.db.query<{ seconds: number }>(
    `SELECT extract(epoch FROM run_at - created_at)::float8 AS seconds FROM jobs
      WHERE kind = $1 AND payload->>'appointmentId' = $2 AND done_at IS NULL`,
    [kind, appointmentId],
  );
  return job?.seconds;
}

export const statusOf = async (server: TestServer, appointmentId: string) =>
  (
    await server.ctx.db.query<{ status: string; pending: boolean }>(
      'SELECT status, slot_release_pending AS pending FROM appointments WHERE id = $1',
      [appointmentId],
    )
  )[0];

export const auditOf = async (server: TestServer, appointmentId: string) =>
  (
    await server.ctx.db.query<{ action: string; actor: string }>(
      'SELECT action, actor FROM audit_events WHERE object = $1 ORDER BY tenant_id, seq',
      [`appointment:${appointmentId}`],
    )
  ).map((e) => `${e.action} by ${e.actor}`);
