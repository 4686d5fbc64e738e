import type { Redis } from 'ioredis';

/** How long a socket counts in Redis without being refreshed: a crashed process's sockets fall away after it. */
export const SOCKET_CLAIM_TTL_MS = 60_000;

/** Open sockets per client, counted on every process; each claim names one socket. */
export interface SocketCap {
  /** Counts the socket for the client unless the client already holds `max`; whether it was counted. */
  claim(client: string, socketId: string): Promise<boolean>;
  /** The socket closed (idempotent). */
  release(client: string, socketId: string): void;
  close(): void;
}

/** The Redis key of a client's open sockets: a sorted set of socket ids scored by when their claim lapses. */
export const socketSetKey = (client: string) => `amtsraum:sockets:${client}`;

/** Drops lapsed claims, then adds this one if there is room; Redis's clock, so process clocks may differ. */
const CLAIM = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1`;

/** Extends a live socket's claim (and puts it back if it lapsed during a stall: the socket is open). */
const REFRESH = `
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

/** This process's sockets only: enough for a single process, where a crash ends every socket anyway. */
export function createMemorySocketCap(max: number): SocketCap {
  const open = new Map<string, Set<string>>();
  return {
    async claim(client, socketId) {
      const sockets = open.get(client) ?? new Set();
      if (sockets.size >= max) return false;
      open.set(client, sockets.add(socketId));
      return true;
    },
    release(client, socketId) {
      const sockets = open.get(client);
      if (!sockets?.delete(socketId) || sockets.size > 0) return;
      open.delete(client);
    },
    close() {
      open.clear();
    },
  };
}

/**
 * Shared by all processes: each keeps its own sockets' claims alive by a heartbeat, so the claims of a
 * process that died lapse within SOCKET_CLAIM_TTL_MS instead of holding the client's places for ever.
 * When Redis fails, sockets are admitted (`onError` says so): a broken counter must not lock citizens out.
 */
export function createRedisSocketCap(
  redis: Redis,
  max: number,
  onError: (error: unknown) => void,
  ttlMs = SOCKET_CLAIM_TTL_MS,
): SocketCap {
  /** This process's claims: socket id → client. */
  const mine = new Map<string, string>();
  const timer = setInterval(() => {
    if (mine.size === 0) return;
    const batch = redis.pipeline();
    for (const [socketId, client] of mine) batch.eval(REFRESH, 1, socketSetKey(client), socketId, ttlMs);
    batch.exec().catch(onError);
  }, ttlMs / 3);
  timer.unref();
  return {
    async claim(client, socketId) {
      try {
        if (!(await redis.eval(CLAIM, 1, socketSetKey(client), socketId, max, ttlMs))) return false;
      } catch (error) {
        onError(error);
      }
      mine.set(socketId, client);
      return true;
    },
    release(client, socketId) {
      if (!mine.delete(socketId)) return;
      redis.zrem(socketSetKey(client), socketId).catch(onError);
    },
    close() {
      clearInterval(timer);
      mine.clear();
    },
  };
}
