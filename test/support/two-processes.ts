import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/server/app';
import type { EventBus } from '../../src/server/realtime/bus';
import { createRedisBus } from '../../src/server/realtime/bus-redis';
import { REDIS_URL } from './redis';
import { startTestServer, type TestServer } from './server';

export interface SecondProcess {
  app: FastifyInstance;
  bus: EventBus;
  baseUrl: string;
}

/**
 * Two server processes behind one load balancer: the same PostgreSQL database, Redis between them;
 * the second follows the first's app clock and has its configuration (`env` as in startTestServer).
 */
export async function startTwoProcesses(options: { env?: Record<string, string> } = {}): Promise<{
  first: TestServer;
  second: SecondProcess;
  close(): Promise<void>;
}> {
  const firstBus = await createRedisBus(REDIS_URL);
  const first = await startTestServer('postgres', { listen: true, bus: firstBus, ...options });
  const bus = await createRedisBus(REDIS_URL);
  const { app, ctx } = await buildApp(first.ctx.config, first.ctx.db, bus);
  ctx.clock = () => first.ctx.clock();
  const baseUrl = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    first,
    second: { app, bus, baseUrl },
    async close() {
      await app.close();
      await bus.close();
      await first.close();
      await firstBus.close();
    },
  };
}
