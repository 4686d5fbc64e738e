import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FOLLOW_UP_OVER_JOB } from '../../src/server/modules/clerk-states/follow-up';
import type { ClerkOnDuty } from '../../src/shared/clerk-states';
import type { PublicTenant } from '../../src/shared/visits';
import { describeEachDb } from '../support/each-db';
import { connectSocket, type TestSocket } from '../support/realtime';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../support/server';
import { enter, openOffice, WEDNESDAY_MORNING } from './visits-fixtures';

const later = (minutes: number) => WEDNESDAY_MORNING.add(Temporal.Duration.from({ minutes }));

describeEachDb('clerk states: breaks, follow-up work and the figures', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { listen: true });
  });
  afterAll(() => server.close());

  const request = (method: 'PUT' | 'POST' | 'GET', cookie: string, url: string, payload?: object) =>
    server.app.inject({ method, url: `/api${url}`, headers: { cookie }, ...(payload ? { payload } : {}) });
  const setState = (cookie: string, payload: object) => request('PUT', cookie, '/staff/state', payload);

  /** An office, a clerk serving it (present), a colleague with a staff socket, and a waiting citizen. */
  async function scene(tenant: TestTenant, slug: string) {
    const office = await openOffice(server, tenant, slug);
    const clerk = await tenant.staff('agent', { officeIds: [office.id], displayName: `Clara ${slug}` });
    const colleague = await tenant.staff('agent', { officeIds: [office.id], displayName: `Kai ${slug}` });
    expect(
      (await request('PUT', clerk.cookie, '/staff/presence', { officeIds: [office.id] })).statusCode,
    ).toBe(200);
    const colleagueSocket = await staffSocket(colleague.cookie);
    const visit = await enter(server, tenant.slug, slug, 'Dana');
    const citizen = await connectSocket(server.baseUrl);
    citizen.send({ type: 'hello', as: 'citizen', visitToken: visit.visitToken });
    expect((await citizen.next('visit.state')).visit.estimatedWaitMinutes).toBe(0);
    return { office, clerk, colleague, colleagueSocket, citizen, visit };
  }

  async function staffSocket(cookie: string) {
    const socket = await connectSocket(server.baseUrl, { cookie });
    socket.send({ type: 'hello', as: 'staff' });
    await socket.next('ready');
    return socket;
  }

  /** The next push of the office to a staff socket in which the clerk is listed as `match` says. */
  const clerkPushed = (socket: TestSocket, officeId: string, match: (clerk: ClerkOnDuty) => boolean) =>
    socket
      .next('queues.state', (m) =>
        m.offices.some((o) => o.officeId === officeId && (o.clerks ?? []).some(match)),
      )
      .then((m) => m.offices.find((o) => o.officeId === officeId)!.clerks!);

  const publicOffice = async (tenant: TestTenant, slug: string) => {
    const list = (
      await server.app.inject({ url: `/api/public/tenants/${tenant.slug}` })
    ).json() as PublicTenant;
    return list.offices.find((o) => o.slug === slug)!;
  };

  /** Makes the follow-up jobs due by the database's clock and runs them (the app's clock decides). */
  const runFollowUpJobs = async () => {
    await server.ctx.db.query(
      'UPDATE jobs SET run_at = now() WHERE kind = $1 AND done_at IS NULL AND failed_at IS NULL',
      [FOLLOW_UP_OVER_JOB],
    );
    await server.ctx.jobs.runDue();
  };

  it('refuses a break ending in the past or beyond a shift, a long reason, and unknown states, as problem+json', async () => {
    const tenant = await createTestTenant(server);
    const office = await openOffice(server, tenant, 'pruefung');
    const clerk = await tenant.staff('agent', { officeIds: [office.id] });
    const cases = [
      [{ state: 'break', until: later(-1).toString() }, 'body.until'],
      [{ state: 'break', until: WEDNESDAY_MORNING.toString() }, 'body.until'],
      [{ state: 'break', until: later(12 * 60 + 1).toString() }, 'body.until'],
      [{ state: 'break', until: 'morgen' }, 'body.until'],
      [{ state: 'break', reason: 'x'.repeat(201) }, 'body.reason'],
      [{ state: 'schlafen' }, 'body.state'],
      [{ state: 'available', reason: 'zurück' }, 'body'],
    ] as const;
    for (const [payload, field] of cases) {
      const answer = await setState(clerk.cookie, payload);
      expect(answer.statusCode, JSON.stringify(payload)).toBe(400);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(answer.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const anonymous = await server.app.inject({
      method: 'PUT',
      url: '/api/staff/state',
      payload: { state: 'available' },
    });
    expect(anonymous.statusCode).toBe(401);
    const ok = await setState(clerk.cookie, {
      state: 'break',
      reason: 'x'.repeat(200),
      until: later(12 * 60).toString(),
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({
      state: 'break',
      reason: 'x'.repeat(200),
      until: new Date(later(12 * 60).epochMilliseconds).toISOString(),
      followUpUntil: null,
    });
  });

  it('takes a clerk on a break out of the chairs: colleagues, the waiting room and the public list see it live', async () => {
    const tenant = await createTestTenant(server);
    const { office, clerk, colleagueSocket, citizen } = await scene(tenant, 'pause');
    expect(await publicOffice(tenant, 'pause')).toMatchObject({ agentsServing: 1, freeAgents: 1 });

    const until = later(30).toString();
    expect((await setState(clerk.cookie, { state: 'break', reason: 'Mittagspause', until })).statusCode).toBe(
      200,
    );
    const listed = await clerkPushed(
      colleagueSocket,
      office.id,
      (c) => c.staffId === clerk.id && c.activity === 'break',
    );
    expect(listed.find((c) => c.staffId === clerk.id)).toEqual({
      staffId: clerk.id,
      displayName: 'Clara pause',
      activity: 'break',
      until: new Date(later(30).epochMilliseconds).toISOString(),
      reason: 'Mittagspause',
    });
    // Nobody serves now: the waiting citizen's estimate is gone, the public list shows no chair.
    expect((await citizen.next('visit.state')).visit.estimatedWaitMinutes).toBeNull();
    expect(await publicOffice(tenant, 'pause')).toMatchObject({
      agentsServing: 0,
      freeAgents: 0,
      estimatedWaitMinutes: null,
    });

    expect((await setState(clerk.cookie, { state: 'available' })).statusCode).toBe(200);
    await clerkPushed(
      colleagueSocket,
      office.id,
      (c) => c.staffId === clerk.id && c.activity === 'available',
    );
    expect((await citizen.next('visit.state')).visit.estimatedWaitMinutes).toBe(0);
    expect(await publicOffice(tenant, 'pause')).toMatchObject({ agentsServing: 1, freeAgents: 1 });
    colleagueSocket.close();
    citizen.close();
  });

  it('lets a clerk on a break call the next person, which ends the break; follow-up work follows the call by the app clock', async () => {
    const tenant = await createTestTenant(server);
    const { office, clerk, colleagueSocket, citizen, visit } = await scene(tenant, 'nachbearbeitung');
    const second = await enter(server, tenant.slug, 'nachbearbeitung', 'Emil');
    const waiting = await connectSocket(server.baseUrl);
    waiting.send({ type: 'hello', as: 'citizen', visitToken: second.visitToken });
    await waiting.next('visit.state', (m) => m.visit.position === 2);
    await setState(clerk.cookie, { state: 'break' });
    await clerkPushed(colleagueSocket, office.id, (c) => c.staffId === clerk.id && c.activity === 'break');

    const called = await request('POST', clerk.cookie, `/staff/offices/${office.id}/call-next`);
    expect(called.statusCode, called.body).toBe(200);
    expect(called.json().visitId).toBe(visit.visitId);
    await clerkPushed(colleagueSocket, office.id, (c) => c.staffId === clerk.id && c.activity === 'in_call');
    await citizen.next('call.start');
    // A break waits for the end of the call.
    const refused = await setState(clerk.cookie, { state: 'break', reason: 'Kaffee' });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');

    // The call ends at 10:05 Berlin: two minutes of follow-up work (the authority's default) by the app clock.
    server.ctx.clock = () => later(5);
    const ended = await request(
      'POST',
      clerk.cookie,
      `/staff/consultations/${called.json().consultationId}/end`,
    );
    expect(ended.statusCode, ended.body).toBe(200);
    const followUpUntil = new Date(later(7).epochMilliseconds).toISOString();
    await clerkPushed(
      colleagueSocket,
      office.id,
      (c) => c.staffId === clerk.id && c.activity === 'follow_up' && c.until === followUpUntil,
    );
    // Emil is first now; the one clerk serves but is not free.
    await waiting.next('visit.state', (m) => m.visit.position === 1 && m.visit.estimatedWaitMinutes === 5);
    expect(await publicOffice(tenant, 'nachbearbeitung')).toMatchObject({ agentsServing: 1, freeAgents: 0 });
    const [job] = await server.ctx.db.query<{ seconds: number }>(
      `SELECT extract(epoch FROM run_at - created_at)::float8 AS seconds FROM jobs
        WHERE kind = $1 AND payload->>'staffId' = $2 AND done_at IS NULL`,
      [FOLLOW_UP_OVER_JOB, clerk.id],
    );
    expect(job?.seconds).toBeCloseTo(120, 0);

    // Due by the database's clock but not by the app's: still follow-up work.
    server.ctx.clock = () => later(6);
    await runFollowUpJobs();
    expect(await publicOffice(tenant, 'nachbearbeitung')).toMatchObject({ freeAgents: 0 });

    server.ctx.clock = () => later(7);
    await runFollowUpJobs();
    await clerkPushed(
      colleagueSocket,
      office.id,
      (c) => c.staffId === clerk.id && c.activity === 'available',
    );
    await waiting.next('visit.state', (m) => m.visit.estimatedWaitMinutes === 0);
    expect(await publicOffice(tenant, 'nachbearbeitung')).toMatchObject({ agentsServing: 1, freeAgents: 1 });
    for (const socket of [colleagueSocket, citizen, waiting]) socket.close();
  });

  it('ends the follow-up work early with "bereit", and follows the office\'s and the authority\'s minutes (0: none)', async () => {
    const tenant = await createTestTenant(server);
    const { office, clerk, colleagueSocket, citizen } = await scene(tenant, 'bereit');
    const admin = await tenant.staff('admin');
    const callAndEnd = async () => {
      const called = (await request('POST', clerk.cookie, `/staff/offices/${office.id}/call-next`)).json();
      await request('POST', clerk.cookie, `/staff/consultations/${called.consultationId}/end`);
    };

    // The office's own five minutes.
    const settings = await request('PUT', admin.cookie, '/admin/tenant/follow-up', {
      minutes: 0,
      offices: [{ officeId: office.id, minutes: 5 }],
    });
    expect(settings.statusCode, settings.body).toBe(200);
    expect(settings.json().offices).toEqual([{ officeId: office.id, name: 'Büro bereit', minutes: 5 }]);
    await callAndEnd();
    const fiveMinutes = new Date(later(5).epochMilliseconds).toISOString();
    await clerkPushed(
      colleagueSocket,
      office.id,
      (c) => c.activity === 'follow_up' && c.until === fiveMinutes,
    );

    expect((await setState(clerk.cookie, { state: 'available' })).json()).toMatchObject({
      followUpUntil: null,
    });
    await clerkPushed(
      colleagueSocket,
      office.id,
      (c) => c.staffId === clerk.id && c.activity === 'available',
    );
    expect(await publicOffice(tenant, 'bereit')).toMatchObject({ freeAgents: 1 });

    // Back to the authority's 0: no follow-up work at all.
    await request('PUT', admin.cookie, '/admin/tenant/follow-up', {
      minutes: 0,
      offices: [{ officeId: office.id, minutes: null }],
    });
    const another = await enter(server, tenant.slug, 'bereit', 'Fritz');
    const socket = await connectSocket(server.baseUrl);
    socket.send({ type: 'hello', as: 'citizen', visitToken: another.visitToken });
    await socket.next('visit.state');
    await callAndEnd();
    await clerkPushed(
      colleagueSocket,
      office.id,
      (c) => c.staffId === clerk.id && c.activity === 'available',
    );
    expect(await publicOffice(tenant, 'bereit')).toMatchObject({ freeAgents: 1 });
    for (const s of [colleagueSocket, citizen, socket]) s.close();
  });

  it('lets admins alone set the follow-up minutes, within 0–60 and for their own offices', async () => {
    const tenant = await createTestTenant(server);
    const other = await createTestTenant(server, 'Anderstadt');
    const foreign = await openOffice(server, other, 'fremd');
    const admin = await tenant.staff('admin');
    const agent = await tenant.staff('agent');
    expect((await request('GET', admin.cookie, '/admin/tenant/follow-up')).json()).toEqual({
      minutes: 2,
      offices: [],
    });
    expect((await request('GET', agent.cookie, '/admin/tenant/follow-up')).statusCode).toBe(403);
    expect((await request('PUT', agent.cookie, '/admin/tenant/follow-up', { minutes: 3 })).statusCode).toBe(
      403,
    );
    const tooLong = await request('PUT', admin.cookie, '/admin/tenant/follow-up', { minutes: 61 });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().errors[0].field).toBe('body.minutes');
    const stranger = await request('PUT', admin.cookie, '/admin/tenant/follow-up', {
      minutes: 3,
      offices: [{ officeId: foreign.id, minutes: 1 }],
    });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().errors[0].field).toBe('body.offices.0.officeId');
    // Refused as a whole: the authority's minutes did not change either.
    expect((await request('GET', admin.cookie, '/admin/tenant/follow-up')).json().minutes).toBe(2);
  });
});
