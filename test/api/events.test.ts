import { randomUUID } from 'node:crypto';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_FULL, EVENT_NOT_OPEN, EVENTS_UNAVAILABLE, type StaffEvent } from '../../src/shared/events';
import { describeEachDb } from '../support/each-db';
import { startEventWorld } from '../support/event-world';
import { citizenPost } from '../support/proof-of-work';
import { connectSocket } from '../support/realtime';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../support/server';

const NOW = Temporal.Instant.from('2027-03-10T09:00:00Z');
const at = (minutes: number) => NOW.add({ minutes }).toString();

const eventBody = (hostIds: string[], extra: Record<string, unknown> = {}) => ({
  title: 'Sprechstunde des Bürgermeisters',
  description: 'Fragen zum Haushalt',
  startsAt: at(120),
  endsAt: at(180),
  hostIds,
  maxAudience: 100,
  public: true,
  ...extra,
});

describeEachDb('public events: scheduling, listing and seats', (kind) => {
  let server: TestServer;
  let tenant: TestTenant;
  let admin: { id: string; cookie: string };
  let host: { id: string; cookie: string };
  beforeAll(async () => {
    ({ server, tenant, admin, host } = await startEventWorld(kind, 'Eventstadt'));
    server.ctx.clock = () => NOW;
  });
  afterAll(() => server.close());

  const send = (cookie: string | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
    server.app.inject({
      method,
      url,
      ...(cookie ? { headers: { cookie } } : {}),
      ...(payload ? { payload } : {}),
    });
  const schedule = async (extra: Record<string, unknown> = {}) => {
    const created = await send(admin.cookie, 'POST', '/api/admin/events', eventBody([host.id], extra));
    expect(created.statusCode, created.body).toBe(201);
    return created.json<StaffEvent>();
  };
  const publicUrl = (path = '') => `/api/public/tenants/${tenant.slug}/events${path}`;

  it('an administrator schedules, changes and cancels an event; the audit keeps ids and figures, no title', async () => {
    const event = await schedule();
    expect(event).toMatchObject({
      title: 'Sprechstunde des Bürgermeisters',
      hosts: [{ id: host.id, displayName: 'Erika Mustermann' }],
      maxAudience: 100,
      public: true,
      cancelledAt: null,
    });
    expect(Date.parse(event.startsAt)).toBe(Date.parse(at(120)));

    const changed = await send(admin.cookie, 'PUT', `/api/admin/events/${event.id}`, {
      ...eventBody([host.id, admin.id]),
      title: 'Infoabend Bebauungsplan',
      maxAudience: 150,
    });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ title: 'Infoabend Bebauungsplan', maxAudience: 150 });
    expect(
      changed
        .json<StaffEvent>()
        .hosts.map((h) => h.id)
        .sort(),
    ).toEqual([host.id, admin.id].sort());

    const listed = await send(admin.cookie, 'GET', '/api/admin/events');
    expect(listed.json<StaffEvent[]>().map((e) => e.id)).toContain(event.id);

    const cancelled = await send(admin.cookie, 'POST', `/api/admin/events/${event.id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json<StaffEvent>().cancelledAt).toBe(NOW.toString().replace('Z', '.000Z'));
    expect((await send(admin.cookie, 'POST', `/api/admin/events/${event.id}/cancel`)).statusCode).toBe(409);
    expect(
      (await send(admin.cookie, 'PUT', `/api/admin/events/${event.id}`, eventBody([host.id]))).statusCode,
    ).toBe(409);

    const audit = await server.ctx.db.query<{ action: string; details: Record<string, unknown> }>(
      `SELECT action, details FROM audit_events WHERE tenant_id = $1 AND object = $2 ORDER BY seq`,
      [tenant.tenantId, `event:${event.id}`],
    );
    expect(audit.map((a) => a.action)).toEqual(['event.created', 'event.updated', 'event.cancelled']);
    expect(JSON.stringify(audit)).not.toContain('Bebauungsplan');
    expect(audit[1]?.details).toMatchObject({ maxAudience: 150, public: true });
  });

  it('refuses bad input with the field at fault', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ endsAt: at(100) }, 'body.endsAt'],
      [{ endsAt: at(120 + 13 * 60) }, 'body.endsAt'],
      // A start moved past the end is at fault as much as the end (the route fuzzer found it named only the end).
      [{ startsAt: at(10_000) }, 'body.startsAt'],
      [{ title: '   ' }, 'body.title'],
      [{ maxAudience: 0 }, 'body.maxAudience'],
      [{ maxAudience: 1001 }, 'body.maxAudience'],
      [{ startsAt: 'tomorrow' }, 'body.startsAt'],
      [{ hostIds: [] }, 'body.hostIds'],
      [{ hostIds: [host.id, host.id] }, 'body.hostIds'],
      [{ recording: true }, 'body'],
    ];
    for (const [extra, field] of cases) {
      const response = await send(admin.cookie, 'POST', '/api/admin/events', eventBody([host.id], extra));
      expect(response.statusCode, JSON.stringify(extra)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(
        response.json().errors.map((e: { field: string }) => e.field),
        JSON.stringify(extra),
      ).toContain(field);
    }
    // A host of another authority is no host here.
    const elsewhere = await createTestTenant(server, 'Andere Stadt');
    const stranger = await elsewhere.staff('agent');
    const foreign = await send(admin.cookie, 'POST', '/api/admin/events', eventBody([stranger.id]));
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0].field).toBe('body.hostIds');
  });

  it('only administrators and leads schedule; hosts see their own events; other authorities see nothing', async () => {
    const event = await schedule();
    expect((await send(null, 'GET', '/api/admin/events')).statusCode).toBe(401);
    for (const role of ['agent', 'reporting', 'privacy'] as const) {
      const someone = await tenant.staff(role);
      expect(
        (await send(someone.cookie, 'POST', '/api/admin/events', eventBody([host.id]))).statusCode,
        role,
      ).toBe(403);
      expect(
        (await send(someone.cookie, 'POST', `/api/admin/events/${event.id}/cancel`)).statusCode,
        role,
      ).toBe(403);
    }
    const lead = await tenant.staff('lead');
    expect((await send(lead.cookie, 'POST', '/api/admin/events', eventBody([host.id]))).statusCode).toBe(201);

    const mine = await send(host.cookie, 'GET', '/api/staff/events');
    expect(mine.json<StaffEvent[]>().map((e) => e.id)).toContain(event.id);
    expect((await send(host.cookie, 'GET', `/api/staff/events/${event.id}`)).statusCode).toBe(200);
    const colleague = await tenant.staff('agent');
    expect((await send(colleague.cookie, 'GET', `/api/staff/events/${event.id}`)).statusCode).toBe(403);
    expect((await send(colleague.cookie, 'GET', '/api/staff/events')).json()).toEqual([]);

    const elsewhere = await createTestTenant(server, 'Nachbarstadt');
    const otherAdmin = await elsewhere.staff('admin');
    expect((await send(otherAdmin.cookie, 'GET', `/api/admin/events/${event.id}`)).statusCode).toBe(404);
    expect(
      (await send(otherAdmin.cookie, 'PUT', `/api/admin/events/${event.id}`, eventBody([host.id])))
        .statusCode,
    ).toBe(404);
    expect((await send(otherAdmin.cookie, 'POST', `/api/admin/events/${event.id}/cancel`)).statusCode).toBe(
      404,
    );
    expect(
      (await send(null, 'GET', `/api/public/tenants/${elsewhere.slug}/events/${event.id}`)).statusCode,
    ).toBe(404);
  });

  it('lists the upcoming public events soonest first; a non-public one is reached by its link only', async () => {
    const own = await createTestTenant(server, 'Listenstadt');
    const ownAdmin = await own.staff('admin');
    const post = (extra: Record<string, unknown>) =>
      send(ownAdmin.cookie, 'POST', '/api/admin/events', eventBody([ownAdmin.id], extra)).then((r) =>
        r.json<StaffEvent>(),
      );
    const later = await post({ title: 'Später', startsAt: at(24 * 60), endsAt: at(25 * 60) });
    const sooner = await post({ title: 'Bald', startsAt: at(60), endsAt: at(90) });
    const hidden = await post({ title: 'Intern', public: false });
    // Over before now (the app's clock): no longer listed.
    await post({ title: 'Vorbei', startsAt: at(-120), endsAt: at(-60) });

    const listed = await send(null, 'GET', `/api/public/tenants/${own.slug}/events`);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().events.map((e: { title: string }) => e.title)).toEqual(['Bald', 'Später']);
    expect(listed.json().events[0]).toEqual({
      id: sooner.id,
      title: 'Bald',
      description: 'Fragen zum Haushalt',
      startsAt: sooner.startsAt,
      endsAt: sooner.endsAt,
      hostNames: [expect.any(String)],
      cancelled: false,
    });
    const byLink = await send(null, 'GET', `/api/public/tenants/${own.slug}/events/${hidden.id}`);
    expect(byLink.statusCode).toBe(200);
    expect(byLink.json()).toMatchObject({ title: 'Intern', timeZone: 'Europe/Berlin' });
    expect(later.id).toBeDefined();
  });

  it('seats the audience from the doors opening, with the proof of work, up to the maximum', async () => {
    const event = await schedule({ maxAudience: 2, startsAt: at(20), endsAt: at(80) });
    const seatUrl = publicUrl(`/${event.id}/audience`);
    // Without the proof of work: refused like a walk-in without one.
    const bare = await send(null, 'POST', seatUrl);
    expect(bare.statusCode).toBe(400);
    expect(bare.json().reason).toBe('proof-of-work');

    // Doors open 30 minutes before the start: at 09:00 an event starting 10:00 is not open yet.
    const early = await schedule({ startsAt: at(60), endsAt: at(120) });
    const notYet = await citizenPost(server.app, publicUrl(`/${early.id}/audience`), {});
    expect(notYet.statusCode).toBe(409);
    expect(notYet.json().detail).toBe(EVENT_NOT_OPEN);

    const first = await citizenPost(server.app, seatUrl, {});
    expect(first.statusCode, first.body).toBe(201);
    const second = await citizenPost(server.app, seatUrl, {});
    expect(second.statusCode).toBe(201);
    const third = await citizenPost(server.app, seatUrl, {});
    expect(third.statusCode).toBe(409);
    expect(third.json().detail).toBe(EVENT_FULL);

    // A seat's page connects and leaves: its seat is free again.
    const socket = await connectSocket(server.baseUrl);
    socket.send({ type: 'hello', as: 'audience', audienceToken: first.json().audienceToken });
    await socket.next('ready', (m) => m.as === 'audience');
    // The audience only watches: call and form messages are refused.
    socket.send({ type: 'call.take-over' });
    expect((await socket.next('error')).code).toBe('audience-only');
    socket.close();
    await socket.closed;
    await expect.poll(async () => (await citizenPost(server.app, seatUrl, {})).statusCode).toBe(201);
  });

  it('an audience token is no way into another event; an unknown token closes the socket', async () => {
    const event = await schedule({ startsAt: at(10), endsAt: at(70) });
    const other = await schedule({ startsAt: at(10), endsAt: at(70) });
    const seat = await citizenPost(server.app, publicUrl(`/${event.id}/audience`), {});
    const socket = await connectSocket(server.baseUrl);
    socket.send({ type: 'hello', as: 'audience', audienceToken: seat.json().audienceToken });
    await socket.next('ready');
    // Watching another event, or publishing into its own without the floor: both refused, neither reaches Janus.
    socket.send({ type: 'event.watch', eventId: other.id });
    socket.send({ type: 'event.publish', eventId: event.id, sdp: 'v=0' });
    const refusals = () => socket.messages.flatMap((m) => (m.type === 'error' ? [m.code] : []));
    await expect.poll(refusals).toEqual(['event-unknown', 'event-no-floor']);
    socket.close();

    const stranger = await connectSocket(server.baseUrl);
    stranger.send({ type: 'hello', as: 'audience', audienceToken: 'x'.repeat(43) });
    expect((await stranger.next('error')).code).toBe('unknown-seat');
    expect(await stranger.closed).toBe(1008);
  });
});

describe('public events without a media server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(() => server.close());

  it('say so (404, reason events-unavailable) to staff and on an event’s link; the authority’s page lists none', async () => {
    const tenant = await createTestTenant(server);
    const admin = await tenant.staff('admin');
    const staffSide = await server.app.inject({
      method: 'GET',
      url: '/api/admin/events',
      headers: { cookie: admin.cookie },
    });
    expect(staffSide.statusCode).toBe(404);
    expect(staffSide.json().reason).toBe('events-unavailable');
    expect(staffSide.json().detail).toBe(EVENTS_UNAVAILABLE);
    const list = await server.app.inject({ method: 'GET', url: `/api/public/tenants/${tenant.slug}/events` });
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().events).toEqual([]);
    const link = await server.app.inject({
      method: 'GET',
      url: `/api/public/tenants/${tenant.slug}/events/${randomUUID()}`,
    });
    expect(link.statusCode).toBe(404);
    expect(link.json().reason).toBe('events-unavailable');
  });
});
