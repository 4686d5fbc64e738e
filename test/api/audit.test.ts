import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '../support/each-db';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';

describeEachDb('audit trail', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.close());

  it('records sign-ins and role changes without personal data, refuses edits, and names the first tampered link', async () => {
    const tenant = await createTestTenant(server);
    const admin = await tenant.staff('admin');
    const agent = await tenant.staff('agent');
    await server.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: agent.email, password: 'wrong-password' },
    });
    const promoted = await server.app.inject({
      method: 'PUT',
      url: `/api/admin/staff/${agent.id}`,
      headers: { cookie: admin.cookie },
      payload: {
        email: agent.email,
        displayName: 'Befördert',
        role: 'lead',
        unitId: tenant.unitId,
        officeIds: [],
        active: true,
      },
    });
    expect(promoted.statusCode).toBe(200);
    const events = (
      await server.app.inject({ url: '/api/admin/audit', headers: { cookie: admin.cookie } })
    ).json();
    const actions = events.map((e: { action: string }) => e.action).reverse();
    expect(actions).toEqual(['auth.signed_in', 'auth.signed_in', 'auth.sign_in_refused', 'staff.updated']);
    expect(events[0]).toMatchObject({
      actor: `staff:${admin.id}`,
      object: `staff:${agent.id}`,
      details: { role: 'lead' },
    });
    expect(JSON.stringify(events)).not.toContain(agent.email);
    expect(JSON.stringify(events)).not.toContain('Befördert');
    expect(
      (await server.app.inject({ url: '/api/admin/audit', headers: { cookie: agent.cookie } })).statusCode,
    ).toBe(403);

    const verify = () =>
      server.app.inject({ url: '/api/admin/audit/verify', headers: { cookie: admin.cookie } });
    expect((await verify()).json()).toEqual({ events: 4, broken: null });
    // The application may only append.
    await expect(
      server.ctx.db.query(`UPDATE audit_events SET action = 'x' WHERE tenant_id = $1`, [tenant.tenantId]),
    ).rejects.toThrow(/append-only/);
    // Someone with database rights switches the guard off and edits event 3.
    await server.ctx.db.exec('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update');
    await server.ctx.db.query(
      `UPDATE audit_events SET details = '{"reason": "locked"}' WHERE tenant_id = $1 AND seq = 3`,
      [tenant.tenantId],
    );
    await server.ctx.db.exec('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update');
    expect((await verify()).json()).toEqual({ events: 4, broken: { seq: 3, problem: 'changed' } });
  });

  it.skipIf(kind !== 'postgres')('npm run audit:verify names the broken link and exits 1', async () => {
    const tenant = await createTestTenant(server, 'Prüfstadt');
    await tenant.staff('admin');
    await tenant.staff('agent');
    const run = () =>
      spawnSync(process.execPath, ['--import', 'tsx', 'scripts/audit-verify.ts'], {
        env: {
          PATH: process.env.PATH ?? '',
          DATABASE_URL: server.databaseUrl!,
          // The key and the anchors are outside the database: the tool needs them as the server does.
          AUDIT_KEY: server.ctx.config.secrets.configured.audit!,
          AUDIT_ANCHOR_FILE: server.ctx.config.auditAnchorFile,
        },
        encoding: 'utf8',
      });
    const intact = run();
    expect(intact.stdout).toContain(`${tenant.slug}: 2 events, chain intact`);
    await server.ctx.db.exec('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update');
    await server.ctx.db.query('DELETE FROM audit_events WHERE tenant_id = $1 AND seq = 1', [tenant.tenantId]);
    await server.ctx.db.exec('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update');
    const broken = run();
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain(`${tenant.slug}: BROKEN at event 2 (missing) of 1`);
  });
});
