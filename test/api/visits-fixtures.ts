import { Temporal } from 'temporal-polyfill';
import { officeRepository } from '../../src/server/modules/admin/offices';
import { staffRepository } from '../../src/server/modules/admin/staff';
import {
  DISCONNECT_SWEEP_JOB,
  scheduleDisconnectSweep,
} from '../../src/server/modules/visits/disconnect-sweep';
import { citizenPost } from '../support/proof-of-work';
import type { TestServer, TestTenant } from '../support/server';
import { officeBody } from './fixtures';

/** A Wednesday morning in Berlin: the test offices are open, whatever the real date is. */
export const WEDNESDAY_MORNING = Temporal.Instant.from('2026-11-25T09:00:00Z');

/** An office open all Wednesday, with the clock fixed to Wednesday morning. */
export async function openOffice(server: TestServer, tenant: TestTenant, slug: string, capacity = 20) {
  server.ctx.clock = () => WEDNESDAY_MORNING;
  return officeRepository(server.ctx).create(tenant.tenantId, {
    ...officeBody(tenant.unitId, slug),
    name: `Büro ${slug}`,
    openingHours: { wed: [{ from: '08:00', to: '18:00' }] },
    closedDays: [],
    capacity,
  });
}

/** An agent assigned to the offices, signed in; returns the cookie too. */
export async function agentFor(server: TestServer, tenant: TestTenant, officeIds: string[]) {
  const agent = await tenant.staff('agent');
  const staff = staffRepository(server.ctx);
  const current = (await staff.get(tenant.tenantId, agent.id))!;
  await staff.update(tenant.tenantId, agent.id, { ...current, officeIds });
  // The update above ended no session (no password change), so the cookie still works.
  return agent;
}

export async function enter(server: TestServer, tenantSlug: string, officeSlug: string, displayName: string) {
  const response = await citizenPost(
    server.app,
    `/api/public/tenants/${tenantSlug}/offices/${officeSlug}/visits`,
    { displayName, concern: `Anliegen von ${displayName}` },
  );
  if (response.statusCode !== 201) throw new Error(`enter failed: ${response.body}`);
  return response.json() as { visitId: string; visitToken: string };
}

/** Runs the disconnect sweep now, as the job queue does every minute; returns how many jobs ran. */
export async function runDisconnectSweep(server: TestServer) {
  await scheduleDisconnectSweep(server.ctx.db);
  // A sweep that ran before planned its successor a minute ahead: that one is due now.
  await server.ctx.db.query(
    'UPDATE jobs SET run_at = now() WHERE kind = $1 AND done_at IS NULL AND failed_at IS NULL',
    [DISCONNECT_SWEEP_JOB],
  );
  return server.ctx.jobs.runDue();
}
