import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresReachable } from '../support/db';
import { citizenPost } from '../support/proof-of-work';
import { connectSocket } from '../support/realtime';
import { redisReachable } from '../support/redis';
import { createTestTenant, type TestServer } from '../support/server';
import { type SecondProcess, startTwoProcesses } from '../support/two-processes';
import { agentFor, enter, openOffice } from './visits-fixtures';

/** Effects the server writes after answering (e.g. a socket's close) are polled for this long. */
const POLL = { timeout: 5000, interval: 25 };

const redisUp = await redisReachable();
const postgresUp = await postgresReachable();

/** Two server processes behind one load balancer: same PostgreSQL, Redis between them. */
describe.skipIf(!redisUp || !postgresUp)('two server processes sharing PostgreSQL and Redis', () => {
  let first: TestServer;
  let second: SecondProcess;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ first, second, close } = await startTwoProcesses());
  });
  afterAll(() => close());

  it('shows a queue change made on one process to a citizen on the other, and relays the call across', async () => {
    const tenant = await createTestTenant(first);
    const office = await openOffice(first, tenant, 'verteilt');
    const agent = await agentFor(first, tenant, [office.id]);
    const anna = await enter(first, tenant.slug, 'verteilt', 'Anna');
    // The citizen's socket lands on the first process, the agent's on the second.
    const citizen = await connectSocket(first.baseUrl, { origin: first.baseUrl });
    citizen.send({ type: 'hello', as: 'citizen', visitToken: anna.visitToken });
    await citizen.next('visit.state', (m) => m.visit.position === 1);
    const staff = await connectSocket(second.baseUrl, { cookie: agent.cookie, origin: first.baseUrl });
    staff.send({ type: 'hello', as: 'staff' });
    await staff.next('ready');
    await new Promise((r) => setTimeout(r, 200)); // Redis SUBSCRIBE is asynchronous

    // A second citizen enters through the second process: the agent there sees the queue grow.
    await citizenPost(second.app, `/api/public/tenants/${tenant.slug}/offices/verteilt/visits`, {
      displayName: 'Ben',
    });
    await staff.next('queues.state', (m) => m.offices[0]?.waiting.length === 2);

    const called = await second.app.inject({
      method: 'POST',
      url: `/api/staff/offices/${office.id}/call-next`,
      headers: { cookie: agent.cookie },
    });
    expect(called.json().visitId).toBe(anna.visitId);
    const start = await citizen.next('call.start');
    const agentStart = await staff.next('call.start');
    citizen.send({
      type: 'signal',
      consultationId: start.consultationId,
      to: start.peer,
      data: { candidate: null },
    });
    expect((await staff.next('signal')).from).toBe(`citizen:${anna.visitId}`);
    staff.send({
      type: 'signal',
      consultationId: agentStart.consultationId,
      to: agentStart.peer,
      data: { candidate: null },
    });
    expect((await citizen.next('signal')).from).toBe(`agent:${agent.id}`);
    citizen.close();
    staff.close();
  });

  it('counts the tabs of a citizen on both processes: connected until the last one closes, wherever it was', async () => {
    const tenant = await createTestTenant(first);
    const office = await openOffice(first, tenant, 'zwei-prozesse');
    const agent = await agentFor(first, tenant, [office.id]);
    const cem = await enter(first, tenant.slug, 'zwei-prozesse', 'Cem');
    const staff = await connectSocket(first.baseUrl, { cookie: agent.cookie, origin: first.baseUrl });
    staff.send({ type: 'hello', as: 'staff' });
    await staff.next('ready');
    const tab = async (baseUrl: string) => {
      const socket = await connectSocket(baseUrl, { origin: first.baseUrl });
      socket.send({ type: 'hello', as: 'citizen', visitToken: cem.visitToken });
      await socket.next('visit.state');
      return socket;
    };
    const rows = () =>
      first.ctx.db.query<{ open: number }>(
        'SELECT open_sockets AS open FROM citizen_sockets WHERE visit_id = $1',
        [cem.visitId],
      );
    /** The agent's queue shows Cem connected, or disconnected. */
    const agentSees = (connected: boolean) =>
      staff.next('queues.state', (m) => {
        const entry = m.offices[0]?.waiting.find((w) => w.visitId === cem.visitId);
        return entry !== undefined && (entry.disconnectedAt === null) === connected;
      });
    const onFirst = await tab(first.baseUrl);
    const onSecond = await tab(second.baseUrl);
    await expect.poll(async () => (await rows()).length, POLL).toBe(2);

    onFirst.close(); // the tab on the first process closes: the second still holds one
    await expect.poll(async () => (await rows()).length, POLL).toBe(1);
    const [visit] = await first.ctx.db.query<{ disconnected: boolean }>(
      'SELECT disconnected_at IS NOT NULL AS disconnected FROM visits WHERE id = $1',
      [cem.visitId],
    );
    expect(visit?.disconnected).toBe(false);

    onSecond.close(); // the last one, on the other process: the agent on the first sees it
    await agentSees(false);
    const back = await tab(second.baseUrl);
    await agentSees(true);
    back.close();
    staff.close();
  });
});
