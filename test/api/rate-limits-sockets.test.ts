import { afterAll, beforeAll, expect, it } from 'vitest';
import { CLOSE_RATE_LIMITED } from '../../src/shared/socket-limits';
import { describeEachDb } from '../support/each-db';
import { connectSocket, type TestSocket } from '../support/realtime';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../support/server';
import { enterFrom, RATE_LIMIT_ENV, upgradeAnswer } from './rate-limits-fixtures';
import { agentFor, openOffice } from './visits-fixtures';

/** The socket of a tab behind the (trusted, loopback) proxy, which names the tab's address. */
const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });

describeEachDb('rate limits of the WebSocket', (kind) => {
  let server: TestServer;
  let tenant: TestTenant;
  const sockets: TestSocket[] = [];
  const connect = async (...args: Parameters<typeof connectSocket>) => {
    const socket = await connectSocket(...args);
    sockets.push(socket);
    return socket;
  };
  beforeAll(async () => {
    server = await startTestServer(kind, { listen: true, env: RATE_LIMIT_ENV });
    tenant = await createTestTenant(server);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server.close();
  });

  it('refuses the upgrade of a fourth citizen socket from one address with 429 problem+json, frees a place when one closes', async () => {
    const address = '203.0.113.20';
    const open = [];
    for (let i = 0; i < 3; i++) open.push(await connect(server.baseUrl, from(address)));
    await expect(connect(server.baseUrl, from(address))).rejects.toThrow('upgrade refused: 429');
    const refused = await upgradeAnswer(server.baseUrl, { 'x-forwarded-for': address });
    expect(refused.status).toBe(429);
    expect(refused.type).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(refused.body)).toMatchObject({
      status: 429,
      reason: 'rate-limit',
      limit: 'sockets',
      retryAfterSeconds: Number(refused.retryAfter),
    });
    // Another address is not affected.
    await connect(server.baseUrl, from('203.0.113.21'));
    open[0]!.close();
    await open[0]!.closed;
    await expect
      .poll(
        async () => await upgradeAnswer(server.baseUrl, { 'x-forwarded-for': address }).catch(() => 'open'),
      )
      .toBe('open');
  });

  it("does not count staff sockets: a whole authority's staff may share one address", async () => {
    const address = '203.0.113.22';
    const agent = await agentFor(server, tenant, []);
    for (let i = 0; i < 3; i++) await connect(server.baseUrl, from(address));
    for (let i = 0; i < 4; i++) {
      const staff = await connect(server.baseUrl, { cookie: agent.cookie, ...from(address) });
      staff.send({ type: 'hello', as: 'staff' });
      await staff.next('ready');
    }
    // A cookie that proves nothing counts as a citizen's socket.
    await expect(
      connect(server.baseUrl, { cookie: 'amtsraum-staff=forged', ...from(address) }),
    ).rejects.toThrow('upgrade refused: 429');
  });

  it('answers the third hello a minute from one address by closing with 4029 and the wait', async () => {
    await openOffice(server, tenant, 'hallo');
    const visits = [];
    for (const address of ['198.51.100.51', '198.51.100.52', '198.51.100.53']) {
      visits.push((await enterFrom(server.app, address, tenant.slug, 'hallo')).json().visitToken as string);
    }
    const address = '203.0.113.30';
    const hello = async (visitToken: string) => {
      const socket = await connect(server.baseUrl, from(address));
      socket.send({ type: 'hello', as: 'citizen', visitToken });
      return socket;
    };
    await (await hello(visits[0]!)).next('ready');
    await (await hello(visits[1]!)).next('ready');
    const third = await hello(visits[2]!);
    expect((await third.next('error')).code).toBe('rate-limited');
    expect(await third.closed).toBe(CLOSE_RATE_LIMITED);
    // The same citizen's tab from another address is let in.
    const elsewhere = await connect(server.baseUrl, from('203.0.113.31'));
    elsewhere.send({ type: 'hello', as: 'citizen', visitToken: visits[2]! });
    await elsewhere.next('ready');
  });
});
