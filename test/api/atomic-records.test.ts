import { afterAll, beforeAll, expect, it } from 'vitest';
import { serviceRepository } from '../../src/server/modules/admin/services';
import { describeEachDb } from '../support/each-db';
import { citizenPost } from '../support/proof-of-work';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { callScene } from './consultation-fixtures';
import { serviceBody } from './fixtures';
import { agentFor, enter, openOffice, runDisconnectSweep } from './visits-fixtures';

/** A week after the fixed test clock, inside the office's Wednesday hours. */
const SLOT = '2026-12-02T09:00:00Z';

/**
 * An action, its audit event and its webhook deliveries commit together: when writing the event fails,
 * the action did not happen either (a crash between them could otherwise lose the event).
 */
describeEachDb('actions and their records commit together', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
    await server.ctx.db.exec(`
      CREATE OR REPLACE FUNCTION test_refuse_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused by test'; END $$;`);
  });
  afterAll(() => server.close());

  /** Makes every insert into `table` fail (matching `when`) until the returned function is called. */
  async function refuseInserts(table: string, when = 'true') {
    await server.ctx.db.exec(
      `CREATE TRIGGER test_refuse BEFORE INSERT ON ${table} FOR EACH ROW WHEN (${when}) EXECUTE FUNCTION test_refuse_insert()`,
    );
    return () => server.ctx.db.exec(`DROP TRIGGER test_refuse ON ${table}`);
  }

  const count = async (sql: string, params: unknown[]) =>
    Number((await server.ctx.db.query<{ n: string }>(`SELECT count(*) AS n FROM ${sql}`, params))[0]!.n);

  it('a booking whose webhook delivery cannot be written is not booked, mailed or audited', async () => {
    const tenant = await createTestTenant(server);
    const admin = await tenant.staff('admin');
    const endpoint = await server.app.inject({
      method: 'POST',
      url: '/api/admin/webhooks',
      headers: { cookie: admin.cookie },
      payload: { url: 'http://127.0.0.1:9/hooks', events: ['appointment.booked'] },
    });
    expect(endpoint.statusCode, endpoint.body).toBe(201);
    const office = await openOffice(server, tenant, 'atomar');
    const service = await serviceRepository(server.ctx).create(tenant.tenantId, {
      ...serviceBody(tenant.unitId),
      durationMinutes: 30,
      intakeFields: [],
    });
    await agentFor(server, tenant, [office.id]);
    const book = () =>
      citizenPost(server.app, `/api/public/tenants/${tenant.slug}/services/${service.id}/appointments`, {
        start: SLOT,
        name: 'Erika Mustermann',
        email: 'erika@example.org',
        intake: {},
        consent: true,
      });
    const appointments = () => count('appointments WHERE tenant_id = $1', [tenant.tenantId]);
    const booked = () =>
      count(`audit_events WHERE tenant_id = $1 AND action = 'appointment.booked'`, [tenant.tenantId]);

    const allow = await refuseInserts('webhook_deliveries');
    try {
      expect((await book()).statusCode).toBe(500);
    } finally {
      await allow();
    }
    expect(await appointments()).toBe(0);
    expect(await booked()).toBe(0);
    expect(await count(`jobs WHERE payload->>'event' = 'confirmation'`, [])).toBe(0);

    // Once the deliveries can be written, the same slot is free and everything is written together.
    const retry = await book();
    expect(retry.statusCode, retry.body).toBe(201);
    expect(await appointments()).toBe(1);
    expect(await booked()).toBe(1);
    expect(await count('webhook_deliveries WHERE tenant_id = $1', [tenant.tenantId])).toBe(1);
  });

  it('a protocol whose consultation.completed delivery cannot be written is not issued', async () => {
    const scene = await callScene(server);
    const admin = await scene.tenant.staff('admin');
    const endpoint = await server.app.inject({
      method: 'POST',
      url: '/api/admin/webhooks',
      headers: { cookie: admin.cookie },
      payload: { url: 'http://127.0.0.1:9/hooks', events: ['consultation.completed'] },
    });
    expect(endpoint.statusCode, endpoint.body).toBe(201);
    const issue = () =>
      server.app.inject({
        method: 'POST',
        url: `/api/consultations/${scene.consultationId}/protocol`,
        headers: { cookie: scene.agent.cookie },
      });
    const protocols = () =>
      count('consultation_protocols WHERE consultation_id = $1', [scene.consultationId]);

    const allow = await refuseInserts('webhook_deliveries');
    try {
      expect((await issue()).statusCode).toBe(500);
    } finally {
      await allow();
    }
    expect(await protocols()).toBe(0);
    expect((await issue()).statusCode).toBe(201);
    expect(await protocols()).toBe(1);
    expect(await count(`webhook_deliveries WHERE tenant_id = $1`, [scene.tenant.tenantId])).toBe(1);
  });

  it('a transfer whose audit event cannot be written leaves the citizen where they were', async () => {
    const tenant = await createTestTenant(server);
    const from = await openOffice(server, tenant, 'erstes');
    const to = await openOffice(server, tenant, 'zweites');
    const agent = await agentFor(server, tenant, [from.id, to.id]);
    const { visitId } = await enter(server, tenant.slug, 'erstes', 'Max');
    const transfer = () =>
      server.app.inject({
        method: 'POST',
        url: `/api/staff/visits/${visitId}/transfer`,
        headers: { cookie: agent.cookie },
        payload: { officeId: to.id, note: '' },
      });
    const officeOfVisit = async () =>
      (
        await server.ctx.db.query<{ officeId: string }>(
          'SELECT office_id AS "officeId" FROM visits WHERE id = $1',
          [visitId],
        )
      )[0]!.officeId;

    const allow = await refuseInserts('audit_events', `NEW.action = 'visit.transferred'`);
    try {
      expect((await transfer()).statusCode).toBe(500);
    } finally {
      await allow();
    }
    expect(await officeOfVisit()).toBe(from.id);

    expect((await transfer()).statusCode).toBe(200);
    expect(await officeOfVisit()).toBe(to.id);
    expect(
      await count(`audit_events WHERE tenant_id = $1 AND action = 'visit.transferred' AND object = $2`, [
        tenant.tenantId,
        `visit:${visitId}`,
      ]),
    ).toBe(1);
  });

  it('a disconnected citizen whose removal cannot be audited stays in the queue until the next sweep', async () => {
    const tenant = await createTestTenant(server);
    await openOffice(server, tenant, 'geist');
    const { visitId } = await enter(server, tenant.slug, 'geist', 'Gerd');
    await server.ctx.db.query(
      `UPDATE visits SET disconnected_at = now() - make_interval(mins => $2) WHERE id = $1`,
      [visitId, server.ctx.config.disconnectGraceMinutes + 5],
    );
    const status = async () =>
      (
        await server.ctx.db.query<{ status: string }>('SELECT status FROM visits WHERE id = $1', [visitId])
      )[0]!.status;

    const allow = await refuseInserts('audit_events', `NEW.action = 'visit.left'`);
    try {
      await runDisconnectSweep(server);
    } finally {
      await allow();
    }
    expect(await status()).toBe('waiting');

    await runDisconnectSweep(server);
    expect(await status()).toBe('left');
    expect(
      await count(`audit_events WHERE tenant_id = $1 AND action = 'visit.left' AND object = $2`, [
        tenant.tenantId,
        `visit:${visitId}`,
      ]),
    ).toBe(1);
  });
});
