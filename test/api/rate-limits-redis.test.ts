import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLOSE_RATE_LIMITED } from '../../src/shared/socket-limits';
import { postgresReachable } from '../support/db';
import { connectSocket, type TestSocket } from '../support/realtime';
import { REDIS_URL, redisReachable } from '../support/redis';
import { createTestTenant, type TestServer, type TestTenant } from '../support/server';
import { type SecondProcess, startTwoProcesses } from '../support/two-processes';
import { enterFrom, expectTooMany, RATE_LIMIT_ENV } from './rate-limits-fixtures';
import { openOffice } from './visits-fixtures';

const redisUp = await redisReachable();
const postgresUp = await postgresReachable();

/** Behind one load balancer a client's requests land on either process: the limits must hold for both. */
describe.skipIf(!redisUp || !postgresUp)('rate limits shared by two server processes over Redis', () => {
  let first: TestServer;
  let second: SecondProcess;
  let tenant: TestTenant;
  let close: () => Promise<void>;
  const sockets: TestSocket[] = [];
  /** A tab whose socket the load balancer sent to one of the processes; the proxy names its address. */
  const connect = async (baseUrl: string, address: string) => {
    const socket = await connectSocket(baseUrl, {
      origin: first.baseUrl,
      headers: { 'x-forwarded-for': address },
    });
    sockets.push(socket);
    return socket;
  };
  beforeAll(async () => {
    ({ first, second, close } = await startTwoProcesses({ env: { ...RATE_LIMIT_ENV, REDIS_URL } }));
    tenant = await createTestTenant(first);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await close();
  });

  it("counts one address's entries on both processes together", async () => {
    await openOffice(first, tenant, 'verteilt');
    const enter = (app: typeof second.app, address: string) =>
      enterFrom(app, address, tenant.slug, 'verteilt');
    expect((await enter(first.app, '198.51.100.61')).statusCode).toBe(201);
    expect((await enter(second.app, '198.51.100.61')).statusCode).toBe(201);
    expectTooMany(await enter(first.app, '198.51.100.61'), { limit: 'visit-entry', scope: 'address' });
    expectTooMany(await enter(second.app, '198.51.100.61'), { limit: 'visit-entry', scope: 'address' });
    expect((await enter(second.app, '198.51.100.62')).statusCode).toBe(201);
    // The office's limit (4 a minute) is shared as well: the fourth entry was the last.
    expect((await enter(first.app, '198.51.100.63')).statusCode).toBe(201);
    expectTooMany(await enter(second.app, '198.51.100.64'), { limit: 'office-entries', scope: 'office' });
  });

  it("counts one address's open sockets on both processes together, and frees the place of a closed one", async () => {
    const address = '203.0.113.40';
    const onFirst = await connect(first.baseUrl, address);
    await connect(second.baseUrl, address);
    await connect(second.baseUrl, address);
    await expect(connect(first.baseUrl, address)).rejects.toThrow('upgrade refused: 429');
    await expect(connect(second.baseUrl, address)).rejects.toThrow('upgrade refused: 429');
    onFirst.close();
    await onFirst.closed;
    await expect
      .poll(() =>
        connect(second.baseUrl, address).then(
          () => 'open',
          (error: Error) => error.message,
        ),
      )
      .toBe('open');
  });

  it("counts one address's hellos on both processes together", async () => {
    await openOffice(first, tenant, 'hallo');
    const visits: string[] = [];
    for (const address of ['198.51.100.71', '198.51.100.72', '198.51.100.73']) {
      visits.push((await enterFrom(first.app, address, tenant.slug, 'hallo')).json().visitToken);
    }
    const hello = async (baseUrl: string, visitToken: string) => {
      const socket = await connect(baseUrl, '203.0.113.50');
      socket.send({ type: 'hello', as: 'citizen', visitToken });
      return socket;
    };
    await (await hello(first.baseUrl, visits[0]!)).next('ready');
    await (await hello(second.baseUrl, visits[1]!)).next('ready');
    const third = await hello(first.baseUrl, visits[2]!);
    expect((await third.next('error')).code).toBe('rate-limited');
    expect(await third.closed).toBe(CLOSE_RATE_LIMITED);
  });
});
