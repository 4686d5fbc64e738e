import { afterAll, beforeAll, expect, it } from 'vitest';
import { NOBODY_CALLABLE_YET } from '../../src/shared/queue-details';
import type { ServerMessage, SetAsideEntry } from '../../src/shared/realtime';
import { describeEachDb } from '../support/each-db';
import { connectSocket, type TestSocket } from '../support/realtime';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { agentFor, enter, openOffice, runDisconnectSweep, WEDNESDAY_MORNING } from './visits-fixtures';

type QueuesState = Extract<ServerMessage, { type: 'queues.state' }>;
const setAsideOf = (message: QueuesState): SetAsideEntry[] =>
  message.offices.flatMap((o) => o.setAside ?? []);

describeEachDb('the clerk’s queue actions', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { listen: true });
  });
  afterAll(() => server.close());

  /** An office with one agent and citizens entered one minute apart (by the stored arrival). */
  async function office(slug: string, names: string[]) {
    const tenant = await createTestTenant(server);
    const opened = await openOffice(server, tenant, slug);
    const agent = await agentFor(server, tenant, [opened.id]);
    const citizens = [];
    for (const [i, name] of names.entries()) {
      const citizen = await enter(server, tenant.slug, slug, name);
      await server.ctx.db.query(`UPDATE visits SET arrived_at = $2 WHERE id = $1`, [
        citizen.visitId,
        new Date(WEDNESDAY_MORNING.epochMilliseconds - (60 - i) * 60_000),
      ]);
      citizens.push(citizen);
    }
    const as = (cookie: string) => (method: 'POST' | 'PUT', url: string, payload?: object) =>
      server.app.inject({ method, url: `/api/staff${url}`, headers: { cookie }, payload });
    return { tenant, office: opened, agent, citizens, staff: as(agent.cookie), as };
  }
  const viewOf = async (visitToken: string) =>
    (
      await server.app.inject({
        url: '/api/public/visit',
        headers: { authorization: `Bearer ${visitToken}` },
      })
    ).json();
  const at = (minutes: number) => {
    server.ctx.clock = () => WEDNESDAY_MORNING.add({ minutes });
  };
  const staffSocket = async (cookie: string) => {
    const socket = await connectSocket(server.baseUrl, { cookie });
    socket.send({ type: 'hello', as: 'staff' });
    await socket.next('queues.state');
    return socket;
  };
  const audited = async (tenantId: string, action: string) =>
    server.ctx.db.query<{ details: Record<string, unknown> }>(
      'SELECT details FROM audit_events WHERE tenant_id = $1 AND action = $2',
      [tenantId, action],
    );

  it('recalls a citizen who did not answer after the pause, up to the set number, then lists them as missed', async () => {
    server.ctx.config.queue.recalls = 2;
    server.ctx.config.queue.recallPauseMinutes = 5;
    const { tenant, office: o, agent, citizens, staff } = await office('nicht-erschienen', ['Anna', 'Ben']);
    const [anna, ben] = citizens;
    const socket: TestSocket = await staffSocket(agent.cookie);
    at(0);
    let call = await staff('POST', `/offices/${o.id}/call-next`);
    expect(call.json().visitId).toBe(anna!.visitId);

    const missed = await staff('POST', `/consultations/${call.json().consultationId}/not-appeared`);
    expect(missed.statusCode, missed.body).toBe(200);
    expect(missed.json()).toMatchObject({ consultationId: null, missed: false });
    expect(await viewOf(anna!.visitToken)).toMatchObject({
      status: 'waiting',
      position: 1,
      missedCalls: 1,
      recallAt: new Date(WEDNESDAY_MORNING.add({ minutes: 5 }).epochMilliseconds).toISOString(),
    });
    // During the pause call-next passes over her (she keeps her place), and then nobody is callable.
    at(4);
    call = await staff('POST', `/offices/${o.id}/call-next`);
    expect(call.json().visitId).toBe(ben!.visitId);
    await staff('POST', `/consultations/${call.json().consultationId}/end`);
    const paused = await staff('POST', `/offices/${o.id}/call-next`);
    expect(paused.statusCode).toBe(409);
    expect(paused.json().detail).toBe(NOBODY_CALLABLE_YET);

    // After the pause she is called again; two recalls used up, the third miss lists her as missed.
    for (const minute of [5, 10]) {
      at(minute);
      call = await staff('POST', `/offices/${o.id}/call-next`);
      expect(call.json().visitId, `at +${minute} min`).toBe(anna!.visitId);
      const answer = await staff('POST', `/consultations/${call.json().consultationId}/not-appeared`);
      expect(answer.json().missed, `at +${minute} min`).toBe(minute === 10);
    }
    expect(await viewOf(anna!.visitToken)).toMatchObject({
      status: 'missed',
      missedCalls: 3,
      position: null,
    });
    const listed = await socket.next('queues.state', (m) => setAsideOf(m).length === 1);
    expect(setAsideOf(listed)[0]).toMatchObject({ visitId: anna!.visitId, status: 'missed', missedCalls: 3 });
    at(30);
    expect((await staff('POST', `/offices/${o.id}/call-next`)).statusCode).toBe(409);

    // Any clerk of the office puts her back at her old place: first again, with fresh recalls.
    const colleague = await agentFor(server, tenant, [o.id]);
    const latecomer = await enter(server, tenant.slug, 'nicht-erschienen', 'Cem');
    const back = await server.app.inject({
      method: 'POST',
      url: `/api/staff/visits/${anna!.visitId}/put-back`,
      headers: { cookie: colleague.cookie },
      payload: { at: 'place' },
    });
    expect(back.statusCode, back.body).toBe(200);
    expect(await viewOf(anna!.visitToken)).toMatchObject({ status: 'waiting', position: 1, missedCalls: 0 });
    expect(await viewOf(latecomer.visitToken)).toMatchObject({ position: 2 });
    await socket.next('queues.state', (m) => setAsideOf(m).length === 0);
    expect((await audited(tenant.tenantId, 'visit.not_appeared')).length).toBe(2);
    expect((await audited(tenant.tenantId, 'visit.missed')).length).toBe(1);
    expect((await audited(tenant.tenantId, 'visit.put_back'))[0]?.details).toMatchObject({
      from: 'missed',
      at: 'place',
    });
    socket.close();
  });

  it('puts a missed citizen back at the end of the line when the clerk says so', async () => {
    server.ctx.config.queue.recalls = 0;
    const { citizens, staff, office: o } = await office('ans-ende', ['Anna', 'Ben', 'Cem']);
    at(0);
    const call = await staff('POST', `/offices/${o.id}/call-next`);
    await staff('POST', `/consultations/${call.json().consultationId}/not-appeared`);
    expect(await viewOf(citizens[0]!.visitToken)).toMatchObject({ status: 'missed' });
    expect(await viewOf(citizens[2]!.visitToken)).toMatchObject({ position: 2 });
    await staff('POST', `/visits/${citizens[0]!.visitId}/put-back`, { at: 'end' });
    expect(await viewOf(citizens[0]!.visitToken)).toMatchObject({ status: 'waiting', position: 3 });
    // Only a missed or parked citizen can be put back; bad input is a clear 400.
    expect((await staff('POST', `/visits/${citizens[1]!.visitId}/put-back`, { at: 'end' })).statusCode).toBe(
      409,
    );
    const bad = await staff('POST', `/visits/${citizens[1]!.visitId}/put-back`, { at: 'front' });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
  });

  it('sends a citizen back for a moment with a note: first in line, passed over by colleagues, called back by the clerk', async () => {
    const { tenant, office: o, citizens, staff } = await office('kurz-warten', ['Anna', 'Ben']);
    const [anna, ben] = citizens;
    const colleague = await agentFor(server, tenant, [o.id]);
    const asColleague = (url: string) =>
      server.app.inject({
        method: 'POST',
        url: `/api/staff${url}`,
        headers: { cookie: colleague.cookie },
        payload: {},
      });
    at(0);
    const call = await staff('POST', `/offices/${o.id}/call-next`);
    const sent = await staff('POST', `/consultations/${call.json().consultationId}/send-back`, {
      note: 'Ich frage kurz beim Standesamt nach.',
    });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(await viewOf(anna!.visitToken)).toMatchObject({
      status: 'waiting',
      position: 1,
      held: true,
      clerkNote: 'Ich frage kurz beim Standesamt nach.',
      consultationId: null,
    });
    // A colleague's call-next passes over her: she waits for her own clerk.
    const other = await asColleague(`/offices/${o.id}/call-next`);
    expect(other.json().visitId).toBe(ben!.visitId);
    const again = await staff('POST', `/offices/${o.id}/call-next`);
    expect(again.json().visitId).toBe(anna!.visitId);
    expect(await viewOf(anna!.visitToken)).toMatchObject({
      status: 'in_consultation',
      held: false,
      clerkNote: null,
    });
    const [ended] = await server.ctx.db.query<{ reason: string }>(
      'SELECT end_reason AS reason FROM consultations WHERE id = $1',
      [call.json().consultationId],
    );
    expect(ended?.reason).toBe('sent_back');
    expect((await audited(tenant.tenantId, 'visit.sent_back')).length).toBe(1);
    // Only the clerk in the call can send back; a note longer than 500 characters is refused.
    expect((await asColleague(`/consultations/${again.json().consultationId}/send-back`)).statusCode).toBe(
      404,
    );
    const long = await staff('POST', `/consultations/${again.json().consultationId}/send-back`, {
      note: 'x'.repeat(501),
    });
    expect(long.statusCode).toBe(400);
  });

  it('parks a case out of the line, lists it for the office, and a colleague calls it back', async () => {
    const { tenant, office: o, agent, citizens, staff } = await office('parken', ['Anna']);
    const colleague = await agentFor(server, tenant, [o.id]);
    const watching = await staffSocket(colleague.cookie);
    at(0);
    const call = await staff('POST', `/offices/${o.id}/call-next`);
    await staff('POST', `/consultations/${call.json().consultationId}/park`, {
      note: 'Unterlagen kommen per Post',
    });
    expect(await viewOf(citizens[0]!.visitToken)).toMatchObject({
      status: 'parked',
      position: null,
      clerkNote: 'Unterlagen kommen per Post',
    });
    const listed = await watching.next('queues.state', (m) => setAsideOf(m).length === 1);
    expect(setAsideOf(listed)[0]).toMatchObject({
      visitId: citizens[0]!.visitId,
      status: 'parked',
      clerkNote: 'Unterlagen kommen per Post',
    });
    expect((await staff('POST', `/offices/${o.id}/call-next`)).statusCode).toBe(409);
    const resumed = await server.app.inject({
      method: 'POST',
      url: `/api/staff/visits/${citizens[0]!.visitId}/call`,
      headers: { cookie: colleague.cookie },
    });
    expect(resumed.statusCode, resumed.body).toBe(200);
    expect(await viewOf(citizens[0]!.visitToken)).toMatchObject({ status: 'in_consultation' });
    expect(agent.id).not.toBe(colleague.id);
    watching.close();
  });

  it('raises a waiting citizen’s priority by half an hour with a reason, which stays out of the audit trail', async () => {
    const { tenant, office: o, citizens, staff } = await office('vorrang', ['Anna', 'Ben', 'Cem', 'Dora']);
    at(0);
    // Cem came 58 minutes before nine, Anna 60: raised by 30 minutes he goes ahead of both.
    const raised = await staff('PUT', `/visits/${citizens[2]!.visitId}/priority`, {
      priority: 'raised',
      reason: 'Rollstuhl, Aufzug defekt',
    });
    expect(raised.statusCode, raised.body).toBe(200);
    expect(await viewOf(citizens[2]!.visitToken)).toMatchObject({ position: 1 });
    const details = (await audited(tenant.tenantId, 'visit.priority'))[0]?.details;
    expect(details).toMatchObject({ priority: 'raised' });
    expect(JSON.stringify(details)).not.toContain('Rollstuhl');
    expect((await staff('POST', `/offices/${o.id}/call-next`)).json().visitId).toBe(citizens[2]!.visitId);

    const noReason = await staff('PUT', `/visits/${citizens[3]!.visitId}/priority`, { priority: 'raised' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.headers['content-type']).toContain('application/problem+json');
    await staff('PUT', `/visits/${citizens[3]!.visitId}/priority`, { priority: 'normal' });
    expect(await viewOf(citizens[3]!.visitToken)).toMatchObject({ position: 3 });
    // Another authority's clerk cannot touch it.
    const stranger = await office('fremd', []);
    expect(
      (await stranger.staff('PUT', `/visits/${citizens[3]!.visitId}/priority`, { priority: 'normal' }))
        .statusCode,
    ).toBe(404);
  });

  it('ends parked and missed visits of an earlier day (in the authority’s zone) at the next sweep', async () => {
    const { office: o, citizens, staff } = await office('tagesende', ['Anna', 'Ben']);
    at(0);
    for (const _ of citizens) {
      const call = await staff('POST', `/offices/${o.id}/call-next`);
      await staff('POST', `/consultations/${call.json().consultationId}/park`, {});
    }
    // Anna was parked just before midnight in Berlin (22:59 UTC in winter), Ben just after it.
    const setAsideAt = (visitId: string, at: string) =>
      server.ctx.db.query(
        `UPDATE visits SET set_aside_at = date_trunc('day', now() AT TIME ZONE 'Europe/Berlin')
           AT TIME ZONE 'Europe/Berlin' + $2::interval WHERE id = $1`,
        [visitId, at],
      );
    await setAsideAt(citizens[0]!.visitId, '-1 minute');
    await setAsideAt(citizens[1]!.visitId, '1 minute');
    await runDisconnectSweep(server);
    expect(await viewOf(citizens[0]!.visitToken)).toMatchObject({ status: 'left', leftReason: 'day_ended' });
    expect(await viewOf(citizens[1]!.visitToken)).toMatchObject({ status: 'parked' });
  });
});
