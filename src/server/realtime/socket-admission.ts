import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { AppContext } from '../context';
import type { RateLimiter, Refusal } from '../http/rate-limits/limiter';
import { staffCookie } from '../modules/auth/cookie';
import { createMemorySocketCap, createRedisSocketCap } from './socket-cap';

/** A refused upgrade's Retry-After: nobody knows when one of the address's sockets will close. */
const SOCKET_RETRY_AFTER_SECONDS = 30;

/**
 * Which upgrades to /api/ws are let in. Staff, proven by a live session cookie, always: a whole
 * authority's staff may come from one NAT address. Everyone else (citizens, guests, strangers) while
 * their address holds fewer open sockets than RATE_LIMIT_SOCKETS_PER_ADDRESS, on all processes together.
 */
export function createSocketAdmission(ctx: AppContext, limiter: RateLimiter, log: FastifyBaseLogger) {
  const max = ctx.config.rateLimits.socketsPerAddress;
  const cap = limiter.redis
    ? createRedisSocketCap(limiter.redis, max, (error) =>
        log.warn({ err: error }, 'socket count (Redis) failed: sockets are let in uncounted'),
      )
    : createMemorySocketCap(max);
  const cookie = staffCookie(ctx.config);
  const staffUpgrades = new WeakSet<FastifyRequest>();

  return {
    /** Before the upgrade: undefined lets it in (counted until its connection closes), else why not. */
    async admit(request: FastifyRequest): Promise<Refusal | undefined> {
      const token = request.cookies[cookie.name];
      if (token && (await ctx.sessions.resolve(token))) {
        staffUpgrades.add(request);
        return undefined;
      }
      const client = limiter.clientOf(request);
      const socketId = randomUUID();
      if (!(await cap.claim(client, socketId))) {
        return { limit: 'sockets', scope: 'address', retryAfterSeconds: SOCKET_RETRY_AFTER_SECONDS };
      }
      // The TCP connection, not the WebSocket: it also ends when the handshake never completes.
      const connection = request.raw.socket;
      if (connection.destroyed) cap.release(client, socketId);
      else connection.once('close', () => cap.release(client, socketId));
      return undefined;
    },

    /**
     * For the socket of this upgrade: counts its hello against its address's limit and gives the seconds
     * to wait when over it; undefined for staff sockets, which are not limited.
     */
    helloWait(request: FastifyRequest): (() => Promise<number | undefined>) | undefined {
      if (staffUpgrades.has(request)) return undefined;
      return async () => (await limiter.take('hello', request))?.retryAfterSeconds;
    },

    close: () => cap.close(),
  };
}
