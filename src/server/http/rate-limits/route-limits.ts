import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { EMBED_PAGE_PATH } from '../../../shared/embed';
import type { LimitName, RateLimiter } from './limiter';
import { sendTooMany } from './too-many';

/** The stricter limits of single public routes, checked after the general one, in this order. */
const NAMED_LIMITS: Record<string, LimitName[]> = {
  // Per address first: one client over its own limit must not use up the office's share of everyone.
  'POST /api/public/tenants/:tenantSlug/offices/:officeSlug/visits': ['visit-entry', 'office-entries'],
  'POST /api/public/tenants/:tenantSlug/services/:serviceId/appointments': ['booking'],
  'POST /api/public/appointment/join': ['join'],
  'POST /api/public/invitation/join': ['join'],
  'POST /api/public/guests/join': ['join'],
  // A seat in an event's audience: one per page, like redeeming a link.
  'POST /api/public/tenants/:tenantSlug/events/:eventId/audience': ['join'],
  // A question from an event's audience: per address like a seat, on top of each seat's own limit.
  'POST /api/public/tenants/:tenantSlug/events/:eventId/questions': ['join'],
  'POST /api/auth/login': ['sign-in'],
  'POST /api/auth/login/second-factor': ['sign-in'],
  'POST /api/auth/login/passkey': ['sign-in'],
  // Each start stores a pending sign-in and makes the server ask the identity provider.
  'GET /api/auth/oidc/:tenantSlug/start': ['sign-in'],
  'GET /api/auth/oidc/callback': ['sign-in'],
};

export interface RouteLimits {
  limits: LimitName[];
  /** Applies to the requests this accepts only; absent: to all. */
  when?: (request: FastifyRequest) => boolean;
}

/**
 * Which limits a route's requests pass: everything a citizen, guest or stranger can call without a
 * staff session. Not limited: staff and admin routes (a session is needed, and a whole authority may
 * sign in from one address), /api/v1 (API keys of case systems), static files, health probes and the
 * socket route (the gateway limits sockets itself; a limit here would answer upgrades with 429 too).
 */
export function limitsOfRoute(method: string, url: string): RouteLimits | undefined {
  const named = NAMED_LIMITS[`${method} ${url}`] ?? [];
  if (named.length > 0 || url.startsWith('/api/public/') || url === `/:tenantSlug/${EMBED_PAGE_PATH}`) {
    return { limits: ['public', ...named] };
  }
  // Citizens and guests send their token as a Bearer header; staff come with their session cookie.
  if (url.startsWith('/api/consultations/')) {
    return { limits: ['public'], when: (request) => request.headers.authorization !== undefined };
  }
  return undefined;
}

function enforce(limiter: RateLimiter, { limits, when }: RouteLimits): onRequestHookHandler {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (when && !when(request)) return;
    for (const limit of limits) {
      const refusal = await limiter.take(limit, request);
      if (refusal) return sendTooMany(reply, refusal);
    }
  };
}

/**
 * Puts the limits in front of every route registered after this (onRequest: before the body is read
 * and before the proof of work is checked). A named route that never turns up is a typo or a renamed
 * route and stops the start, so that no limit silently falls away.
 */
export function limitRoutes(app: FastifyInstance, limiter: RateLimiter) {
  const unseen = new Set(Object.keys(NAMED_LIMITS));
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      const found = limitsOfRoute(method, route.url);
      if (!found) continue;
      unseen.delete(`${method} ${route.url}`);
      route.onRequest = [...[route.onRequest ?? []].flat(), enforce(limiter, found)];
      return; // a GET and its HEAD share one route (and so one count)
    }
  });
  app.addHook('onReady', async () => {
    if (unseen.size > 0)
      throw new Error(`rate limits name routes that do not exist: ${[...unseen].join(', ')}`);
  });
}
