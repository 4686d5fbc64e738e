import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { PUBLIC_LIST_TTL_MS } from '../../src/server/modules/visits/public-offices';
import { describeEachDb } from '../support/each-db';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { enter, openOffice } from './visits-fixtures';

/** The authority's page and every embedded widget poll this list: it must cost (almost) nothing. */
describeEachDb('the public office list', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.close());
  const list = (slug: string, headers: Record<string, string> = {}) =>
    server.app.inject({ url: `/api/public/tenants/${slug}`, headers });

  it('answers a poller whose figures did not change with 304, and with the new figures after an entry', async () => {
    const tenant = await createTestTenant(server);
    await openOffice(server, tenant, 'buergeramt');
    const first = await list(tenant.slug);
    expect(first.statusCode).toBe(200);
    expect(first.headers['cache-control']).toBe('no-cache');
    expect(first.headers['content-type']).toBe('application/json; charset=utf-8');
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"[\w-]{20,}"$/);
    expect(first.json().offices).toMatchObject([{ slug: 'buergeramt', open: true, waiting: 0, full: false }]);

    const again = await list(tenant.slug, { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);

    await enter(server, tenant.slug, 'buergeramt', 'Anna');
    const after = await list(tenant.slug, { 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(after.json().offices[0]).toMatchObject({ waiting: 1 });
    expect(after.headers.etag).not.toBe(etag);
    expect((await list('kein-amt-hier')).statusCode).toBe(404);
  });

  it('costs the same statements for one office as for six, and one load for many pollers', async () => {
    const small = await createTestTenant(server);
    await openOffice(server, small, 'eins');
    const large = await createTestTenant(server);
    for (const slug of ['a', 'b', 'c', 'd', 'e', 'f']) await openOffice(server, large, slug);
    /** The statements one request runs (the first request of an authority loads its list). */
    const statements = async (slug: string) => {
      const spy = vi.spyOn(server.ctx.db, 'query');
      const response = await list(slug);
      const count = spy.mock.calls.length;
      spy.mockRestore();
      expect(response.statusCode).toBe(200);
      return count;
    };
    const forSmall = await statements(small.slug);
    expect(forSmall).toBeGreaterThan(0);
    expect(await statements(large.slug)).toBe(forSmall);
    expect((await list(large.slug)).json().offices).toHaveLength(6);

    const loads = server.ctx.publicOffices.loads();
    await Promise.all(Array.from({ length: 50 }, () => list(large.slug)));
    expect(server.ctx.publicOffices.loads()).toBe(loads);
    expect(await statements(large.slug)).toBe(0);
  });

  it('shows a change nobody announces after the short cache time, and closing on the minute', async () => {
    const tenant = await createTestTenant(server);
    const office = await openOffice(server, tenant, 'buergeramt');
    const morning = server.ctx.clock();
    expect((await list(tenant.slug)).json().offices[0]).toMatchObject({ name: 'Büro buergeramt' });
    await server.ctx.db.query(`UPDATE offices SET name = 'Bürgerbüro' WHERE id = $1`, [office.id]);
    expect((await list(tenant.slug)).json().offices[0].name).toBe('Büro buergeramt');
    server.ctx.clock = () => morning.add({ milliseconds: PUBLIC_LIST_TTL_MS });
    expect((await list(tenant.slug)).json().offices[0].name).toBe('Bürgerbüro');

    // A second before closing (18:00 in Berlin) the list says open; at 18:00 closed, without waiting out the cache.
    const closing = Temporal.Instant.from('2026-11-25T17:00:00Z');
    server.ctx.clock = () => closing.subtract({ seconds: 1 });
    expect((await list(tenant.slug)).json().offices[0]).toMatchObject({ open: true });
    server.ctx.clock = () => closing;
    expect((await list(tenant.slug)).json().offices[0]).toMatchObject({
      open: false,
      nextOpening: '2026-12-02T07:00:00Z',
    });
  });
});
