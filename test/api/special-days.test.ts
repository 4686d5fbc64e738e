import { afterAll, beforeAll, expect, it } from 'vitest';
import { serviceRepository } from '../../src/server/modules/admin/services';
import { describeEachDb } from '../support/each-db';
import { citizenPost } from '../support/proof-of-work';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../support/server';
import { serviceBody } from './fixtures';
import { agentFor, openOffice } from './visits-fixtures';

/** Wednesday 2 December 2026 (Berlin, UTC+1), a week after the fixed test clock; the office opens 08–18. */
const DAY = '2026-12-02';

describeEachDb('special opening hours and local holidays', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.close());

  const send = (method: 'GET' | 'POST' | 'DELETE', url: string, cookie: string, payload?: object) =>
    server.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });

  async function bookable(tenant: TestTenant) {
    const office = await openOffice(server, tenant, 'buergeramt');
    const service = await serviceRepository(server.ctx).create(tenant.tenantId, {
      ...serviceBody(tenant.unitId),
      durationMinutes: 60,
      bufferAfterMinutes: 0,
    });
    await agentFor(server, tenant, [office.id]);
    const admin = await tenant.staff('admin');
    /** The slot starts offered on the day, in UTC. */
    const slots = async (day = DAY) =>
      (
        await server.app.inject({
          url: `/api/public/tenants/${tenant.slug}/services/${service.id}/slots?from=${day}&days=1`,
        })
      )
        .json()
        .slots.map((s: { start: string }) => s.start.slice(11, 16)) as string[];
    const except = (body: object) =>
      send('POST', `/api/admin/offices/${office.id}/calendar-exceptions`, admin.cookie, {
        firstDay: DAY,
        lastDay: DAY,
        hours: [],
        reason: 'Personalversammlung',
        ...body,
      });
    return { office, admin, slots, except };
  }

  it('an evening opening replaces the day’s hours in the slots offered, and removing it restores them', async () => {
    const tenant = await createTestTenant(server);
    const { office, admin, slots, except } = await bookable(tenant);
    const weekly = await slots();
    expect(weekly[0]).toBe('07:00'); // 08:00 in Berlin
    expect(weekly).toHaveLength(10);

    const evening = await except({ hours: [{ from: '17:00', to: '21:00' }], reason: 'Lange Nacht' });
    expect(evening.statusCode, evening.body).toBe(201);
    // The read model saw the change at once: 17:00–21:00 Berlin, one-hour slots.
    expect(await slots()).toEqual(['16:00', '17:00', '18:00', '19:00']);
    expect(await slots('2026-12-09')).toEqual(weekly); // the next Wednesday keeps its hours

    const listed = await send('GET', `/api/admin/offices/${office.id}/calendar-exceptions`, admin.cookie);
    expect(listed.json()).toEqual([
      {
        id: evening.json().id,
        officeId: office.id,
        firstDay: DAY,
        lastDay: DAY,
        hours: [{ from: '17:00', to: '21:00' }],
        reason: 'Lange Nacht',
      },
    ]);
    const removed = await send(
      'DELETE',
      `/api/admin/offices/${office.id}/calendar-exceptions/${evening.json().id}`,
      admin.cookie,
    );
    expect(removed.statusCode).toBe(204);
    expect(await slots()).toEqual(weekly);

    const audit = await server.ctx.db.query<{ action: string; details: { firstDay: string } }>(
      `SELECT action, details FROM audit_events WHERE tenant_id = $1 AND action LIKE 'offices.calendar%' ORDER BY seq`,
      [tenant.tenantId],
    );
    expect(audit.map((a) => [a.action, a.details.firstDay])).toEqual([
      ['offices.calendar_exception_added', DAY],
      ['offices.calendar_exception_removed', DAY],
    ]);
  });

  it('a closure over a range offers nothing on its dates, and an opening past midnight offers the night', async () => {
    const tenant = await createTestTenant(server);
    const { slots, except } = await bookable(tenant);
    expect((await except({ firstDay: '2026-11-30', lastDay: DAY })).statusCode).toBe(201);
    expect(await slots()).toEqual([]);
    const night = await except({
      firstDay: '2026-12-09',
      lastDay: '2026-12-09',
      hours: [{ from: '22:00', to: '02:00' }],
    });
    expect(night.statusCode, night.body).toBe(201);
    expect(await slots('2026-12-09')).toEqual(['21:00', '22:00']);
    // 00:00 and 01:00 on Thursday in Berlin: the night belongs to the day it starts, slots to the day they start.
    expect(await slots('2026-12-10')).toEqual(['23:00', '00:00']);
  });

  it('a local holiday of the authority closes every office; one of an office closes only that one', async () => {
    const tenant = await createTestTenant(server);
    const { office, admin, slots } = await bookable(tenant);
    const holiday = (body: object) => send('POST', '/api/admin/local-holidays', admin.cookie, body);
    // Named to sort after the first: a service books in its unit's first office by name.
    const other = await openOffice(server, tenant, 'zweigstelle');
    const ofOther = await holiday({ monthDay: '12-02', name: 'Kirchweih', officeId: other.id });
    expect(ofOther.statusCode, ofOther.body).toBe(201);
    expect(await slots()).toHaveLength(10);

    const town = await holiday({ monthDay: '12-02', name: 'Stadtfest', officeId: null });
    expect(town.statusCode).toBe(201);
    expect(await slots()).toEqual([]);
    expect((await holiday({ monthDay: '12-02', name: 'Nochmal', officeId: null })).statusCode).toBe(409);
    expect((await send('GET', '/api/admin/local-holidays', admin.cookie)).json()).toEqual([
      { id: town.json().id, monthDay: '12-02', name: 'Stadtfest', officeId: null },
      { id: ofOther.json().id, monthDay: '12-02', name: 'Kirchweih', officeId: other.id },
    ]);
    // A special opening on the holiday opens deliberately.
    const special = await send('POST', `/api/admin/offices/${office.id}/calendar-exceptions`, admin.cookie, {
      firstDay: DAY,
      lastDay: DAY,
      hours: [{ from: '10:00', to: '11:00' }],
      reason: 'Sondersprechstunde',
    });
    expect(special.statusCode).toBe(201);
    expect(await slots()).toEqual(['09:00']);

    expect(
      (await send('DELETE', `/api/admin/local-holidays/${town.json().id}`, admin.cookie)).statusCode,
    ).toBe(204);
    const audit = await server.ctx.db.query<{ action: string }>(
      `SELECT action FROM audit_events WHERE tenant_id = $1 AND action LIKE 'local-holidays.%' ORDER BY seq`,
      [tenant.tenantId],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'local-holidays.created',
      'local-holidays.created',
      'local-holidays.deleted',
    ]);
  });

  it('a special date closes the virtual office for walk-ins too, and the public list says so', async () => {
    const tenant = await createTestTenant(server);
    const { office, except } = await bookable(tenant); // the clock stands on Wednesday 25 November, 10:00
    const listed = async () => {
      const list = await server.app.inject({ url: `/api/public/tenants/${tenant.slug}` });
      return list.json().offices.find((o: { slug: string }) => o.slug === office.slug) as {
        open: boolean;
        nextOpening: string | null;
      };
    };
    const walkIn = () =>
      citizenPost(server.app, `/api/public/tenants/${tenant.slug}/offices/${office.slug}/visits`, {
        displayName: 'Ada',
      });
    const closure = await except({ firstDay: '2026-11-25', lastDay: '2026-11-25' });
    expect(closure.statusCode, closure.body).toBe(201);
    const refused = await walkIn();
    expect(refused.statusCode, refused.body).toBe(409);
    // A fresh authority's list is read now: closed, opening again next Wednesday at 08:00 Berlin.
    expect(await listed()).toMatchObject({ open: false, nextOpening: '2026-12-02T07:00:00Z' });

    await send(
      'DELETE',
      `/api/admin/offices/${office.id}/calendar-exceptions/${closure.json().id}`,
      (await tenant.staff('admin')).cookie,
    );
    expect((await walkIn()).statusCode).toBe(201);
  });

  it('answers bad input with problem+json naming the field', async () => {
    const tenant = await createTestTenant(server);
    const { office, admin, except } = await bookable(tenant);
    const field = async (response: Awaited<ReturnType<typeof except>>) => {
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      return [response.statusCode, response.json().errors?.map((e: { field: string }) => e.field)];
    };
    expect(await field(await except({ firstDay: '2026-12-03' }))).toEqual([400, ['body.lastDay']]);
    expect(await field(await except({ hours: [{ from: '18:00', to: '09:00' }] }))).toEqual([
      400,
      ['body.hours.0.to'],
    ]);
    expect(
      await field(
        await except({
          hours: [
            { from: '08:00', to: '12:00' },
            { from: '11:00', to: '13:00' },
          ],
        }),
      ),
    ).toEqual([400, ['body.hours']]);
    expect(await field(await except({ firstDay: '2026-01-01', lastDay: '2026-01-02' }))).toEqual([
      400,
      ['body.lastDay'],
    ]);
    expect(await field(await except({ firstDay: '2040-01-01', lastDay: '2040-01-01' }))).toEqual([
      400,
      ['body.firstDay'],
    ]);
    expect(await field(await except({ firstDay: '2026-12-01', lastDay: '2028-12-01' }))).toEqual([
      400,
      ['body.lastDay'],
    ]);
    expect(await field(await except({ firstDay: '10000-01-01' }))).toEqual([400, ['body.firstDay']]);

    expect((await except({ firstDay: '2026-12-01', lastDay: '2026-12-03' })).statusCode).toBe(201);
    const overlapping = await except({ firstDay: DAY, lastDay: '2026-12-05' });
    expect(overlapping.statusCode).toBe(409);
    expect(overlapping.headers['content-type']).toMatch(/^application\/problem\+json/);

    const holiday = (monthDay: string) =>
      send('POST', '/api/admin/local-holidays', admin.cookie, { monthDay, name: 'Fest', officeId: null });
    expect((await holiday('02-30')).statusCode).toBe(400);
    expect((await holiday('13-01')).statusCode).toBe(400);
    expect((await holiday('02-29')).statusCode).toBe(201);

    // Agents change no calendars; another authority's office is not found.
    const agent = await tenant.staff('agent');
    const asAgent = await send('POST', `/api/admin/offices/${office.id}/calendar-exceptions`, agent.cookie, {
      firstDay: '2026-12-10',
      lastDay: '2026-12-10',
      hours: [],
      reason: 'x',
    });
    expect(asAgent.statusCode).toBe(403);
    const stranger = await (await createTestTenant(server)).staff('admin');
    expect(
      (await send('GET', `/api/admin/offices/${office.id}/calendar-exceptions`, stranger.cookie)).statusCode,
    ).toBe(404);
    const lead = await tenant.staff('lead', { unitId: null });
    expect(
      (
        await send('POST', '/api/admin/local-holidays', lead.cookie, {
          monthDay: '08-08',
          name: 'Friedensfest',
          officeId: null,
        })
      ).statusCode,
    ).toBe(403);
  });
});
