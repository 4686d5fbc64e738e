import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '../support/each-db';
import { connectSocket, type TestSocket } from '../support/realtime';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { agentFor, enter, openOffice } from './visits-fixtures';

/** How the server helps a call recover: rejoins are announced, and one tab per person holds the call. */
describeEachDb('call recovery and tabs over the WebSocket', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { listen: true });
  });
  afterAll(() => server.close());

  async function callScene(slug: string) {
    const tenant = await createTestTenant(server);
    const office = await openOffice(server, tenant, slug);
    const agent = await agentFor(server, tenant, [office.id]);
    const staffTab = async (extra: { activeConsultationId?: string; standby?: true } = {}) => {
      const socket = await connectSocket(server.baseUrl, { cookie: agent.cookie });
      socket.send({ type: 'hello', as: 'staff', ...extra });
      await socket.next('ready');
      return socket;
    };
    const first = await staffTab();
    const visit = await enter(server, tenant.slug, slug, 'Anna');
    const citizen = await connectSocket(server.baseUrl);
    citizen.send({ type: 'hello', as: 'citizen', visitToken: visit.visitToken });
    await citizen.next('visit.state');
    const called = await server.app.inject({
      method: 'POST',
      url: `/api/staff/offices/${office.id}/call-next`,
      headers: { cookie: agent.cookie },
    });
    expect(called.statusCode, called.body).toBe(200);
    const start = await first.next('call.start');
    await citizen.next('call.start');
    return { agent, visit, citizen, first, start, staffTab };
  }

  const offer = { description: { type: 'offer' as const, sdp: 'v=0 fake' } };
  const signalFrom = (socket: TestSocket, consultationId: string, to: string) =>
    socket.send({ type: 'signal', consultationId, to, data: offer });

  it('tells the others when a socket comes back holding the call, and renews both sides on call.rejoin', async () => {
    const { visit, citizen, first, start } = await callScene('rejoin');
    citizen.close();
    await citizen.closed;
    const back = await connectSocket(server.baseUrl);
    back.send({
      type: 'hello',
      as: 'citizen',
      visitToken: visit.visitToken,
      activeConsultationId: start.consultationId,
    });
    expect(await back.next('call.start')).toMatchObject({
      renew: false,
      consultationId: start.consultationId,
    });
    // The agent learns that whatever it sent meanwhile may be lost.
    expect(await first.next('call.peer-reconnected')).toEqual({
      type: 'call.peer-reconnected',
      consultationId: start.consultationId,
      peer: `citizen:${visit.visitId}`,
    });

    // Restarts did not help: the citizen asks for fresh connections on both sides.
    back.send({ type: 'call.rejoin', consultationId: start.consultationId });
    const renewed = await back.next('call.start');
    expect(renewed).toMatchObject({ renew: true, consultationId: start.consultationId });
    // Fresh TURN credentials and roles come with it; the agent replaces its connection to the citizen.
    expect(await first.next('call.peer-joined')).toMatchObject({
      consultationId: start.consultationId,
      peer: { id: `citizen:${visit.visitId}`, polite: false },
    });
    // Nobody may renew a call that is not theirs.
    back.send({ type: 'call.rejoin', consultationId: '00000000-0000-4000-8000-000000000000' });
    expect(await back.next('error')).toMatchObject({ code: 'not-in-call' });
    for (const socket of [first, back]) socket.close();
  });

  it('tells a tab that comes back holding a call which ended meanwhile that it ended', async () => {
    const { agent, first, start, staffTab } = await callScene('ended-away');
    first.close();
    await first.closed;
    const ended = await server.app.inject({
      method: 'POST',
      url: `/api/staff/consultations/${start.consultationId}/end`,
      headers: { cookie: agent.cookie },
    });
    expect(ended.statusCode, ended.body).toBeLessThan(300);
    const back = await staffTab({ activeConsultationId: start.consultationId });
    expect(await back.next('call.ended')).toEqual({
      type: 'call.ended',
      consultationId: start.consultationId,
    });
    back.close();
  });

  it('gives the call to the newest tab of an agent; the old tab is told and gets no more of its signals', async () => {
    const { citizen, first, start, staffTab } = await callScene('tabs');
    const second = await staffTab();
    // The new tab starts the call afresh; the citizen replaces its connection to the agent.
    expect(await second.next('call.start')).toMatchObject({
      consultationId: start.consultationId,
      renew: true,
    });
    expect(await first.next('call.taken-over')).toEqual({
      type: 'call.taken-over',
      consultationId: start.consultationId,
    });
    await citizen.next('call.peer-joined');

    // The citizen's answer reaches only the tab that holds the call.
    signalFrom(citizen, start.consultationId, start.self);
    await second.next('signal');
    // The old tab may no longer signal in this call either.
    signalFrom(first, start.consultationId, start.peer);
    expect(await first.next('error')).toMatchObject({ code: 'not-in-call' });
    expect(first.messages.filter((m) => m.type === 'signal')).toEqual([]);

    // A network blip of the old tab (standby hello) does not take the call back ...
    first.close();
    const blip = await staffTab({ standby: true });
    signalFrom(citizen, start.consultationId, start.self);
    await second.next('signal');
    // ... but its "take over here" button does.
    blip.send({ type: 'call.take-over' });
    expect(await blip.next('call.start')).toMatchObject({ renew: true });
    await second.next('call.taken-over');
    signalFrom(citizen, start.consultationId, start.self);
    await blip.next('signal');
    expect(second.messages.filter((m) => m.type === 'signal')).toEqual([]);

    // The holding tab closes: the other one holds the person's calls again.
    blip.close();
    await blip.closed;
    await expect
      .poll(async () => {
        signalFrom(citizen, start.consultationId, start.self);
        return second.messages.some((m) => m.type === 'signal');
      })
      .toBe(true);
    for (const socket of [second, citizen]) socket.close();
  });
});
