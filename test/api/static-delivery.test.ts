import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMMUTABLE, REVALIDATE } from '../../src/server/http/web-app';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { enter, openOffice } from './visits-fixtures';

const WEB = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/** The app's entry script, its largest module (React and co.) and one font, as index.html names them. */
function builtAssets() {
  if (!existsSync(`${WEB}index.html`)) {
    throw new Error(`dist/web is missing (${WEB}): run "npm run build" before this test (npm test does).`);
  }
  const html = readFileSync(`${WEB}index.html`, 'utf8');
  const script = html.match(/<script type="module" crossorigin src="(\/assets\/[^"]+\.js)"/)?.[1];
  const framework = html.match(/href="(\/assets\/framework-[^"]+\.js)"/)?.[1];
  const font = html.match(/href="(\/assets\/[^"]+\.woff2)"/)?.[1];
  if (!script || !framework || !font) throw new Error('index.html names no entry script, framework or font');
  return { script, framework, font };
}

describe('delivery of the built web app', () => {
  let server: TestServer;
  let assets: ReturnType<typeof builtAssets>;
  beforeAll(async () => {
    assets = builtAssets();
    server = await startTestServer('pglite');
  });
  afterAll(() => server.close());

  const get = (url: string, headers: Record<string, string> = {}) => server.app.inject({ url, headers });
  /** The body as the browser reads it, whatever the encoding. */
  const text = (response: Awaited<ReturnType<typeof get>>) => {
    const encoding = response.headers['content-encoding'];
    const raw = response.rawPayload;
    return (
      encoding === 'br' ? brotliDecompressSync(raw) : encoding === 'gzip' ? gunzipSync(raw) : raw
    ).toString('utf8');
  };

  it('serves hashed scripts precompressed by Accept-Encoding, cached for a year', async () => {
    const original = readFileSync(`${WEB}${assets.framework.slice(1)}`);
    const cases = [
      { accept: 'gzip, deflate, br', encoding: 'br', decode: brotliDecompressSync },
      { accept: 'gzip', encoding: 'gzip', decode: gunzipSync },
      { accept: 'identity', encoding: undefined, decode: (body: Buffer) => body },
    ];
    for (const { accept, encoding, decode } of cases) {
      const response = await get(assets.framework, { 'accept-encoding': accept });
      expect(response.statusCode, accept).toBe(200);
      expect(response.headers['content-encoding'], accept).toBe(encoding);
      expect(response.headers['content-type'], accept).toMatch(/^text\/javascript|^application\/javascript/);
      expect(response.headers.vary, accept).toMatch(/accept-encoding/i);
      expect(response.headers['cache-control'], accept).toBe(IMMUTABLE);
      expect(decode(response.rawPayload).equals(original), accept).toBe(true);
      if (encoding) expect(response.rawPayload.length, accept).toBeLessThan(original.length / 3);
    }
    // No Accept-Encoding at all: the file as it is.
    const plain = await get(assets.framework);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.equals(original)).toBe(true);
  });

  it('sends fonts (compressed already) as they are, cached for a year', async () => {
    const response = await get(assets.font, { 'accept-encoding': 'br, gzip' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers['content-type']).toBe('font/woff2');
    expect(response.headers['cache-control']).toBe(IMMUTABLE);
  });

  it('revalidates HTML on every use, so a deploy is never served stale', async () => {
    for (const url of ['/', '/musterstadt', '/musterstadt/termine', '/staff', '/index.html']) {
      const response = await get(url, { 'accept-encoding': 'br, gzip' });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers['content-type'], url).toMatch(/^text\/html/);
      expect(response.headers['cache-control'], url).toBe(REVALIDATE);
      expect(text(response), url).toContain(assets.script);
    }
  });

  it('answers a chunk of an earlier build with 404, never with the HTML in its place', async () => {
    const response = await get('/assets/OfficeEntry-gone1234.js');
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
  });

  it('renders an authority’s office list on the server: heading in the HTML before any script, escaped', async () => {
    // Admin-entered, and written to end the data block, run a script and trip String.replace ("$&").
    const name = '</script><script>alert(1)</script> Stadt & "Co" $& <b>';
    const tenant = await createTestTenant(server, name);
    const escaped =
      '&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt; Stadt &amp; &quot;Co&quot; $&amp; &lt;b&gt;';
    for (const accept of ['br, gzip', 'gzip', 'identity']) {
      const response = await get(`/${tenant.slug}`, { 'accept-encoding': accept });
      expect(response.statusCode, accept).toBe(200);
      expect(response.headers['content-type'], accept).toMatch(/^text\/html/);
      // Rendered for this request with live figures: revalidated like every HTML, never kept.
      expect(response.headers['cache-control'], accept).toBe(REVALIDATE);
      expect(response.headers.vary, accept).toMatch(/accept-encoding/i);
      expect(response.headers['content-encoding'], accept).toBe(
        accept === 'identity' ? undefined : accept.split(',')[0],
      );
      const html = text(response);
      // The page's own heading and landmarks, not the placeholder a script would replace.
      expect(html, accept).toContain(`<h1 class="kern-heading-large">${escaped}</h1>`);
      expect(html, accept).toContain(`<title>${escaped} – Amtsraum</title>`);
      expect(html, accept).toMatch(/<main id="main"[^>]*>/);
      expect(html, accept).not.toContain('<!--app-html-->');
      expect(html, accept).not.toContain('<script>alert(1)');
      expect(html, accept).toContain(assets.script);
      // Every script is a file of ours or a data block: the CSP (script-src 'self') allows no other.
      const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]!);
      for (const attributes of scripts) {
        expect(attributes, accept).toMatch(/\bsrc="\/assets\/|type="application\/json"/);
      }
      // The data the browser hydrates with: the same as the API's, the name intact.
      const block = html.match(/<script type="application\/json" id="initial-data">([^<]*)<\/script>/)?.[1];
      expect(block, accept).toBeDefined();
      const data = JSON.parse(block!) as { tenantSlug: string; tenant: { name: string } };
      expect(data.tenantSlug).toBe(tenant.slug);
      expect(data.tenant.name).toBe(name);
      const api = await get(`/api/public/tenants/${tenant.slug}`);
      expect(data.tenant).toEqual(JSON.parse(api.body));
      // Nothing to preload: the data is in the page.
      expect(response.headers.link, accept).toBeUndefined();
    }
  });

  it('renders the office list anew when its figures change, with the figures the API sends', async () => {
    const tenant = await createTestTenant(server);
    await openOffice(server, tenant, 'neu-gezeichnet');
    const rendered = async () => {
      const html = text(await get(`/${tenant.slug}`));
      const block = html.match(/<script type="application\/json" id="initial-data">([^<]*)<\/script>/)?.[1];
      return (JSON.parse(block!) as { tenant: unknown }).tenant;
    };
    const api = async () => JSON.parse((await get(`/api/public/tenants/${tenant.slug}`)).body);
    const before = await rendered();
    expect(before).toEqual(await api());
    // A page rendered once is kept while the list stays as it was; a citizen entering changes it.
    await enter(server, tenant.slug, 'neu-gezeichnet', 'Anna');
    await expect.poll(async () => JSON.stringify(await rendered())).toBe(JSON.stringify(await api()));
    expect(await rendered()).not.toEqual(before);
  });

  it('names what a citizen page fetches next for preloading: its data, its chunk, the texts', async () => {
    // No authority "musterstadt" here: its page is not rendered on the server, the app fetches its data.
    const data = '</api/public/tenants/musterstadt>; rel=preload; as=fetch; crossorigin';
    expect((await get('/musterstadt')).headers.link).toBe(data);
    const booking = String((await get('/musterstadt/termine')).headers.link);
    expect(booking).toContain(data);
    expect(booking).toMatch(/<\/assets\/BookingPage-[^>]+\.js>; rel=modulepreload; crossorigin/);
    const chunks = [...booking.matchAll(/<(\/assets\/[^>]+)>/g)].map((m) => m[1]!);
    for (const chunk of chunks) expect(existsSync(`${WEB}${chunk.slice(1)}`), chunk).toBe(true);
    expect(chunks).not.toContain(assets.framework);
    expect(String((await get('/musterstadt/termin')).headers.link)).toMatch(/ManagePage-/);
    for (const url of ['/staff', '/login', '/']) {
      expect((await get(url)).headers.link, url).toBeUndefined();
    }
  });

  it('has a description and a theme colour in the HTML', async () => {
    const html = (await get('/musterstadt')).body;
    expect(html).toMatch(/<meta\s+name="description"\s+content="[^"]{50,160}"/);
    expect(html).toMatch(/<meta name="theme-color" content="#[0-9a-f]{6}"/);
  });

  it('serves a robots.txt that keeps crawlers to the citizen pages', async () => {
    const response = await get('/robots.txt');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/plain; charset=utf-8');
    const rules = response.body
      .split('\n')
      .filter((line) => /^(Allow|Disallow):/.test(line))
      .map((line) => line.split(/:\s*/));
    const disallowed = rules.filter(([kind]) => kind === 'Disallow').map(([, path]) => path);
    const blocks = (path: string) =>
      disallowed.some((rule) => (rule!.endsWith('$') ? path === rule!.slice(0, -1) : path.startsWith(rule!)));
    for (const path of ['/staff', '/staff/termine', '/admin', '/admin/units', '/api/public/x', '/login']) {
      expect(blocks(path), path).toBe(true);
    }
    for (const path of ['/', '/musterstadt', '/musterstadt/termine', '/staffelstein', '/adminstadt']) {
      expect(blocks(path), path).toBe(false);
    }
    expect(rules).toContainEqual(['Allow', '/']);
  });
});
