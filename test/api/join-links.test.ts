import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serviceRepository } from '../../src/server/modules/admin/services';
import { CLOSE_UNAUTHORIZED } from '../../src/server/realtime/connection';
import { describeEachDb } from '../support/each-db';
import { connectSocket } from '../support/realtime';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../support/server';
import { serviceBody } from './fixtures';
import { agentFor, openOffice, WEDNESDAY_MORNING } from './visits-fixtures';

/** Sunday 29 March 2026 in Berlin: the clocks go forward, the day has 23 hours. */
const SPRING_CHANGE_MORNING = Temporal.Instant.from('2026-03-29T08:00:00Z');

/** Join links (appointments' and case systems' invitations): one device at a time, one visit, one day. */
describeEachDb('join links', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { listen: true });
  });
  afterAll(() => server.close());

  interface Scene {
    tenant: TestTenant;
    office: { id: string; slug: string };
    agent: { id: string; cookie: string };
    apiKey: string;
    serviceId: string;
  }
  async function scene(slug: string): Promise<Scene> {
    const tenant = await createTestTenant(server);
    const office = await openOffice(server, tenant, slug);
    const agent = await agentFor(server, tenant, [office.id]);
    const admin = await tenant.staff('admin');
    const key = await server.app.inject({
      method: 'POST',
      url: '/api/admin/api-keys',
      headers: { cookie: admin.cookie },
      payload: {
        name: 'Fachverfahren',
        scopes: ['appointments:write', 'consultations:write', 'consultations:read'],
      },
    });
    expect(key.statusCode, key.body).toBe(201);
    const service = await serviceRepository(server.ctx).create(tenant.tenantId, {
      ...serviceBody(tenant.unitId),
      durationMinutes: 30,
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0,
      intakeFields: [],
    });
    return { tenant, office, agent, apiKey: key.json().key, serviceId: service.id };
  }
  const v1 = (s: Scene, method: 'GET' | 'POST', url: string, payload?: object) =>
    server.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${s.apiKey}` },
      ...(payload ? { payload } : {}),
    });
  const invite = async (s: Scene, extra: object = {}) => {
    const created = await v1(s, 'POST', '/consultations', {
      officeId: s.office.id,
      citizen: { name: 'Zoë' },
      ...extra,
    });
    expect(created.statusCode, created.body).toBe(201);
    return created.json() as { id: string; joinUrl: string; expiresAt: string };
  };
  const open = (path: 'invitation' | 'appointment', link: string) =>
    server.app.inject({
      method: 'POST',
      url: `/api/public/${path}/join`,
      headers: { authorization: `Bearer ${link.split('#')[1]}` },
    });
  const opened = async (path: 'invitation' | 'appointment', link: string) => {
    const response = await open(path, link);
    expect(response.statusCode, response.body).toBe(200);
    return response.json().visitToken as string;
  };
  const viewOf = (visitToken: string) =>
    server.app.inject({ url: '/api/public/visit', headers: { authorization: `Bearer ${visitToken}` } });
  const tab = async (visitToken: string) => {
    const socket = await connectSocket(server.baseUrl);
    socket.send({ type: 'hello', as: 'citizen', visitToken });
    return socket;
  };
  const staff = (s: Scene, path: string) =>
    server.app.inject({ method: 'POST', url: `/api/staff${path}`, headers: { cookie: s.agent.cookie } });

  it('hands the visit to the second device; the first is told, closed, and learns why on its return', async () => {
    const s = await scene('zweitgeraet');
    const { joinUrl } = await invite(s);
    const phoneToken = await opened('invitation', joinUrl);
    const phone = await tab(phoneToken);
    const { visit } = await phone.next('visit.state');

    const laptopToken = await opened('invitation', joinUrl);
    await phone.next('visit.taken-over');
    expect(await phone.closed).toBe(CLOSE_UNAUTHORIZED);
    const laptop = await tab(laptopToken);
    expect((await laptop.next('visit.state')).visit).toMatchObject({
      visitId: visit.visitId,
      status: 'waiting',
    });

    // The phone's page, back from the background: its token is dead, and it says so.
    const stale = await viewOf(phoneToken);
    expect(stale.statusCode).toBe(401);
    expect(stale.json().reason).toBe('taken-over');
    const back = await tab(phoneToken);
    await back.next('visit.taken-over');
    expect(await back.closed).toBe(CLOSE_UNAUTHORIZED);
    expect((await viewOf('not-a-token')).json().reason).toBeUndefined();

    // During the call the third device takes the call over too.
    const called = await staff(s, `/visits/${visit.visitId}/call`);
    expect(called.statusCode, called.body).toBe(200);
    await laptop.next('call.start');
    const tabletToken = await opened('invitation', joinUrl);
    await laptop.next('visit.taken-over');
    expect(await laptop.closed).toBe(CLOSE_UNAUTHORIZED);
    const tablet = await tab(tabletToken);
    expect((await tablet.next('call.start')).consultationId).toBe(called.json().consultationId);

    const events = await server.ctx.db.query<{ actor: string; object: string }>(
      `SELECT actor, object FROM audit_events WHERE tenant_id = $1 AND action = 'visit.handed-over'`,
      [s.tenant.tenantId],
    );
    expect(events).toEqual([
      { actor: `citizen:${visit.visitId}`, object: `visit:${visit.visitId}` },
      { actor: `citizen:${visit.visitId}`, object: `visit:${visit.visitId}` },
    ]);
    tablet.close();
  });

  it('uses an invitation once: after its visit was left or completed, the link answers 410', async () => {
    const s = await scene('einmal');
    const left = await invite(s);
    await server.app.inject({
      method: 'DELETE',
      url: '/api/public/visit',
      headers: { authorization: `Bearer ${await opened('invitation', left.joinUrl)}` },
    });
    const again = await open('invitation', left.joinUrl);
    expect(again.statusCode).toBe(410);
    expect(again.headers['content-type']).toMatch(/problem\+json/);
    expect(again.json().reason).toBe('used');

    const completed = await invite(s);
    const token = await opened('invitation', completed.joinUrl);
    const visitId = (await viewOf(token)).json().visitId;
    const call = (await staff(s, `/visits/${visitId}/call`)).json();
    expect((await staff(s, `/consultations/${call.consultationId}/end`)).statusCode).toBe(200);
    expect((await open('invitation', completed.joinUrl)).statusCode).toBe(410);
    const visits = await server.ctx.db.query('SELECT 1 FROM visits WHERE office_id = $1', [s.office.id]);
    expect(visits).toHaveLength(2);
  });

  it('lets an appointment link re-open after the citizen left, not after staff removed the visit', async () => {
    const s = await scene('termin-link');
    const booked = await v1(s, 'POST', '/appointments', {
      serviceId: s.serviceId,
      start: '2026-12-02T09:00:00Z', // a week after the test clock
      citizen: { name: 'Erika', email: 'erika@example.org' },
    });
    expect(booked.statusCode, booked.body).toBe(201);
    server.ctx.clock = () => Temporal.Instant.from('2026-12-02T08:56:00Z');
    const joinUrl = booked.json().joinUrl as string;
    const first = await opened('appointment', joinUrl);
    const firstVisit = (await viewOf(first)).json().visitId;
    await server.app.inject({
      method: 'DELETE',
      url: '/api/public/visit',
      headers: { authorization: `Bearer ${first}` },
    });
    const second = await opened('appointment', joinUrl);
    const secondVisit = (await viewOf(second)).json().visitId;
    expect(secondVisit).not.toBe(firstVisit);

    // Opened on another device: the same visit moves there.
    const phone = await tab(second);
    await phone.next('visit.state');
    const third = await opened('appointment', joinUrl);
    await phone.next('visit.taken-over');
    expect((await viewOf(third)).json()).toMatchObject({ visitId: secondVisit, status: 'waiting' });

    const removed = await server.app.inject({
      method: 'POST',
      url: `/api/staff/offices/${s.office.id}/remove-visits`,
      headers: { cookie: s.agent.cookie },
      payload: { visitIds: [secondVisit] },
    });
    expect(removed.json().visitIds).toEqual([secondVisit]);
    const gone = await open('appointment', joinUrl);
    expect(gone.statusCode).toBe(410);
    expect(gone.json().reason).toBe('used');
  });

  it('expires an invitation at the end of the day it was made, in the authority time zone, on a DST day too', async () => {
    const s = await scene('tagesende');
    try {
      server.ctx.clock = () => SPRING_CHANGE_MORNING;
      const plain = await invite(s);
      expect(plain.expiresAt).toBe('2026-03-29T21:59:59.999Z'); // 23:59:59.999 CEST
      // A longer validity is cut to the end of the day; a shorter one stays.
      expect((await invite(s, { validMinutes: 20_160 })).expiresAt).toBe('2026-03-29T21:59:59.999Z');
      expect((await invite(s, { validMinutes: 90 })).expiresAt).toBe('2026-03-29T09:30:00.000Z');

      server.ctx.clock = () => Temporal.Instant.from('2026-03-29T22:00:00Z'); // Monday, 00:00 in Berlin
      const late = await open('invitation', plain.joinUrl);
      expect(late.statusCode).toBe(409);
      expect(late.json().reason).toBe('over');
      expect((await v1(s, 'GET', `/consultations/${plain.id}`)).json().status).toBe('expired');
      server.ctx.clock = () => Temporal.Instant.from('2026-03-29T21:59:59Z'); // 23:59:59 in Berlin
      expect((await open('invitation', plain.joinUrl)).statusCode).toBe(200);

      // An ordinary day in winter (UTC+1): made late in the evening, valid until midnight only.
      server.ctx.clock = () => WEDNESDAY_MORNING.add({ hours: 13, minutes: 30 }); // 23:30 in Berlin
      expect((await invite(s)).expiresAt).toBe('2026-11-25T22:59:59.999Z');
    } finally {
      server.ctx.clock = () => WEDNESDAY_MORNING;
    }
  });
});
