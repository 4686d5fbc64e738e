import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDb } from '../support/each-db';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';

const WIDGET_HTML = fileURLToPath(new URL('../../dist/web/embed/index.html', import.meta.url));

/** The directives of a Content-Security-Policy header, each with its values. */
function csp(header: unknown): Map<string, string[]> {
  expect(typeof header, 'content-security-policy header').toBe('string');
  return new Map(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );
}

const settings = (origins: string[], accentColor: string | null = null, font = 'fira-sans') => ({
  embedTheme: { accentColor, font },
  embedAllowedOrigins: origins,
});

describeEachDb('embedding widget', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.close());

  const put = (cookie: string, payload: unknown) =>
    server.app.inject({
      method: 'PUT',
      url: '/api/admin/tenant/embed',
      headers: { cookie },
      payload: payload as object,
    });
  const get = (cookie: string) => server.app.inject({ url: '/api/admin/tenant/embed', headers: { cookie } });

  it('stores the theme and canonical origins; the public endpoint serves them by slug', async () => {
    const tenant = await createTestTenant(server);
    const admin = await tenant.staff('admin');
    expect((await get(admin.cookie)).json()).toEqual(settings([]));

    const saved = await put(
      admin.cookie,
      settings(['https://WWW.Musterstadt.example/', 'http://localhost:3000'], '#1A5E9B', 'system'),
    );
    expect(saved.statusCode, saved.body).toBe(200);
    const expected = settings(
      ['https://www.musterstadt.example', 'http://localhost:3000'],
      '#1a5e9b',
      'system',
    );
    expect(saved.json()).toEqual(expected);
    expect((await get(admin.cookie)).json()).toEqual(expected);
    const open = await server.app.inject({ url: `/api/public/tenants/${tenant.slug}/embed` });
    expect(open.statusCode).toBe(200);
    expect(open.json()).toEqual(expected);
    expect((await server.app.inject({ url: '/api/public/tenants/gibt-es-nicht/embed' })).statusCode).toBe(
      404,
    );

    const [audit] = await server.ctx.db.query<{ actor: string; details: Record<string, unknown> }>(
      `SELECT actor, details FROM audit_events WHERE tenant_id = $1 AND action = 'tenant.embed_changed'`,
      [tenant.tenantId],
    );
    expect(audit).toEqual({
      actor: `staff:${admin.id}`,
      details: { allowedOrigins: expected.embedAllowedOrigins, accentColor: '#1a5e9b' },
    });
  });

  it('refuses origins and colours that are not safe with problem+json naming the field', async () => {
    const tenant = await createTestTenant(server);
    const admin = await tenant.staff('admin');
    const good = settings(['https://www.musterstadt.example']);
    expect((await put(admin.cookie, good)).statusCode).toBe(200);
    const cases: [unknown, string][] = [
      [settings(['http://www.musterstadt.example']), 'body.embedAllowedOrigins.0'],
      [settings(['https://www.musterstadt.example/buergerservice']), 'body.embedAllowedOrigins.0'],
      [settings(['https://*.musterstadt.example']), 'body.embedAllowedOrigins.0'],
      [settings(['*']), 'body.embedAllowedOrigins.0'],
      [settings(["'self'"]), 'body.embedAllowedOrigins.0'],
      [settings(['https://a.example; script-src *']), 'body.embedAllowedOrigins.0'],
      [settings(['https://user@a.example']), 'body.embedAllowedOrigins.0'],
      [settings(['javascript:alert(1)']), 'body.embedAllowedOrigins.0'],
      [settings(['https://a.example', 'https://A.example/']), 'body.embedAllowedOrigins'],
      [settings(Array.from({ length: 21 }, (_, i) => `https://s${i}.example`)), 'body.embedAllowedOrigins'],
      [settings([], 'red'), 'body.embedTheme.accentColor'],
      [settings([], '#12345'), 'body.embedTheme.accentColor'],
      // Yellow: white text on it would be unreadable (1.07:1).
      [settings([], '#ffff00'), 'body.embedTheme.accentColor'],
      [settings([], null, 'comic-sans'), 'body.embedTheme.font'],
      [{ ...settings([]), extra: true }, 'body'],
    ];
    for (const [payload, field] of cases) {
      const response = await put(admin.cookie, payload);
      const label = JSON.stringify(payload).slice(0, 120);
      expect(response.statusCode, label).toBe(400);
      expect(response.headers['content-type'], label).toMatch(/application\/problem\+json/);
      expect(
        response.json().errors.map((e: { field: string }) => e.field),
        label,
      ).toContain(field);
    }
    expect((await get(admin.cookie)).json()).toEqual(good);
  });

  it('lets only admins change it, each authority only its own', async () => {
    const a = await createTestTenant(server, 'Stadt A');
    const b = await createTestTenant(server, 'Stadt B');
    const adminA = await a.staff('admin');
    const adminB = await b.staff('admin');
    expect((await put(adminA.cookie, settings(['https://www.a.example']))).statusCode).toBe(200);
    for (const role of ['lead', 'agent'] as const) {
      const staff = await a.staff(role);
      expect((await get(staff.cookie)).json().embedAllowedOrigins).toEqual(['https://www.a.example']);
      expect((await put(staff.cookie, settings(['https://evil.example']))).statusCode, role).toBe(403);
    }
    expect((await get(adminB.cookie)).json()).toEqual(settings([]));
    expect((await put(adminB.cookie, settings(['https://www.b.example']))).statusCode).toBe(200);
    expect((await get(adminA.cookie)).json().embedAllowedOrigins).toEqual(['https://www.a.example']);
    expect((await server.app.inject({ url: '/api/admin/tenant/embed' })).statusCode).toBe(401);
  });

  it('has the database refuse what the schema refuses', async () => {
    const tenant = await createTestTenant(server);
    for (const [column, value] of [
      ['embed_accent_color', 'red'],
      ['embed_font', 'comic-sans'],
    ]) {
      await expect(
        server.ctx.db.query(`UPDATE tenants SET ${column} = $2 WHERE id = $1`, [tenant.tenantId, value]),
      ).rejects.toThrow();
    }
  });

  describe('headers', () => {
    it('lets only the authority’s own sites frame its widget page, and nobody frame any other page', async () => {
      if (!existsSync(WIDGET_HTML)) {
        throw new Error(`dist/web is missing (${WIDGET_HTML}): run "npm run build" before this test.`);
      }
      const a = await createTestTenant(server, 'Stadt A');
      const b = await createTestTenant(server, 'Stadt B');
      const origins = ['https://www.a.example', 'https://service.a.example:8443'];
      expect((await put((await a.staff('admin')).cookie, settings(origins))).statusCode).toBe(200);

      const widgetA = await server.app.inject({ url: `/${a.slug}/einbetten/buero` });
      expect(widgetA.statusCode).toBe(200);
      expect(widgetA.headers['content-type']).toMatch(/text\/html/);
      const policy = csp(widgetA.headers['content-security-policy']);
      expect(policy.get('frame-ancestors')).toEqual(origins);
      // Otherwise the same strict policy as every page.
      expect(policy.get('script-src')).toEqual(["'self'"]);
      expect(policy.get('style-src')).toEqual(["'self'"]);
      expect(policy.get('object-src')).toEqual(["'none'"]);
      expect(policy.get('base-uri')).toEqual(["'none'"]);
      expect(widgetA.headers['x-frame-options']).toBeUndefined();
      expect(widgetA.headers['cache-control']).toBe('no-cache');

      // B allowed nothing; an unknown authority has nothing to allow: nobody may frame them.
      for (const url of [
        `/${b.slug}/einbetten/buero`,
        '/gibt-es-nicht/einbetten/buero',
        '/A%20B/einbetten/buero',
      ]) {
        const response = await server.app.inject({ url });
        expect(csp(response.headers['content-security-policy']).get('frame-ancestors'), url).toEqual([
          "'none'",
        ]);
      }
      expect((await server.app.inject({ url: '/gibt-es-nicht/einbetten/buero' })).statusCode).toBe(404);

      for (const url of [
        `/${a.slug}`,
        `/${a.slug}/termine`,
        '/login',
        `/api/public/tenants/${a.slug}`,
        '/embed.js',
      ]) {
        const response = await server.app.inject({ url });
        expect(response.statusCode, url).toBe(200);
        expect(csp(response.headers['content-security-policy']).get('frame-ancestors'), url).toEqual([
          "'none'",
        ]);
        expect(response.headers['x-frame-options'], url).toBe('DENY');
      }
    });

    it('serves /embed.js for other sites to load, and nothing else of ours cross-origin', async () => {
      if (!existsSync(WIDGET_HTML)) {
        throw new Error(`dist/web is missing (${WIDGET_HTML}): run "npm run build" before this test.`);
      }
      const loader = await server.app.inject({ url: '/embed.js' });
      expect(loader.statusCode).toBe(200);
      expect(loader.headers['content-type']).toMatch(/javascript/);
      expect(loader.headers['cross-origin-resource-policy']).toBe('cross-origin');
      expect(loader.headers['cache-control']).toBe('no-cache');
      expect(loader.body).toContain('einbetten/buero');
      const page = await server.app.inject({ url: '/login' });
      expect(page.headers['cross-origin-resource-policy']).toBe('same-origin');
    });
  });
});
