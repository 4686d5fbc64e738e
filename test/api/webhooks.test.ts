import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serviceRepository } from '../../src/server/modules/admin/services';
import { describeEachDb } from '../support/each-db';
import { citizenPost } from '../support/proof-of-work';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../support/server';
import { signatureHeaders, startReceiver } from '../support/webhook-receiver';
import { callScene, linkAppointment } from './consultation-fixtures';
import { serviceBody } from './fixtures';
import { agentFor, openOffice } from './visits-fixtures';

/** Wednesday 2 December 2026, 10:00 in Berlin: a week after the fixed test clock. */
const SLOT = '2026-12-02T09:00:00Z';

describeEachDb('webhooks', (kind) => {
  let server: TestServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  beforeAll(async () => {
    server = await startTestServer(kind);
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await server.close();
  });

  const as = (cookie: string) => ({
    list: () => server.app.inject({ url: '/api/admin/webhooks', headers: { cookie } }),
    create: (payload: object) =>
      server.app.inject({ method: 'POST', url: '/api/admin/webhooks', headers: { cookie }, payload }),
    revoke: (id: string) =>
      server.app.inject({ method: 'DELETE', url: `/api/admin/webhooks/${id}`, headers: { cookie } }),
    deliveries: (id: string) =>
      server.app.inject({ url: `/api/admin/webhooks/${id}/deliveries`, headers: { cookie } }),
  });

  async function bookable(tenant: TestTenant, slug: string) {
    const office = await openOffice(server, tenant, slug);
    const service = await serviceRepository(server.ctx).create(tenant.tenantId, {
      ...serviceBody(tenant.unitId),
      durationMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      intakeFields: [],
    });
    await agentFor(server, tenant, [office.id]);
    return { office, service };
  }
  const book = (tenant: TestTenant, serviceId: string) =>
    citizenPost(server.app, `/api/public/tenants/${tenant.slug}/services/${serviceId}/appointments`, {
      start: SLOT,
      name: 'Erika Mustermann',
      email: 'erika@example.org',
      intake: {},
      consent: true,
    });
  const deliveryRows = (endpointId: string) =>
    server.ctx.db.query<{ id: string; event: string; body: string; jobId: string }>(
      `SELECT id, event_type AS event, body, job_id AS "jobId" FROM webhook_deliveries
        WHERE endpoint_id = $1 ORDER BY created_at, id`,
      [endpointId],
    );

  it('signs deliveries verifiably, retries a failed one with the queue and logs both status codes', async () => {
    const tenant = await createTestTenant(server);
    const admin = as((await tenant.staff('admin')).cookie);
    const created = await admin.create({
      url: receiver.url('/hooks/amtsraum'),
      events: ['appointment.booked', 'appointment.cancelled', 'appointment.booked'],
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id, secret } = created.json();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.json().events).toEqual(['appointment.booked', 'appointment.cancelled']);
    // The secret is shown once: not in the list, not in the log.
    const listed = await admin.list();
    expect(listed.json()).toEqual([
      {
        id,
        url: receiver.url('/hooks/amtsraum'),
        events: created.json().events,
        createdAt: expect.any(String),
      },
    ]);
    expect(listed.body).not.toContain(secret.slice(6));

    const { service, office } = await bookable(tenant, 'termine');
    const booked = await book(tenant, service.id);
    expect(booked.statusCode, booked.body).toBe(201);

    // First attempt: the receiver fails with 500.
    receiver.received.length = 0;
    receiver.answers.push(500);
    await server.ctx.jobs.runDue();
    expect(receiver.received).toHaveLength(1);
    const first = receiver.received[0]!;
    expect(first.path).toBe('/hooks/amtsraum');
    expect(first.headers['content-type']).toBe('application/json');
    // An independent implementation of Standard Webhooks accepts the signature …
    const verifier = new Webhook(secret);
    expect(verifier.verify(first.body, signatureHeaders(first))).toEqual({
      type: 'appointment.booked',
      timestamp: expect.any(String),
      data: {
        appointmentId: booked.json().appointmentId,
        serviceId: service.id,
        officeId: office.id,
        start: '2026-12-02T09:00:00.000Z',
        end: '2026-12-02T09:30:00.000Z',
        caseReference: null,
      },
    });
    // … and refuses a changed body or a wrong secret.
    expect(() =>
      verifier.verify(first.body.replace(service.id, office.id), signatureHeaders(first)),
    ).toThrow();
    expect(() =>
      new Webhook(`whsec_${Buffer.alloc(32, 1).toString('base64')}`).verify(
        first.body,
        signatureHeaders(first),
      ),
    ).toThrow();
    // Ids only: no name, no e-mail address.
    expect(first.body).not.toContain('Erika');
    expect(first.body).not.toContain('erika@example.org');

    const [pending] = (await admin.deliveries(id)).json();
    expect(pending).toMatchObject({
      event: 'appointment.booked',
      status: 'pending',
      attempts: 1,
      lastStatusCode: 500,
      lastError: 'HTTP 500',
      deliveredAt: null,
      messageId: first.headers['webhook-id'],
    });
    // The queue's back-off: the next attempt is about 30 s later.
    const wait = Date.parse(pending.nextAttemptAt) - Date.parse(pending.lastAttemptAt);
    expect(wait).toBeGreaterThan(25_000);
    expect(wait).toBeLessThan(40_000);
    // Not due yet: nothing is sent.
    await server.ctx.jobs.runDue();
    expect(receiver.received).toHaveLength(1);

    // Due now: the retry is delivered, with the same id and body, signed afresh.
    const [row] = await deliveryRows(id);
    await server.ctx.db.query('UPDATE jobs SET run_at = now() WHERE id = $1', [row!.jobId]);
    await server.ctx.jobs.runDue();
    expect(receiver.received).toHaveLength(2);
    const second = receiver.received[1]!;
    expect(second.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(second.body).toBe(first.body);
    expect(verifier.verify(second.body, signatureHeaders(second))).toMatchObject({
      type: 'appointment.booked',
    });

    const [delivered] = (await admin.deliveries(id)).json();
    expect(delivered).toMatchObject({
      status: 'delivered',
      attempts: 2,
      lastStatusCode: 200,
      lastError: null,
      nextAttemptAt: null,
      deliveredAt: expect.any(String),
    });
    expect(delivered.attemptLog.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 200]);
    expect(delivered.attemptLog[0].error).toBe('HTTP 500');
    const [job] = await server.ctx.db.query<{ done: boolean }>(
      'SELECT done_at IS NOT NULL AS done FROM jobs WHERE id = $1',
      [row!.jobId],
    );
    expect(job!.done).toBe(true);
    expect(JSON.stringify(delivered)).not.toContain(secret.slice(6));
  });

  it('emits cancellations, transfers and completed consultations with ids, case reference and protocol hash', async () => {
    const tenant = await createTestTenant(server);
    const admin = as((await tenant.staff('admin')).cookie);
    const all = ['appointment.cancelled', 'appointment.moved', 'visit.transferred', 'consultation.completed'];
    const { id } = (await admin.create({ url: receiver.url('/all'), events: all })).json();
    // Booking is not subscribed: no delivery.
    const { service } = await bookable(tenant, 'termine');
    const appointmentId = (await book(tenant, service.id)).json().appointmentId;
    expect(await deliveryRows(id)).toEqual([]);
    const staffAdmin = await tenant.staff('admin');
    const cancelled = await server.app.inject({
      method: 'POST',
      url: `/api/staff/appointments/${appointmentId}/cancel`,
      headers: { cookie: staffAdmin.cookie },
      payload: { message: '' },
    });
    expect(cancelled.statusCode, cancelled.body).toBe(204);

    // A citizen in a call, from an appointment with a case reference, is forwarded; the protocol is issued.
    const scene = await callScene(server, {}, tenant);
    await linkAppointment(server, scene, 'Gewerbe anmelden');
    await server.ctx.db.query(`UPDATE appointments SET case_reference = 'AZ 4711/26' WHERE visit_id = $1`, [
      scene.citizen.visitId,
    ]);
    const [linked] = await server.ctx.db.query<{ id: string }>(
      'SELECT id FROM appointments WHERE visit_id = $1',
      [scene.citizen.visitId],
    );
    const other = await openOffice(server, tenant, 'zweites-buero');
    const moved = await server.app.inject({
      method: 'POST',
      url: `/api/staff/visits/${scene.citizen.visitId}/transfer`,
      headers: { cookie: scene.agent.cookie },
      payload: { officeId: other.id, note: 'Bitte Gewerbeamt' },
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const issued = await server.app.inject({
      method: 'POST',
      url: `/api/consultations/${scene.consultationId}/protocol`,
      headers: { cookie: scene.agent.cookie },
      payload: {},
    });
    expect(issued.statusCode, issued.body).toBe(201);

    const rows = await deliveryRows(id);
    expect(rows.map((r) => r.event)).toEqual([
      'appointment.cancelled',
      'visit.transferred',
      'consultation.completed',
    ]);
    const data = rows.map((r) => JSON.parse(r.body).data);
    expect(data[0]).toMatchObject({ appointmentId, serviceId: service.id, caseReference: null });
    expect(data[1]).toEqual({
      visitId: scene.citizen.visitId,
      fromOfficeId: scene.office.id,
      toOfficeId: other.id,
      appointmentId: linked!.id,
      invitationId: null,
      caseReference: 'AZ 4711/26',
    });
    expect(data[2]).toEqual({
      consultationId: scene.consultationId,
      visitId: scene.citizen.visitId,
      officeId: scene.office.id,
      appointmentId: linked!.id,
      invitationId: null,
      caseReference: 'AZ 4711/26',
      protocol: {
        version: 1,
        issuedAt: issued.json().issuedAt,
        sha256: issued.json().pdfSha256,
        pdfPath: `/api/v1/consultations/${linked!.id}/protocol.pdf`,
        jsonPath: `/api/v1/consultations/${linked!.id}/protocol.json`,
        xdomeaPath: `/api/v1/consultations/${linked!.id}/xdomea`,
      },
    });
    // No personal data: neither the citizen's name nor the transfer note nor the concern.
    const bodies = rows.map((r) => r.body).join('\n');
    expect(bodies).not.toMatch(/Zoë|Erika|Gewerbeamt|Anliegen/);

    // Revoking stops what is still pending: the jobs end without sending.
    receiver.received.length = 0;
    expect((await admin.revoke(id)).statusCode).toBe(204);
    await server.ctx.jobs.runDue();
    expect(receiver.received).toEqual([]);
    expect((await admin.list()).json()).toEqual([]);
    const log = (await admin.deliveries(id)).json();
    expect(log.map((d: { status: string }) => d.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect((await admin.revoke(id)).statusCode).toBe(404);
  });

  it('carries the case reference of a booking through /api/v1, and emits a move', async () => {
    const tenant = await createTestTenant(server);
    const adminStaff = await tenant.staff('admin');
    const admin = as(adminStaff.cookie);
    const { id } = (
      await admin.create({ url: receiver.url('/v1'), events: ['appointment.booked', 'appointment.moved'] })
    ).json();
    const { service } = await bookable(tenant, 'termine');
    const key = await server.app.inject({
      method: 'POST',
      url: '/api/admin/api-keys',
      headers: { cookie: adminStaff.cookie },
      payload: { name: 'Fachverfahren', scopes: ['appointments:write'] },
    });
    expect(key.statusCode, key.body).toBe(201);
    const booked = await server.app.inject({
      method: 'POST',
      url: '/api/v1/appointments',
      headers: { authorization: `Bearer ${key.json().key}` },
      payload: {
        serviceId: service.id,
        start: SLOT,
        citizen: { name: 'Erika Mustermann', email: 'erika@example.org' },
        caseReference: 'WG-2026/0815',
      },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    const moved = await server.app.inject({
      method: 'POST',
      url: `/api/staff/appointments/${booked.json().id}/move`,
      headers: { cookie: adminStaff.cookie },
      payload: { start: '2026-12-02T10:00:00Z', message: '' },
    });
    expect(moved.statusCode, moved.body).toBe(204);
    const rows = await deliveryRows(id);
    expect(
      rows.map((r) => [r.event, JSON.parse(r.body).data.start, JSON.parse(r.body).data.caseReference]),
    ).toEqual([
      ['appointment.booked', '2026-12-02T09:00:00.000Z', 'WG-2026/0815'],
      ['appointment.moved', '2026-12-02T10:00:00.000Z', 'WG-2026/0815'],
    ]);
  });

  it("keeps each authority's webhooks to itself and lets only admins manage them", async () => {
    const a = await createTestTenant(server, 'Stadt A');
    const b = await createTestTenant(server, 'Stadt B');
    const adminA = as((await a.staff('admin')).cookie);
    const adminB = as((await b.staff('admin')).cookie);
    const { id } = (await adminA.create({ url: receiver.url('/a'), events: ['appointment.booked'] })).json();
    expect((await adminB.list()).json()).toEqual([]);
    expect((await adminB.deliveries(id)).statusCode).toBe(404);
    expect((await adminB.revoke(id)).statusCode).toBe(404);
    // B's bookings reach nobody of A.
    const { service } = await bookable(b, 'termine');
    expect((await book(b, service.id)).statusCode).toBe(201);
    expect(await deliveryRows(id)).toEqual([]);
    const agentA = as((await a.staff('agent')).cookie);
    expect((await agentA.list()).statusCode).toBe(403);
    expect(
      (await agentA.create({ url: receiver.url('/x'), events: ['appointment.booked'] })).statusCode,
    ).toBe(403);
    expect((await agentA.deliveries(id)).statusCode).toBe(403);
    expect((await adminA.list()).json()).toHaveLength(1);
  });

  it('refuses private, reserved and plain-http addresses (SSRF), and loopback once the server runs on https', async () => {
    const tenant = await createTestTenant(server);
    const admin = as((await tenant.staff('admin')).cookie);
    for (const url of [
      'http://10.0.0.1/hook',
      'http://169.254.169.254/latest/meta-data/',
      'https://169.254.169.254/latest/meta-data/',
      'https://10.1.2.3/hook',
      'https://192.168.0.10/hook',
      'https://172.16.5.4/hook',
      'https://100.64.0.1/hook',
      'https://0.0.0.0/hook',
      'https://[::ffff:a00:1]/hook',
      'https://[fd00::1]/hook',
      'https://[fe80::1]/hook',
      'https://0xa000001/hook',
      'http://case-system.example/hook',
      'ftp://case-system.example/hook',
      'https://user:pass@case-system.example/hook',
      'not a url',
    ]) {
      const refused = await admin.create({ url, events: ['appointment.booked'] });
      expect(refused.statusCode, url).toBe(400);
      expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(refused.json().errors[0].field, url).toBe('body.url');
    }
    expect((await admin.create({ url: 'https://case-system.example/hook', events: [] })).statusCode).toBe(
      400,
    );
    expect(
      (await admin.create({ url: 'https://case-system.example/hook', events: ['visit.created'] })).statusCode,
    ).toBe(400);
    expect((await admin.list()).json()).toEqual([]);
    const publicOk = await admin.create({
      url: 'https://case-system.example/hook',
      events: ['appointment.booked'],
    });
    expect(publicOk.statusCode, publicOk.body).toBe(201);
    await admin.revoke(publicOk.json().id);

    // Loopback is for development only: on https, a registered loopback endpoint is refused at once and
    // its delivery fails for good without a request.
    const { id } = (await admin.create({ url: receiver.url('/dev'), events: ['appointment.booked'] })).json();
    const devUrl = server.ctx.config.publicUrl;
    server.ctx.config.publicUrl = new URL('https://amtsraum.example');
    try {
      expect(
        (await admin.create({ url: receiver.url('/dev'), events: ['appointment.booked'] })).statusCode,
      ).toBe(400);
      const { service } = await bookable(tenant, 'termine');
      expect((await book(tenant, service.id)).statusCode).toBe(201);
      receiver.received.length = 0;
      await server.ctx.jobs.runDue();
      expect(receiver.received).toEqual([]);
      const [failed] = (await admin.deliveries(id)).json();
      expect(failed).toMatchObject({
        status: 'failed',
        attempts: 1,
        lastStatusCode: null,
        nextAttemptAt: null,
      });
      expect(failed.lastError).toMatch(/loopback/);
      const [job] = await server.ctx.db.query<{ failed: boolean }>(
        `SELECT failed_at IS NOT NULL AS failed FROM jobs j JOIN webhook_deliveries d ON d.job_id = j.id
          WHERE d.endpoint_id = $1`,
        [id],
      );
      expect(job!.failed).toBe(true);
    } finally {
      server.ctx.config.publicUrl = devUrl;
    }
  });
});
