import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serviceRepository } from '../../src/server/modules/admin/services';
import { describeEachDb } from '../support/each-db';
import { citizenPost } from '../support/proof-of-work';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../support/server';
import { serviceBody } from './fixtures';
import { agentFor, enter, openOffice } from './visits-fixtures';

/** Wednesday 2 December 2026, 10:00 in Berlin: a week after the fixed test clock. */
const SLOT = '2026-12-02T09:00:00Z';

describeEachDb('appointment booking', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.close());

  async function bookable(tenant: TestTenant, slug: string, agents = 1) {
    const office = await openOffice(server, tenant, slug);
    const service = await serviceRepository(server.ctx).create(tenant.tenantId, {
      ...serviceBody(tenant.unitId),
      durationMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 10,
      intakeFields: [{ key: 'aktenzeichen', label: 'Aktenzeichen', type: 'text', required: true }],
    });
    const staff = [];
    for (let i = 0; i < agents; i++) staff.push(await agentFor(server, tenant, [office.id]));
    return { office, service, staff };
  }
  const book = (tenant: TestTenant, serviceId: string, extra: object = {}) =>
    citizenPost(server.app, `/api/public/tenants/${tenant.slug}/services/${serviceId}/appointments`, {
      start: SLOT,
      name: 'Erika Mustermann',
      email: 'erika@example.org',
      intake: { aktenzeichen: 'AZ-7' },
      consent: true,
      ...extra,
    });
  const slots = async (tenant: TestTenant, serviceId: string) =>
    (
      await server.app.inject({
        url: `/api/public/tenants/${tenant.slug}/services/${serviceId}/slots?from=2026-12-02&days=1`,
      })
    ).json().slots as { start: string }[];
  const withToken = (
    method: 'GET' | 'DELETE' | 'PUT' | 'POST',
    url: string,
    link: string,
    payload?: object,
  ) =>
    server.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${link.split('#')[1]}` },
      ...(payload ? { payload } : {}),
    });

  it('lists free slots, books one with links, and takes it off the list', async () => {
    const tenant = await createTestTenant(server);
    const { service } = await bookable(tenant, 'termine');
    const services = (await server.app.inject({ url: `/api/public/tenants/${tenant.slug}/services` })).json();
    expect(services.services.map((s: { id: string }) => s.id)).toContain(service.id);
    expect((await slots(tenant, service.id)).map((s) => s.start)).toContain(SLOT);
    const booked = await book(tenant, service.id);
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json()).toMatchObject({ start: SLOT, end: '2026-12-02T09:30:00Z', channel: 'video' });
    expect(booked.json().manageUrl).toMatch(new RegExp(`/${tenant.slug}/termin#[A-Za-z0-9_-]{43}$`));
    expect(booked.json().joinUrl).toMatch(/\/termin\/beitreten#[A-Za-z0-9_-]{43}$/);
    expect((await slots(tenant, service.id)).map((s) => s.start)).not.toContain(SLOT);
    const jobs = await server.ctx.db.query<{ event: string; dueInHours: number }>(
      `SELECT payload->>'event' AS event, extract(epoch FROM run_at - created_at) / 3600 AS "dueInHours"
         FROM jobs WHERE payload->>'appointmentId' = $1 ORDER BY id`,
      [booked.json().appointmentId],
    );
    // The confirmation at once; the reminder 24 h before the start, counted from the app's clock
    // (a week before the slot), never from the real date the suite happens to run on.
    expect(jobs.map((j) => [j.event, Number(j.dueInHours)])).toEqual([
      ['confirmation', 0],
      ['reminder', 6 * 24],
    ]);
    // Only hashes of the link tokens are stored.
    const [stored] = await server.ctx.db.query<{ m: string }>(
      'SELECT manage_token_hash AS m FROM appointments WHERE id = $1',
      [booked.json().appointmentId],
    );
    expect(stored!.m).not.toBe(booked.json().manageUrl.split('#')[1]);
  });

  it('checks intake answers and consent, naming the field', async () => {
    const tenant = await createTestTenant(server);
    const { service } = await bookable(tenant, 'pruefung');
    const missing = await book(tenant, service.id, { intake: {} });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().errors).toEqual([{ field: 'body.intake.aktenzeichen', message: 'required' }]);
    const noConsent = await book(tenant, service.id, { consent: false });
    expect(noConsent.json().errors[0].field).toBe('body.consent');
    const outside = await book(tenant, service.id, { start: '2026-12-02T03:00:00Z' });
    expect(outside.statusCode).toBe(409);
  });

  it('lets exactly one of 50 simultaneous bookings of the same slot win; the others get 409', async () => {
    const tenant = await createTestTenant(server);
    const { service } = await bookable(tenant, 'ansturm');
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => book(tenant, service.id, { email: `person${i}@example.org` })),
    );
    const codes = answers.map((a) => a.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 409)).toHaveLength(49);
    for (const lost of answers.filter((a) => a.statusCode === 409))
      expect(lost.headers['content-type']).toMatch(/problem\+json/);
    const [count] = await server.ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM appointments WHERE service_id = $1`,
      [service.id],
    );
    expect(count!.n).toBe(1);
  });

  it('refuses an overlapping appointment for the same agent in the database itself', async () => {
    const tenant = await createTestTenant(server);
    const { service } = await bookable(tenant, 'constraint');
    const first = await book(tenant, service.id);
    const [row] = await server.ctx.db.query<Record<string, unknown>>(
      'SELECT * FROM appointments WHERE id = $1',
      [first.json().appointmentId],
    );
    await expect(
      server.ctx.db.query(
        `INSERT INTO appointments (tenant_id, service_id, office_id, agent_id, starts_at, ends_at, blocked, citizen_name, citizen_email, manage_token_hash)
         VALUES ($1, $2, $3, $4, $5, $6, tstzrange('2026-12-02T09:20:00Z', '2026-12-02T09:50:00Z'), 'X', 'x@example.org', 'other-hash')`,
        [
          row!.tenant_id,
          row!.service_id,
          row!.office_id,
          row!.agent_id,
          '2026-12-02T09:20:00Z',
          '2026-12-02T09:50:00Z',
        ],
      ),
    ).rejects.toMatchObject({ code: '23P01' });
  });

  it('shows, moves (retiring the old links) and cancels through the manage link', async () => {
    const tenant = await createTestTenant(server);
    const { service } = await bookable(tenant, 'verwalten');
    const booked = (await book(tenant, service.id)).json();
    const view = await withToken('GET', '/api/public/appointment', booked.manageUrl);
    expect(view.json()).toMatchObject({
      status: 'booked',
      start: '2026-12-02T09:00:00.000Z',
      changeable: true,
      service: { name: 'Wohnsitz anmelden' },
    });
    const moved = await withToken('PUT', '/api/public/appointment', booked.manageUrl, {
      start: '2026-12-02T10:00:00Z',
    });
    expect(moved.statusCode, moved.body).toBe(204);
    expect((await withToken('GET', '/api/public/appointment', booked.manageUrl)).statusCode).toBe(404);
    expect((await slots(tenant, service.id)).map((s) => s.start)).toContain(SLOT);
    const newLinks = server.ctx.bookings.linkUrls(
      { id: booked.appointmentId, tenantSlug: tenant.slug, kind: 'video' },
      2,
    );
    expect((await withToken('GET', '/api/public/appointment', newLinks.manageUrl)).json().start).toBe(
      '2026-12-02T10:00:00.000Z',
    );
    expect((await withToken('DELETE', '/api/public/appointment', newLinks.manageUrl)).statusCode).toBe(204);
    expect((await withToken('GET', '/api/public/appointment', newLinks.manageUrl)).json()).toMatchObject({
      status: 'cancelled',
      changeable: false,
    });
    // A citizen's cancellation frees the time only later (booking-activation.test.ts).
    expect((await slots(tenant, service.id)).map((s) => s.start)).not.toContain('2026-12-02T10:00:00Z');
    expect((await withToken('GET', '/api/public/appointment', 'x#not-a-token')).statusCode).toBe(404);
  });

  it('opens the waiting room at appointment time, ahead of walk-ins who came earlier', async () => {
    const tenant = await createTestTenant(server);
    const { service, office, staff } = await bookable(tenant, 'beitritt');
    const booked = (await book(tenant, service.id)).json();
    expect((await withToken('POST', '/api/public/appointment/join', booked.joinUrl)).json()).toMatchObject({
      reason: 'too-early',
    });
    server.ctx.clock = () => Temporal.Instant.from('2026-12-02T08:40:00Z');
    const walkIn = await enter(server, tenant.slug, 'beitritt', 'Früher da');
    server.ctx.clock = () => Temporal.Instant.from('2026-12-02T08:56:00Z');
    const joined = await withToken('POST', '/api/public/appointment/join', booked.joinUrl);
    expect(joined.statusCode, joined.body).toBe(200);
    expect(joined.json()).toMatchObject({ officeSlug: 'beitritt', tenantSlug: tenant.slug });
    const visit = await server.app.inject({
      url: '/api/public/visit',
      headers: { authorization: `Bearer ${joined.json().visitToken}` },
    });
    expect(visit.json()).toMatchObject({ status: 'waiting', position: 1 });
    const called = await server.app.inject({
      method: 'POST',
      url: `/api/staff/offices/${office.id}/call-next`,
      headers: { cookie: staff[0]!.cookie },
    });
    expect(called.json().visitId).toBe(visit.json().visitId);
    expect(walkIn.visitId).not.toBe(visit.json().visitId);
    // Opening the link again (another device) hands over the same visit.
    const again = await withToken('POST', '/api/public/appointment/join', booked.joinUrl);
    const resumed = await server.app.inject({
      url: '/api/public/visit',
      headers: { authorization: `Bearer ${again.json().visitToken}` },
    });
    expect(resumed.json().visitId).toBe(visit.json().visitId);
  });

  it('gives staff the day at their offices, books by phone, cancels with a message and marks no-shows', async () => {
    const tenant = await createTestTenant(server);
    const { service, staff } = await bookable(tenant, 'kalender');
    const agent = staff[0]!;
    const byPhone = await server.app.inject({
      method: 'POST',
      url: '/api/staff/appointments',
      headers: { cookie: agent.cookie },
      payload: {
        serviceId: service.id,
        start: SLOT,
        name: 'Otto Normal',
        email: 'otto@example.org',
        intake: { aktenzeichen: 'AZ-9' },
      },
    });
    expect(byPhone.statusCode, byPhone.body).toBe(201);
    const day = await server.app.inject({
      url: '/api/staff/appointments?date=2026-12-02',
      headers: { cookie: agent.cookie },
    });
    expect(day.json()).toEqual([
      expect.objectContaining({ citizenName: 'Otto Normal', status: 'booked', checkedIn: false }),
    ]);
    const other = await createTestTenant(server, 'Andere Stadt');
    const stranger = await other.staff('admin');
    const id = byPhone.json().appointmentId;
    expect(
      (
        await server.app.inject({
          method: 'POST',
          url: `/api/staff/appointments/${id}/cancel`,
          headers: { cookie: stranger.cookie },
          payload: {},
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (
        await server.app.inject({
          method: 'POST',
          url: `/api/staff/appointments/${id}/no-show`,
          headers: { cookie: agent.cookie },
        })
      ).statusCode,
    ).toBe(409);
    server.ctx.clock = () => Temporal.Instant.from('2026-12-02T09:10:00Z');
    expect(
      (
        await server.app.inject({
          method: 'POST',
          url: `/api/staff/appointments/${id}/no-show`,
          headers: { cookie: agent.cookie },
        })
      ).statusCode,
    ).toBe(204);
    server.ctx.clock = () => Temporal.Instant.from('2026-11-25T09:00:00Z');
    const second = await book(tenant, service.id, { start: '2026-12-02T11:00:00Z' });
    const cancelled = await server.app.inject({
      method: 'POST',
      url: `/api/staff/appointments/${second.json().appointmentId}/cancel`,
      headers: { cookie: agent.cookie },
      payload: { message: 'Die Sachbearbeiterin ist erkrankt.' },
    });
    expect(cancelled.statusCode).toBe(204);
    const [job] = await server.ctx.db.query<{ message: string }>(
      `SELECT payload->>'message' AS message FROM jobs WHERE payload->>'appointmentId' = $1 AND payload->>'event' = 'cancelled'`,
      [second.json().appointmentId],
    );
    expect(job!.message).toBe('Die Sachbearbeiterin ist erkrankt.');
  });

  it('takes an agent’s absence and own hours into the free slots', async () => {
    const tenant = await createTestTenant(server);
    const { service, staff } = await bookable(tenant, 'abwesend');
    const agent = staff[0]!;
    const absent = await server.app.inject({
      method: 'POST',
      url: `/api/staff/staff/${agent.id}/exceptions`,
      headers: { cookie: agent.cookie },
      payload: { kind: 'absent', from: '2026-12-02T08:00:00Z', to: '2026-12-02T10:00:00Z' },
    });
    expect(absent.statusCode, absent.body).toBe(201);
    // Listed while it is still to come by the app's clock, whatever the database's clock says.
    const listed = async () => {
      const availability = await server.app.inject({
        method: 'GET',
        url: `/api/staff/staff/${agent.id}/availability`,
        headers: { cookie: agent.cookie },
      });
      return availability.json<{ exceptions: { from: string }[] }>().exceptions.map((e) => e.from);
    };
    expect(await listed()).toEqual(['2026-12-02T08:00:00.000Z']);
    const free = (await slots(tenant, service.id)).map((s) => s.start);
    expect(free).not.toContain(SLOT);
    expect(free).toContain('2026-12-02T10:00:00Z');
    const hours = await server.app.inject({
      method: 'PUT',
      url: `/api/staff/staff/${agent.id}/working-hours`,
      headers: { cookie: agent.cookie },
      payload: { workingHours: { wed: [{ from: '14:00', to: '15:00' }] } },
    });
    expect(hours.statusCode).toBe(204);
    // 14:00–15:00 Berlin: 14:00 + 30 min + 10 min follow-up fits, 14:30 would end after 15:00.
    expect((await slots(tenant, service.id)).map((s) => s.start)).toEqual(['2026-12-02T13:00:00Z']);
    const colleague = await tenant.staff('agent');
    const refused = await server.app.inject({
      method: 'PUT',
      url: `/api/staff/staff/${agent.id}/working-hours`,
      headers: { cookie: colleague.cookie },
      payload: { workingHours: null },
    });
    expect(refused.statusCode).toBe(404);
    server.ctx.clock = () => Temporal.Instant.from('2026-12-02T10:00:01Z');
    expect(await listed()).toEqual([]);
  });
});
