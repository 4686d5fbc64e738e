import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staffRepository } from '../../src/server/modules/admin/staff';
import { channels } from '../../src/server/realtime/bus';
import { sessionCookieFrom } from '../support/cookies';
import { postgresReachable } from '../support/db';
import { describeEachDb } from '../support/each-db';
import { connectSocket, type TestSocket } from '../support/realtime';
import { REDIS_URL, redisReachable } from '../support/redis';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../support/server';
import { type SecondProcess, startTwoProcesses } from '../support/two-processes';
import { enter, openOffice } from './visits-fixtures';

/** The server closes sockets after answering: their close is polled for, never timed. */
const POLL = { timeout: 8000, interval: 25 };

/** A staff tab: hello said, ready received; `code` is the close code once the server closed it. */
async function staffTab(baseUrl: string, cookie: string, origin = baseUrl) {
  const socket = await connectSocket(baseUrl, { cookie, origin });
  const tab = { socket, code: undefined as number | undefined };
  void socket.closed.then((code) => {
    tab.code = code;
  });
  socket.send({ type: 'hello', as: 'staff' });
  await socket.next('ready');
  return tab;
}

/** Whether any queue push this socket received names the citizen. */
const sawName = (socket: TestSocket, name: string) =>
  socket.messages.some(
    (m) => m.type === 'queues.state' && m.offices.some((o) => o.waiting.some((w) => w.displayName === name)),
  );

/** Another session of the same staff member, e.g. a second device. */
async function signInAgain(server: TestServer, who: { email: string; password: string }) {
  const response = await server.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: who.email, password: who.password },
  });
  expect(response.statusCode).toBe(204);
  return sessionCookieFrom(server, response.headers['set-cookie']);
}

