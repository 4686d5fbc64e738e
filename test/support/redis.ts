import { createRedisBus } from '../../src/server/realtime/bus-redis';

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether the Redis of this machine answers; its tests are skipped where it does not. */
export const redisReachable = () =>
  createRedisBus(REDIS_URL).then(
    async (bus) => {
      await bus.close();
      return true;
    },
    () => false,
  );
