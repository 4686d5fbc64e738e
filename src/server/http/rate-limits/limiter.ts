import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Redis } from 'ioredis';
import type { Config } from '../../config';
import type { ClientKeys } from '../../security/client-keys';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The named limits; see README "Rate limits" for what each guards. */
export type LimitName =
  | 'public'
  | 'visit-entry'
  | 'office-entries'
  | 'booking'
  | 'join'
  | 'sign-in'
  | 'hello';

/** Whose requests a limit counts: one client address (IPv6: its /64), or one office from everyone. */
export type LimitScope = 'address' | 'office';

/** A request over a limit: which one ('sockets': the open sockets of an address), whose, how long to wait. */
export interface Refusal {
  limit: LimitName | 'sockets';
  scope: LimitScope;
  retryAfterSeconds: number;
}

export interface RateLimiter {
  /** Counts the request against the limit; a Refusal when it is one too many. */
  take(limit: LimitName, request: FastifyRequest): Promise<Refusal | undefined>;
  /** The client as limits count it: a keyed hash of its address (IPv6: the /64), so no store holds addresses. */
  clientOf(request: FastifyRequest): string;
  /** Where counts are shared between processes (REDIS_URL); undefined: in this process's memory. */
  redis: Redis | undefined;
}

interface LimitSpec {
  scope: LimitScope;
  max: number;
  windowMs: number;
}

function specs(limits: Config['rateLimits']): Record<LimitName, LimitSpec> {
  return {
    public: { scope: 'address', max: limits.publicPerMinute, windowMs: MINUTE },
    'visit-entry': { scope: 'address', max: limits.entriesPerMinute, windowMs: MINUTE },
    'office-entries': { scope: 'office', max: limits.officeEntriesPerMinute, windowMs: MINUTE },
    booking: { scope: 'address', max: limits.bookingsPerHour, windowMs: HOUR },
    join: { scope: 'address', max: limits.joinsPerMinute, windowMs: MINUTE },
    'sign-in': { scope: 'address', max: limits.signInsPerMinute, windowMs: MINUTE },
    hello: { scope: 'address', max: limits.hellosPerMinute, windowMs: MINUTE },
  };
}

/** The office of a walk-in route's path; the limit is registered only on routes that have both. */
type Check = ReturnType<FastifyInstance['createRateLimit']>;

function officeOf(request: FastifyRequest) {
  const { tenantSlug, officeSlug } = request.params as { tenantSlug: string; officeSlug: string };
  return `${tenantSlug}/${officeSlug}`;
}

/**
 * Fixed-window counters of @fastify/rate-limit, in Redis when REDIS_URL is set (so every process counts
 * into the same window), else in memory. Used through createRateLimit rather than its route hook, which
 * runs only the first limit of a route: a walk-in entry passes three (public, visit-entry, office-entries).
 * Each limit is a registration of its own, in a scope of its own, so that its Redis keys carry its name.
 */
export async function createRateLimiter(
  app: FastifyInstance,
  config: Config,
  clientKeys: ClientKeys,
): Promise<RateLimiter> {
  // Short timeouts: while Redis is unreachable requests go through unlimited rather than wait (skipOnError).
  const redis = config.redisUrl
    ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 1_000 })
    : undefined;
  if (redis) {
    redis.on('error', (error) => app.log.warn({ err: error }, 'rate limit store (Redis) unreachable'));
    // quit, not disconnect: the releases of the sockets that closed just before are still on their way.
    app.addHook('onClose', async () => {
      await redis.quit().catch(() => redis.disconnect());
    });
  }
  const clientOf = (request: FastifyRequest) => clientKeys(request.ip);
  const checks = new Map<LimitName, { spec: LimitSpec; check: Check }>();
  for (const [limit, spec] of Object.entries(specs(config.rateLimits)) as [LimitName, LimitSpec][]) {
    await app.register(async (scope) => {
      await scope.register(rateLimit, {
        global: false,
        max: spec.max,
        timeWindow: spec.windowMs,
        keyGenerator: spec.scope === 'office' ? officeOf : clientOf,
        skipOnError: true,
        ...(redis ? { redis, nameSpace: `amtsraum:rate-limit:${limit}:` } : {}),
      });
      checks.set(limit, { spec, check: scope.createRateLimit() });
    });
  }
  return {
    clientOf,
    redis,
    async take(limit, request) {
      const { spec, check } = checks.get(limit)!;
      const result = await check(request);
      if (result.isAllowed || !result.isExceeded) return undefined;
      return { limit, scope: spec.scope, retryAfterSeconds: Math.max(1, result.ttlInSeconds) };
    },
  };
}
