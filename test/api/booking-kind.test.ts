import { afterAll, beforeAll, expect, it } from 'vitest';
import { serviceRepository } from '../../src/server/modules/admin/services';
import type { Channel } from '../../src/shared/admin';
import { describeEachDb } from '../support/each-db';
import { parseIcs } from '../support/mail';
import { citizenPost } from '../support/proof-of-work';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../support/server';
import { BOOKED_START } from './booking-fixtures';
import { officeBody, serviceBody } from './fixtures';
import { deliveredOutboxMailTo } from './outbox-fixtures';
import { agentFor, openOffice } from './visits-fixtures';

const { address, directions } = officeBody('');

describeEachDb('appointments by video or in person', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.close());

  async function bookable(tenant: TestTenant, slug: string, channel: Channel) {
    const office = await openOffice(server, tenant, slug);
    const agent = await agentFor(server, tenant, [office.id]);
    const service = await serviceRepository(server.ctx).create(tenant.tenantId, {
      ...serviceBody(tenant.unitId),
      channel,
      durationMinutes: 30,
    });
    return { service, agent };
  }
  const book = (tenant: TestTenant, serviceId: string, extra: object) =>
    citizenPost(server.app, `/api/public/tenants/${tenant.slug}/services/${serviceId}/appointments`, {
      start: BOOKED_START,
      name: 'Erika Mustermann',
      email: 'erika@example.org',
      consent: true,
      ...extra,
    });
  const withManageLink = (url: string, manageUrl: string) =>
    server.app.inject({ url, headers: { authorization: `Bearer ${manageUrl.split('#')[1]}` } });

  it('refuses a kind the service does not offer, naming the field, from citizens and staff alike', async () => {
    const tenant = await createTestTenant(server);
    const { service, agent } = await bookable(tenant, 'nur-video', 'video');
    const refused = await book(tenant, service.id, { kind: 'on_site' });
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.json().errors).toEqual([{ field: 'body.kind', message: expect.any(String) }]);
    const byStaff = await server.app.inject({
      method: 'POST',
      url: '/api/staff/appointments',
      headers: { cookie: agent.cookie },
      payload: {
        serviceId: service.id,
        start: BOOKED_START,
        name: 'Otto',
        email: 'o@example.org',
        kind: 'on_site',
      },
    });
    expect(byStaff.statusCode).toBe(422);
    expect(byStaff.json().errors[0].field).toBe('body.kind');
    const unknown = await book(tenant, service.id, { kind: 'phone' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().errors.map((e: { field: string }) => e.field)).toEqual(['body.kind']);
    // The slot was never taken by the refused requests.
    expect((await book(tenant, service.id, {})).json()).toMatchObject({ kind: 'video', channel: 'video' });
  });

  it('lets the citizen choose in person: no join link, the address everywhere, and a check-in at the counter', async () => {
    const tenant = await createTestTenant(server);
    const { service, agent } = await bookable(tenant, 'vor-ort', 'both');
    const booked = await book(tenant, service.id, { kind: 'on_site' });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json()).toMatchObject({
      kind: 'on_site',
      channel: 'both',
      joinUrl: null,
      office: { address, directions },
    });
    const manageUrl: string = booked.json().manageUrl;
    const managed = (await withManageLink('/api/public/appointment', manageUrl)).json();
    expect(managed).toMatchObject({ kind: 'on_site', joinUrl: null, office: { address, directions } });

    const calendar = await withManageLink('/api/public/appointment/calendar', manageUrl);
    expect(calendar.statusCode).toBe(200);
    expect(calendar.headers['content-type']).toMatch(/^text\/calendar/);
    const { vevent } = parseIcs(calendar.body);
    expect(vevent.getFirstPropertyValue('location')).toContain(address);
    expect(String(vevent.getFirstPropertyValue('description'))).toContain('Termin vor Ort');
    expect(String(vevent.getFirstPropertyValue('description'))).toContain(directions);

    await server.ctx.jobs.runDue();
    const mail = await deliveredOutboxMailTo(server, tenant.tenantId, 'erika@example.org');
    expect(mail.text).toContain('Termin vor Ort');
    expect(mail.text).toContain(address);
    expect(mail.text).not.toContain('beitreten');

    const day = await server.app.inject({
      url: '/api/staff/appointments?date=2026-12-02',
      headers: { cookie: agent.cookie },
    });
    expect(day.json()).toEqual([expect.objectContaining({ kind: 'on_site', arrivedAt: null })]);
    const arrived = () =>
      server.app.inject({
        method: 'POST',
        url: `/api/staff/appointments/${booked.json().appointmentId}/arrived`,
        headers: { cookie: agent.cookie },
      });
    expect((await arrived()).statusCode).toBe(204);
    expect((await arrived()).statusCode).toBe(409);
    const [audit] = await server.ctx.db.query<{ actor: string }>(
      `SELECT actor FROM audit_events WHERE action = 'appointment.arrived' AND object = $1`,
      [`appointment:${booked.json().appointmentId}`],
    );
    expect(audit?.actor).toBe(`staff:${agent.id}`);
    const after = await server.app.inject({
      url: '/api/staff/appointments?date=2026-12-02',
      headers: { cookie: agent.cookie },
    });
    expect(after.json()[0].arrivedAt).toBe(new Date(server.ctx.clock().epochMilliseconds).toISOString());
  });

  it('keeps video the default for clients that do not choose, with the join link on the manage page too', async () => {
    const tenant = await createTestTenant(server);
    const { service, agent } = await bookable(tenant, 'video', 'both');
    const booked = await book(tenant, service.id, {});
    expect(booked.json()).toMatchObject({
      kind: 'video',
      joinUrl: expect.stringContaining('/termin/beitreten#'),
    });
    const managed = (await withManageLink('/api/public/appointment', booked.json().manageUrl)).json();
    expect(managed.joinUrl).toBe(booked.json().joinUrl);
    const calendar = await withManageLink('/api/public/appointment/calendar', booked.json().manageUrl);
    expect(String(parseIcs(calendar.body).vevent.getFirstPropertyValue('description'))).toContain(
      `Termin beitreten: ${booked.json().joinUrl}`,
    );
    // A video appointment checks in by its link, not at the counter.
    const arrived = await server.app.inject({
      method: 'POST',
      url: `/api/staff/appointments/${booked.json().appointmentId}/arrived`,
      headers: { cookie: agent.cookie },
    });
    expect(arrived.statusCode).toBe(409);
  });
});
