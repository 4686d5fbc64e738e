import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Config } from '../config';
import type { AppContext } from '../context';
import { sendProblem } from './problem';

/**
 * /metrics in Prometheus format: queue lengths, active calls, job backlog (read from the database at
 * scrape time, so every process reports the same truth), HTTP latency and process figures. Labels carry
 * ids and routes only, never personal data.
 *
 * Who may scrape: with METRICS_TOKEN set, whoever sends it as a bearer token (compared in constant time);
 * else, with METRICS_OPEN=true, anyone who reaches the port; else nobody (404). The peer's address proves
 * nothing: behind a reverse proxy on the same host every request comes from loopback.
 */
export function registerMetrics(app: FastifyInstance, ctx: AppContext) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'amtsraum_process_' });
  const latency = new Histogram({
    name: 'amtsraum_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const waiting = new Gauge({
    name: 'amtsraum_queue_waiting',
    help: 'Citizens waiting per virtual office',
    labelNames: ['tenant', 'office'] as const,
    registers: [registry],
  });
  const longestWait = new Gauge({
    name: 'amtsraum_queue_longest_wait_seconds',
    help: 'How long the first in line has waited, per virtual office',
    labelNames: ['tenant', 'office'] as const,
    registers: [registry],
  });
  const activeCalls = new Gauge({
    name: 'amtsraum_consultations_active',
    help: 'Consultations in progress',
    registers: [registry],
  });
  const jobBacklog = new Gauge({
    name: 'amtsraum_jobs_due',
    help: 'Jobs due and not yet done, by kind',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const scrapes = new Counter({
    name: 'amtsraum_metrics_scrapes_total',
    help: 'Scrapes answered',
    registers: [registry],
  });

  app.addHook('onResponse', async (request, reply) => {
    latency.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unknown',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
  });

  async function refresh() {
    const queues = await ctx.db.query<{
      tenant: string;
      office: string;
      waiting: number;
      longest: number | null;
    }>(
      `SELECT t.slug AS tenant, o.slug AS office, count(v.id)::int AS waiting,
              extract(epoch FROM now() - min(v.queued_at))::float8 AS longest
         FROM offices o JOIN tenants t ON t.id = o.tenant_id
         LEFT JOIN visits v ON v.office_id = o.id AND v.status = 'waiting'
        GROUP BY t.slug, o.slug`,
    );
    waiting.reset();
    longestWait.reset();
    for (const q of queues) {
      waiting.set({ tenant: q.tenant, office: q.office }, q.waiting);
      longestWait.set({ tenant: q.tenant, office: q.office }, q.longest ?? 0);
    }
    const [calls] = await ctx.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM consultations WHERE ended_at IS NULL',
    );
    activeCalls.set(calls?.n ?? 0);
    const jobs = await ctx.db.query<{ kind: string; n: number }>(
      `SELECT kind, count(*)::int AS n FROM jobs WHERE done_at IS NULL AND failed_at IS NULL AND run_at <= now() GROUP BY kind`,
    );
    jobBacklog.reset();
    for (const j of jobs) jobBacklog.set({ kind: j.kind }, j.n);
  }

  app.addHook('onReady', async () => {
    const access = metricsAccess(ctx.config);
    if (access === 'off') {
      app.log.info(
        '/metrics is off: set METRICS_TOKEN (a bearer token for the scraper) or, only where /metrics cannot be reached through the reverse proxy, METRICS_OPEN=true',
      );
    } else if (access === 'open') {
      app.log.warn(
        '/metrics answers without a token (METRICS_OPEN=true): keep it unreachable through the reverse proxy',
      );
    }
  });

  app.get('/metrics', async (request, reply) => {
    const access = metricsAccess(ctx.config);
    if (access === 'off') {
      return sendProblem(
        reply,
        404,
        'Not Found',
        'Metrics are off: the operator enables them with METRICS_TOKEN or METRICS_OPEN',
      );
    }
    if (access === 'token' && !bearerMatches(request.headers.authorization, ctx.config.metricsToken ?? '')) {
      return sendProblem(reply, 403, 'Forbidden', 'Metrics are for the operator’s scraper only');
    }
    await refresh();
    scrapes.inc();
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}

/** How /metrics is reached: by bearer token, by anyone (METRICS_OPEN=true), or not at all. */
export function metricsAccess(
  config: Pick<Config, 'metricsToken' | 'metricsOpen'>,
): 'token' | 'open' | 'off' {
  if (config.metricsToken) return 'token';
  return config.metricsOpen ? 'open' : 'off';
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/** "Bearer <token>" with the expected token; the comparison takes as long whatever was sent. */
export function bearerMatches(authorization: string | undefined, expected: string): boolean {
  if (!expected) return false;
  const match = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
  // Digests of equal length: timingSafeEqual neither throws nor leaks the token's length.
  return timingSafeEqual(digest(match?.[1] ?? ''), digest(expected)) && match !== null;
}
