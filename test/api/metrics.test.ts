import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bearerMatches, registerMetrics } from '../../src/server/http/metrics';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { enter, openOffice } from './visits-fixtures';

const TOKEN = 'a-long-metrics-token-123';

describe('/metrics', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(() => server.close());
  afterEach(() => {
    server.ctx.config.metricsToken = undefined;
    server.ctx.config.metricsOpen = false;
  });

  const scrape = (remoteAddress: string, headers: Record<string, string> = {}) =>
    server.app.inject({ url: '/metrics', remoteAddress, headers });

  it('is off unless enabled: 404 problem+json, also for a scraper on this host (the reverse proxy is one)', async () => {
    for (const address of ['127.0.0.1', '::1', '203.0.113.9']) {
      const response = await scrape(address);
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json().detail).toMatch(/METRICS_TOKEN/);
      expect(response.body).not.toContain('amtsraum_');
    }
  });

  it('reports queue lengths, active calls, job backlog and HTTP latency, without personal data', async () => {
    server.ctx.config.metricsToken = TOKEN;
    const tenant = await createTestTenant(server);
    await openOffice(server, tenant, 'messbar');
    await enter(server, tenant.slug, 'messbar', 'Geheimer Name');
    const response = await scrape('203.0.113.9', { authorization: `Bearer ${TOKEN}` });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/plain/);
    expect(response.body).toContain(`amtsraum_queue_waiting{tenant="${tenant.slug}",office="messbar"} 1`);
    expect(response.body).toMatch(/amtsraum_consultations_active 0/);
    expect(response.body).toMatch(
      /amtsraum_http_request_duration_seconds_bucket\{.*route="\/api\/public\/tenants\/:tenantSlug\/offices\/:officeSlug\/visits"/,
    );
    expect(response.body).not.toContain('Geheimer Name');
  });

  it('with METRICS_TOKEN asks every scraper for it, loopback included; METRICS_OPEN does not override it', async () => {
    server.ctx.config.metricsToken = TOKEN;
    server.ctx.config.metricsOpen = true;
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer wrong-token-of-some-length' },
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Basic ${Buffer.from(`prometheus:${TOKEN}`).toString('base64')}` },
      { authorization: TOKEN },
    ];
    for (const headers of attempts) {
      const refused = await scrape('127.0.0.1', headers);
      expect(refused.statusCode, JSON.stringify(headers)).toBe(403);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect((await scrape('203.0.113.9', { authorization: `Bearer ${TOKEN}` })).statusCode).toBe(200);
  });

  it('with METRICS_OPEN=true alone answers anyone who reaches the port', async () => {
    server.ctx.config.metricsOpen = true;
    expect((await scrape('203.0.113.9')).statusCode).toBe(200);
  });

  it('compares the token whatever its length, and never matches an empty one', () => {
    expect(bearerMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`Bearer ${TOKEN.slice(0, -1)}`, TOKEN)).toBe(false);
    expect(bearerMatches(`Bearer ${'x'.repeat(10_000)}`, TOKEN)).toBe(false);
    expect(bearerMatches(undefined, TOKEN)).toBe(false);
    expect(bearerMatches('Bearer ', '')).toBe(false);
    expect(bearerMatches(`Bearer ${TOKEN} ${TOKEN}`, TOKEN)).toBe(false);
  });

  it('says at start how to enable it when it is off', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const app = Fastify({ logger: { level: 'info', stream } });
    const config = { ...server.ctx.config, metricsToken: undefined, metricsOpen: false };
    registerMetrics(app, { ...server.ctx, config });
    await app.ready();
    await app.close();
    const messages = lines.map((line) => JSON.parse(line).msg as string);
    expect(messages.some((m) => /\/metrics is off: set METRICS_TOKEN .*METRICS_OPEN=true/.test(m))).toBe(
      true,
    );
  });
});
