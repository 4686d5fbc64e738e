import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { enter, openOffice } from './visits-fixtures';

describe('/metrics', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(() => server.close());

  it('reports queue lengths, active calls, job backlog and HTTP latency to a local scraper, without personal data', async () => {
    const tenant = await createTestTenant(server);
    await openOffice(server, tenant, 'messbar');
    await enter(server, tenant.slug, 'messbar', 'Geheimer Name');
    const response = await server.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/plain/);
    expect(response.body).toContain(`amtsraum_queue_waiting{tenant="${tenant.slug}",office="messbar"} 1`);
    expect(response.body).toMatch(/amtsraum_consultations_active 0/);
    expect(response.body).toMatch(
      /amtsraum_http_request_duration_seconds_bucket\{.*route="\/api\/public\/tenants\/:tenantSlug\/offices\/:officeSlug\/visits"/,
    );
    expect(response.body).not.toContain('Geheimer Name');
  });

  it('refuses scrapers from elsewhere, and asks for the token when one is configured', async () => {
    expect((await server.app.inject({ url: '/metrics', remoteAddress: '203.0.113.9' })).statusCode).toBe(403);
    server.ctx.config.metricsToken = 'a-long-metrics-token-123';
    try {
      expect((await server.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(403);
      const withToken = await server.app.inject({
        url: '/metrics',
        remoteAddress: '203.0.113.9',
        headers: { authorization: 'Bearer a-long-metrics-token-123' },
      });
      expect(withToken.statusCode).toBe(200);
    } finally {
      server.ctx.config.metricsToken = undefined;
    }
  });
});
