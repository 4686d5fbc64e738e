import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { samplePdf } from '../support/sample-files';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../support/server';
import { callScene } from './consultation-fixtures';
import { enter, openOffice } from './visits-fixtures';

const EVIL = 'https://evil.example';

/**
 * Cross-site request forgery: what a page of another site can make a signed-in browser send — a form
 * (text/plain, urlencoded, multipart) or a no-cors fetch, with no body or any — must not change anything,
 * whatever SameSite does; the same requests from our own pages work.
 */
describe('cross-site request forgery guard', () => {
  let server: TestServer;
  let own: string;
  beforeAll(async () => {
    server = await startTestServer('pglite');
    own = server.ctx.config.publicUrl.origin;
  });
  afterAll(() => server.close());

  /** A walk-in office with one citizen waiting and an agent of it signed in. */
  async function waitingScene() {
    const tenant: TestTenant = await createTestTenant(server, 'Stadt Fälschungsfrei');
    const slug = `csrf-${Math.random().toString(16).slice(2, 8)}`;
    const office = await openOffice(server, tenant, slug);
    const agent = await tenant.staff('agent', { officeIds: [office.id] });
    const visit = await enter(server, tenant.slug, slug, 'Zoë Çelik-Müller');
    return { tenant, office, agent, visit };
  }

  const visitStatus = async (visitId: string) =>
    (await server.ctx.db.query<{ status: string }>('SELECT status FROM visits WHERE id = $1', [visitId]))[0]
      ?.status;

  /** A form-like POST (text/plain, as <form enctype="text/plain"> sends) to a body-less staff route. */
  const callNext = (officeId: string, cookie: string, headers: Record<string, string>) =>
    server.app.inject({
      method: 'POST',
      url: `/api/staff/offices/${officeId}/call-next`,
      headers: { cookie, 'content-type': 'text/plain', ...headers },
      payload: 'x=1',
    });

  function expectRefused(response: Awaited<ReturnType<typeof callNext>>, reason: string) {
    expect(response.statusCode, response.body).toBe(403);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 403, title: 'Forbidden', reason });
    expect(response.json().detail).toMatch(/another site/);
  }

  it('refuses a cross-site text/plain POST to a body-less staff route with a valid staff cookie; nothing changes', async () => {
    const { office, agent, visit } = await waitingScene();
    const auditBefore = await server.ctx.db.query('SELECT count(*)::int AS n FROM audit_events');

    expectRefused(await callNext(office.id, agent.cookie, { origin: EVIL }), 'origin-mismatch');
    // A page with Referrer-Policy: no-referrer, or a sandboxed frame, makes the browser send "Origin: null".
    expectRefused(
      await callNext(office.id, agent.cookie, { origin: 'null', 'sec-fetch-site': 'cross-site' }),
      'origin-mismatch',
    );
    expectRefused(await callNext(office.id, agent.cookie, { origin: 'null' }), 'origin-mismatch');
    // Another port or scheme is another origin.
    expectRefused(
      await callNext(office.id, agent.cookie, { origin: own.replace(/^http:/, 'https:') }),
      'origin-mismatch',
    );
    expectRefused(
      await callNext(office.id, agent.cookie, { referer: `${EVIL}/page?x=1` }),
      'referer-mismatch',
    );
    expectRefused(await callNext(office.id, agent.cookie, { referer: 'not a url' }), 'referer-mismatch');
    expectRefused(await callNext(office.id, agent.cookie, { 'sec-fetch-site': 'cross-site' }), 'cross-site');
    expectRefused(await callNext(office.id, agent.cookie, { 'sec-fetch-site': 'same-site' }), 'cross-site');
    for (const contentType of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      expectRefused(
        await callNext(office.id, agent.cookie, { origin: EVIL, 'content-type': contentType }),
        'origin-mismatch',
      );
    }
    // Without any body at all (a no-cors fetch).
    const bodiless = await server.app.inject({
      method: 'POST',
      url: `/api/staff/offices/${office.id}/call-next`,
      headers: { cookie: agent.cookie, origin: EVIL },
    });
    expectRefused(bodiless, 'origin-mismatch');

    expect(await visitStatus(visit.visitId)).toBe('waiting');
    expect(await server.ctx.db.query('SELECT count(*)::int AS n FROM audit_events')).toEqual(auditBefore);

    // The same request from our own page is served.
    const served = await callNext(office.id, agent.cookie, { origin: own });
    expect(served.statusCode, served.body).toBe(200);
    expect(await visitStatus(visit.visitId)).toBe('in_consultation');
  });

  it("accepts our own origin by Referer when Origin is missing, and a same-origin form's Origin: null", async () => {
    const variants: Record<string, string>[] = [
      { referer: `${own}/mitarbeiter/warteschlange` },
      { origin: 'null', 'sec-fetch-site': 'same-origin' },
      { origin: own, 'sec-fetch-site': 'same-origin' },
    ];
    for (const headers of variants) {
      const { office, agent, visit } = await waitingScene();
      const served = await callNext(office.id, agent.cookie, headers);
      expect(served.statusCode, `${JSON.stringify(headers)}: ${served.body}`).toBe(200);
      expect(await visitStatus(visit.visitId)).toBe('in_consultation');
    }
  });

  it('refuses a cross-site sign-out and JSON with a foreign Origin; the session lives on', async () => {
    const tenant = await createTestTenant(server);
    const admin = await tenant.staff('admin');
    const me = () => server.app.inject({ url: '/api/auth/me', headers: { cookie: admin.cookie } });
    const logout = (headers: Record<string, string>) =>
      server.app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { cookie: admin.cookie, ...headers },
      });

    expectRefused(await logout({ origin: EVIL, 'content-type': 'text/plain' }), 'origin-mismatch');
    const json: InjectOptions = {
      method: 'POST',
      url: '/api/admin/api-keys',
      headers: { cookie: admin.cookie, origin: EVIL, 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'Fremd', scopes: ['appointments:read'] }),
    };
    expectRefused(await server.app.inject(json), 'origin-mismatch');
    const keys = await server.app.inject({ url: '/api/admin/api-keys', headers: { cookie: admin.cookie } });
    expect(keys.json()).toEqual([]);
    expect((await me()).statusCode).toBe(200);

    expect((await logout({ origin: own })).statusCode).toBe(204);
    expect((await me()).statusCode).toBe(401);
  });

  it('refuses a file upload from a foreign origin before reading it; from our own origin it is stored', async () => {
    const scene = await callScene(server);
    const pdf = await samplePdf();
    const files = () =>
      server.ctx.db.query('SELECT id FROM consultation_files WHERE consultation_id = $1', [
        scene.consultationId,
      ]);
    const upload = (headers: Record<string, string>, payload: Buffer | string) =>
      server.app.inject({
        method: 'POST',
        url: `/api/consultations/${scene.consultationId}/files`,
        headers: { cookie: scene.agent.cookie, 'x-file-name': 'Bescheid.pdf', ...headers },
        payload,
      });
    const boundary = 'csrf-boundary';
    const multipart = [
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="Bescheid.pdf"\r\n`,
      'Content-Type: application/pdf\r\n\r\n',
      pdf.toString('latin1'),
      `\r\n--${boundary}--\r\n`,
    ].join('');

    expectRefused(
      await upload({ origin: EVIL, 'content-type': `multipart/form-data; boundary=${boundary}` }, multipart),
      'origin-mismatch',
    );
    expectRefused(
      await upload({ origin: EVIL, 'content-type': 'application/octet-stream' }, pdf),
      'origin-mismatch',
    );
    expectRefused(
      await upload({ referer: `${EVIL}/`, 'content-type': 'application/octet-stream' }, pdf),
      'referer-mismatch',
    );
    expect(await files()).toEqual([]);

    // From our own origin the form upload gets past the guard (and is refused for its type, not its origin).
    const form = await upload(
      { origin: own, 'content-type': `multipart/form-data; boundary=${boundary}` },
      multipart,
    );
    expect(form.statusCode).toBe(415);
    const stored = await upload({ origin: own, 'content-type': 'application/octet-stream' }, pdf);
    expect(stored.statusCode, stored.body).toBe(201);
    expect(await files()).toHaveLength(1);
  });

  it('lets clients without cookies work: bearer API clients with or without Origin, requests with neither header', async () => {
    const tenant = await createTestTenant(server);
    const admin = await tenant.staff('admin');
    const office = await openOffice(server, tenant, `v1-${Math.random().toString(16).slice(2, 8)}`);
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/admin/api-keys',
      headers: { cookie: admin.cookie, origin: own },
      payload: { name: 'Fachverfahren', scopes: ['consultations:write'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const key = created.json().key as string;
    for (const headers of [{}, { origin: EVIL }]) {
      const opened = await server.app.inject({
        method: 'POST',
        url: '/api/v1/consultations',
        headers: { authorization: `Bearer ${key}`, ...headers },
        payload: { officeId: office.id, citizen: { name: 'Max' } },
      });
      expect(opened.statusCode, opened.body).toBe(201);
    }
    // A bearer token beside a cookie does not exempt the request: the cookie is what a browser adds.
    const both = await server.app.inject({
      method: 'POST',
      url: '/api/v1/consultations',
      headers: { authorization: `Bearer ${key}`, cookie: admin.cookie, origin: EVIL },
      payload: { officeId: office.id, citizen: { name: 'Max' } },
    });
    expect(both.statusCode).toBe(403);

    // A citizen leaving with the visit token (no cookie, no Origin: a script or an older client).
    const visit = await enter(server, tenant.slug, office.slug, 'Max Muster');
    const left = await server.app.inject({
      method: 'DELETE',
      url: '/api/public/visit',
      headers: { authorization: `Bearer ${visit.visitToken}` },
    });
    expect(left.statusCode, left.body).toBeLessThan(300);
  });

  it('leaves reading requests alone, whatever their origin', async () => {
    const tenant = await createTestTenant(server);
    const admin = await tenant.staff('admin');
    const me = await server.app.inject({
      url: '/api/auth/me',
      headers: { cookie: admin.cookie, origin: EVIL },
    });
    expect(me.statusCode).toBe(200);
  });
});
