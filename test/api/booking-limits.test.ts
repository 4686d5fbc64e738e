import { afterAll, beforeAll, expect, it } from 'vitest';
import { HOLD_EXPIRY_JOB, SLOT_RELEASE_JOB } from '../../src/server/modules/booking/slot-jobs';
import { describeEachDb } from '../support/each-db';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../support/server';
import {
  activationScene,
  auditOf,
  bookOnline,
  freeStarts,
  jobDelaySeconds,
  runJobNow,
  SLOT,
  statusOf,
  withLink,
} from './activation-fixtures';

describeEachDb('booking limits: open appointments per address, delayed release', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.close());

  const rules = (who: { cookie: string }, payload?: object) =>
    server.app.inject({
      method: payload ? 'PUT' : 'GET',
      url: '/api/admin/tenant/booking-rules',
      headers: { cookie: who.cookie },
      ...(payload ? { payload } : {}),
    });
  const at = (hour: number) => `2026-12-02T${String(hour).padStart(2, '0')}:00:00Z`;
  const manageLink = (tenant: TestTenant, appointmentId: string) =>
    server.ctx.bookings.linkUrls({ id: appointmentId, tenantSlug: tenant.slug, kind: 'video' }, 1).manageUrl;

  it('lets admins set the authority’s rules, checked field by field and audited', async () => {
    const tenant = await createTestTenant(server);
    const admin = await tenant.staff('admin');
    expect((await rules(admin)).json()).toEqual({ holdMinutes: 30, openPerEmail: 3, releaseMinutes: 15 });
    const bad = await rules(admin, { holdMinutes: 2, openPerEmail: 0, releaseMinutes: 15 });
    expect(bad.statusCode).toBe(400);
    expect(
      bad
        .json()
        .errors.map((e: { field: string }) => e.field)
        .sort(),
    ).toEqual(['body.holdMinutes', 'body.openPerEmail']);
    const agent = await tenant.staff('agent');
    expect((await rules(agent)).statusCode).toBe(200);
    expect((await rules(agent, { holdMinutes: 60, openPerEmail: 5, releaseMinutes: 0 })).statusCode).toBe(
      403,
    );
    const saved = await rules(admin, { holdMinutes: 60, openPerEmail: 5, releaseMinutes: 0 });
    expect(saved.json()).toEqual({ holdMinutes: 60, openPerEmail: 5, releaseMinutes: 0 });
    const [event] = await server.ctx.db.query<{ details: object }>(
      `SELECT details FROM audit_events WHERE tenant_id = $1 AND action = 'tenant.booking_rules_changed'`,
      [tenant.tenantId],
    );
    expect(event!.details).toEqual({ holdMinutes: 60, openPerEmail: 5, releaseMinutes: 0 });

    // A service takes activation unless told otherwise; the admin can turn it off.
    const service = (payload: object) =>
      server.app.inject({
        method: 'POST',
        url: '/api/admin/services',
        headers: { cookie: admin.cookie },
        payload: {
          unitId: tenant.unitId,
          name: 'Beratung',
          description: '',
          durationMinutes: 30,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          channel: 'video',
          requiredDocuments: [],
          intakeFields: [],
          ...payload,
        },
      });
    expect((await service({})).json().requiresActivation).toBe(true);
    expect((await service({ requiresActivation: false })).json().requiresActivation).toBe(false);
  });

  it('refuses an address more open appointments than allowed, whatever its case; staff are not limited', async () => {
    const tenant = await createTestTenant(server);
    const admin = await tenant.staff('admin');
    const { service, agent } = await activationScene(server, tenant, 'grenze');
    await rules(admin, { holdMinutes: 30, openPerEmail: 2, releaseMinutes: 15 });
    const first = await bookOnline(server, tenant, service.id, { start: at(8), email: 'erika@example.org' });
    const second = await bookOnline(server, tenant, service.id, { start: at(9), email: 'ERIKA@Example.ORG' });
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);

    const third = await bookOnline(server, tenant, service.id, { start: at(10), email: 'Erika@example.org' });
    expect(third.statusCode).toBe(409);
    expect(third.headers['content-type']).toMatch(/problem\+json/);
    expect(third.json()).toMatchObject({
      limit: 2,
      errors: [{ field: 'body.email', message: 'too many open appointments for this address' }],
    });
    expect(await freeStarts(server, tenant, service.id)).toContain(at(10));
    expect(
      (await bookOnline(server, tenant, service.id, { start: at(10), email: 'otto@example.org' })).statusCode,
    ).toBe(201);

    // Staff booking for the caller on the phone: their own judgement, no limit.
    const byStaff = await server.app.inject({
      method: 'POST',
      url: '/api/staff/appointments',
      headers: { cookie: agent.cookie },
      payload: { serviceId: service.id, start: at(11), name: 'Erika Mustermann', email: 'erika@example.org' },
    });
    expect(byStaff.statusCode, byStaff.body).toBe(201);

    // A hold that lapsed no longer counts.
    await runJobNow(server, HOLD_EXPIRY_JOB, first.json().appointmentId);
    await rules(admin, { holdMinutes: 30, openPerEmail: 3, releaseMinutes: 15 });
    const again = await bookOnline(server, tenant, service.id, { start: at(12), email: 'erika@example.org' });
    expect(again.statusCode, again.body).toBe(201);
  });

  it('takes simultaneous bookings of one address in turns, so the limit holds', async () => {
    const tenant = await createTestTenant(server);
    const admin = await tenant.staff('admin');
    const { service } = await activationScene(server, tenant, 'ansturm');
    await rules(admin, { holdMinutes: 30, openPerEmail: 2, releaseMinutes: 15 });
    const answers = await Promise.all(
      [8, 9, 10, 11, 12, 13].map((hour) =>
        bookOnline(server, tenant, service.id, { start: at(hour), email: 'schnell@example.org' }),
      ),
    );
    expect(answers.map((a) => a.statusCode).sort()).toEqual([201, 201, 409, 409, 409, 409]);
  });

  it('frees a citizen’s cancelled slot only after the delay, a staff cancellation at once', async () => {
    const tenant = await createTestTenant(server);
    const admin = await tenant.staff('admin');
    const { service, agent } = await activationScene(server, tenant, 'absage', { requiresActivation: false });
    const booked = (await bookOnline(server, tenant, service.id)).json();
    const link = manageLink(tenant, booked.appointmentId);
    expect((await withLink(server, 'DELETE', '/api/public/appointment', link)).statusCode).toBe(204);
    expect(await statusOf(server, booked.appointmentId)).toEqual({ status: 'cancelled', pending: true });
    expect(await freeStarts(server, tenant, service.id)).not.toContain(SLOT);
    const delay = await jobDelaySeconds(server, SLOT_RELEASE_JOB, booked.appointmentId);
    expect(delay).toBeGreaterThanOrEqual(15 * 60);
    expect(delay).toBeLessThanOrEqual(30 * 60);
    await runJobNow(server, SLOT_RELEASE_JOB, booked.appointmentId);
    expect(await freeStarts(server, tenant, service.id)).toContain(SLOT);
    expect(await auditOf(server, booked.appointmentId)).toEqual([
      'appointment.booked by citizen',
      'appointment.cancelled by citizen',
      'appointment.slot_released by system',
    ]);

    const second = (await bookOnline(server, tenant, service.id, { start: at(10) })).json();
    const cancelled = await server.app.inject({
      method: 'POST',
      url: `/api/staff/appointments/${second.appointmentId}/cancel`,
      headers: { cookie: agent.cookie },
      payload: { message: 'Die Sachbearbeiterin ist erkrankt.' },
    });
    expect(cancelled.statusCode).toBe(204);
    expect(await statusOf(server, second.appointmentId)).toEqual({ status: 'cancelled', pending: false });
    expect(await freeStarts(server, tenant, service.id)).toContain(at(10));

    // An authority that wants no delay gets none.
    await rules(admin, { holdMinutes: 30, openPerEmail: 3, releaseMinutes: 0 });
    const third = (await bookOnline(server, tenant, service.id, { start: at(11) })).json();
    await withLink(server, 'DELETE', '/api/public/appointment', manageLink(tenant, third.appointmentId));
    expect(await freeStarts(server, tenant, service.id)).toContain(at(11));
    expect(await jobDelaySeconds(server, SLOT_RELEASE_JOB, third.appointmentId)).toBeUndefined();
  });
});