describeEachDb('a staff socket ends with its session', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { listen: true });
  });
  afterAll(() => server.close());

  /** One office, the agent under test with two sessions, a colleague and an admin, all serving it. */
  async function scene(slug: string) {
    const tenant: TestTenant = await createTestTenant(server);
    const office = await openOffice(server, tenant, slug);
    const agent = await tenant.staff('agent', { officeIds: [office.id], displayName: 'Agentin' });
    const colleague = await tenant.staff('agent', { officeIds: [office.id], displayName: 'Kollege' });
    const admin = await tenant.staff('admin');
    const secondCookie = await signInAgain(server, agent);
    const tabs = {
      first: await staffTab(server.baseUrl, agent.cookie),
      second: await staffTab(server.baseUrl, secondCookie),
      colleague: await staffTab(server.baseUrl, colleague.cookie),
    };
    /**
     * A citizen enters right after the request that ended the session: the colleague sees them, the
     * ended tabs never (they were closed before that request answered).
     */
    const citizenEnters = async (name: string) => {
      await enter(server, tenant.slug, slug, name);
      await tabs.colleague.socket.next('queues.state', (m) =>
        m.offices.some((o) => o.waiting.some((w) => w.displayName === name)),
      );
      expect(tabs.colleague.code).toBeUndefined();
    };
    const adminUpdate = async (changes: { active?: boolean; password?: string }) => {
      const current = (await staffRepository(server.ctx).get(tenant.tenantId, agent.id))!;
      const { id: _id, ...body } = current;
      return server.app.inject({
        method: 'PUT',
        url: `/api/admin/staff/${agent.id}`,
        headers: { cookie: admin.cookie },
        payload: { ...body, email: agent.email, ...changes },
      });
    };
    return { tenant, office, agent, admin, secondCookie, tabs, citizenEnters, adminUpdate };
  }

  it('closes the socket of the signed-out session at once; the other session and a colleague stay', async () => {
    const { agent, tabs, citizenEnters } = await scene('abmelden');
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: agent.cookie },
    });
    expect(response.statusCode).toBe(204);
    await citizenEnters('Zora');
    await expect.poll(() => tabs.first.code, POLL).toBe(1008);
    expect(sawName(tabs.first.socket, 'Zora')).toBe(false);
    // Signing out ends one session: the agent's other device keeps its socket and sees the queue.
    await tabs.second.socket.next('queues.state', (m) =>
      m.offices.some((o) => o.waiting.some((w) => w.displayName === 'Zora')),
    );
    expect(tabs.second.code).toBeUndefined();
    tabs.second.socket.close();
    tabs.colleague.socket.close();
  });

  it('closes every socket of a staff member whose account an admin disables', async () => {
    const { tabs, citizenEnters, adminUpdate } = await scene('deaktivieren');
    const response = await adminUpdate({ active: false });
    expect(response.statusCode, response.body).toBe(200);
    await citizenEnters('Yusuf');
    await expect.poll(() => [tabs.first.code, tabs.second.code], POLL).toEqual([1008, 1008]);
    expect(sawName(tabs.first.socket, 'Yusuf') || sawName(tabs.second.socket, 'Yusuf')).toBe(false);
    tabs.colleague.socket.close();
  });

  it('closes every socket of a staff member whose password an admin changes', async () => {
    const { tabs, citizenEnters, adminUpdate } = await scene('passwort');
    const response = await adminUpdate({ password: 'ein-ganz-neues-passwort' });
    expect(response.statusCode, response.body).toBe(200);
    await citizenEnters('Xenia');
    await expect.poll(() => [tabs.first.code, tabs.second.code], POLL).toEqual([1008, 1008]);
    expect(sawName(tabs.first.socket, 'Xenia') || sawName(tabs.second.socket, 'Xenia')).toBe(false);
    tabs.colleague.socket.close();
  });

  it('closes every socket of a staff member whose sessions an admin ends', async () => {
    const { agent, admin, tabs, citizenEnters } = await scene('sitzungen');
    const response = await server.app.inject({
      method: 'DELETE',
      url: `/api/admin/staff/${agent.id}/sessions`,
      headers: { cookie: admin.cookie },
    });
    expect(response.statusCode, response.body).toBe(204);
    await citizenEnters('Wanda');
    await expect.poll(() => [tabs.first.code, tabs.second.code], POLL).toEqual([1008, 1008]);
    expect(sawName(tabs.first.socket, 'Wanda') || sawName(tabs.second.socket, 'Wanda')).toBe(false);
    tabs.colleague.socket.close();
  });

  it('closes every socket of a staff member an admin deletes', async () => {
    const { agent, admin, tabs, citizenEnters } = await scene('loeschen');
    const response = await server.app.inject({
      method: 'DELETE',
      url: `/api/admin/staff/${agent.id}`,
      headers: { cookie: admin.cookie },
    });
    expect(response.statusCode, response.body).toBe(204);
    await citizenEnters('Vera');
    await expect.poll(() => [tabs.first.code, tabs.second.code], POLL).toEqual([1008, 1008]);
    expect(sawName(tabs.first.socket, 'Vera') || sawName(tabs.second.socket, 'Vera')).toBe(false);
    tabs.colleague.socket.close();
  });

  it('closes the socket when the session reaches its absolute end, without any ping from the client', async () => {
    const tenant = await createTestTenant(server);
    const office = await openOffice(server, tenant, 'ablauf');
    const agent = await tenant.staff('agent', { officeIds: [office.id] });
    // The session began so long ago that it ends a few seconds from now (by the database's clock).
    await server.ctx.db.query(
      `UPDATE staff_sessions
          SET created_at = now() - make_interval(secs => ($2::double precision - 3000) / 1000)
        WHERE staff_id = $1`,
      [agent.id, server.ctx.config.sessionMaxMs],
    );
    const tab = await staffTab(server.baseUrl, agent.cookie);
    await expect.poll(() => tab.code, POLL).toBe(1008);
  });

  it('closes the socket when the session idles out while the client stays silent', async () => {
    const tenant = await createTestTenant(server);
    const office = await openOffice(server, tenant, 'leerlauf');
    const agent = await tenant.staff('agent', { officeIds: [office.id] });
    const idleMs = server.ctx.config.sessionIdleMs;
    server.ctx.config.sessionIdleMs = 3000;
    try {
      const tab = await staffTab(server.baseUrl, agent.cookie);
      await expect.poll(() => tab.code, POLL).toBe(1008);
    } finally {
      server.ctx.config.sessionIdleMs = idleMs;
    }
  });
});

const redisUp = await redisReachable();
const postgresUp = await postgresReachable();

/** A sign-out on one process closes the tab's socket held by another (same PostgreSQL, Redis between). */
describe.skipIf(!redisUp || !postgresUp)('a staff socket on another server process', () => {
  let first: TestServer;
  let second: SecondProcess;
  let close: () => Promise<void>;
  let redis: Redis;
  beforeAll(async () => {
    ({ first, second, close } = await startTwoProcesses());
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    redis.disconnect();
    await close();
  });

  it('closes it when the session is signed out on the first process', async () => {
    const tenant = await createTestTenant(first);
    const office = await openOffice(first, tenant, 'verteilt');
    const agent = await tenant.staff('agent', { officeIds: [office.id] });
    const tab = await staffTab(second.baseUrl, agent.cookie, first.baseUrl);
    // Redis SUBSCRIBE completes after hello: wait until Redis counts the second process's subscriber.
    await expect
      .poll(async () => {
        const counts = (await redis.pubsub('NUMSUB', `amtsraum:${channels.staffSessions(agent.id)}`)) as [
          string,
          number,
        ];
        return Number(counts[1]);
      }, POLL)
      .toBe(1);
    const response = await first.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: agent.cookie },
    });
    expect(response.statusCode).toBe(204);
    await expect.poll(() => tab.code, POLL).toBe(1008);
  });
});
