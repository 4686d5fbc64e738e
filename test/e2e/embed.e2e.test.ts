import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enter } from '../api/visits-fixtures';
import { createTestTenant } from '../support/server';
import { expectNoAxeViolations, newPerson, setUpWalkIn, snap } from '../support/walk-in';

/** A dark red with enough contrast for white text (8.9:1), far from KERN's blue. */
const ACCENT = '#8b1e3f';
const ACCENT_RGB = 'rgb(139, 30, 63)';
const FRAME_TITLE = 'Virtuelle Büros: Musterstadt';

/**
 * The authority's own website, played by a tiny HTTP server on a port of its own (another origin than
 * Amtsraum's): /script.html carries the script snippet, /iframe.html the plain iframe.
 */
interface HostSite {
  origin: string;
  close(): Promise<void>;
}

async function startHostSite(amtsraum: string, slug: string): Promise<HostSite> {
  const page = (body: string) =>
    `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Stadt Musterstadt</title></head>` +
    `<body><main><h1>Willkommen in Musterstadt</h1>${body}<p>Text nach dem Widget.</p></main></body></html>`;
  const pages: Record<string, string> = {
    '/script.html': page(
      `<script src="${amtsraum}/embed.js" data-authority="${slug}" data-title="${FRAME_TITLE}" async></script>`,
    ),
    '/iframe.html': page(
      `<iframe src="${amtsraum}/${slug}/einbetten/buero" title="${FRAME_TITLE}" width="100%" height="480"></iframe>`,
    ),
  };
  const server: Server = createServer((request, response) => {
    const body = pages[request.url ?? ''];
    response.writeHead(body ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    response.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The widget's frame on the host page, once Amtsraum's page is loaded in it. */
async function widgetFrame(page: Page, amtsraum: string): Promise<Frame> {
  await page.locator(`iframe[title="${FRAME_TITLE}"]`).waitFor();
  for (;;) {
    const frame = page.frames().find((f) => f.url().startsWith(`${amtsraum}/`));
    if (frame) return frame;
    await page.waitForTimeout(50);
  }
}

const shared = setUpWalkIn();
let allowedSite: HostSite;
let otherSite: HostSite;

beforeAll(async () => {
  const { server, tenant } = shared.scene;
  [allowedSite, otherSite] = await Promise.all([
    startHostSite(server.baseUrl, tenant.slug),
    startHostSite(server.baseUrl, tenant.slug),
  ]);
  const admin = await tenant.staff('admin');
  const saved = await server.app.inject({
    method: 'PUT',
    url: '/api/admin/tenant/embed',
    headers: { cookie: admin.cookie },
    payload: {
      embedTheme: { accentColor: ACCENT, font: 'system' },
      embedAllowedOrigins: [allowedSite.origin],
    },
  });
  if (saved.statusCode !== 200) throw new Error(`embed settings refused: ${saved.body}`);
});

afterAll(async () => {
  await Promise.all([allowedSite?.close(), otherSite?.close()]);
});

describe('widget on the authority’s own website', () => {
  it('shows the offices live and themed, sized to its content, talking only to the site and Amtsraum', async () => {
    const { scene, browser } = shared;
    const amtsraum = scene.server.baseUrl;
    const person = await newPerson(browser);
    const { page } = person;
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));

    await page.goto(`${allowedSite.origin}/script.html`);
    const frame = await widgetFrame(page, amtsraum);
    // Right after the script tag, as the snippet promises, named for screen readers.
    expect(
      await page.evaluate(
        () => document.querySelector('script[data-authority]')?.nextElementSibling?.tagName,
      ),
    ).toBe('IFRAME');
    const office = frame.getByRole('article', { name: scene.offices.main.name });
    await office.getByText('Niemand wartet').waitFor();
    await frame.getByRole('article', { name: scene.offices.cars.name }).waitFor();

    // Entering and booking open Amtsraum in a new tab, never inside the frame.
    const enterLink = office.getByRole('link', { name: /Virtuelles Büro betreten/ });
    expect(await enterLink.getAttribute('target')).toBe('_blank');
    expect(await enterLink.getAttribute('rel')).toBe('noopener');
    expect(await enterLink.evaluate((a) => (a as HTMLAnchorElement).href)).toBe(
      `${amtsraum}/${scene.tenant.slug}/${scene.offices.main.slug}`,
    );
    const bookLink = frame.getByRole('link', { name: /Termin buchen/ });
    expect(await bookLink.getAttribute('target')).toBe('_blank');
    expect(await bookLink.evaluate((a) => (a as HTMLAnchorElement).href)).toBe(
      `${amtsraum}/${scene.tenant.slug}/termine`,
    );

    // The authority's theme: its accent on the buttons, the system font.
    expect(await enterLink.evaluate((a) => getComputedStyle(a).backgroundColor)).toBe(ACCENT_RGB);
    expect(await frame.evaluate(() => getComputedStyle(document.body).fontFamily)).toMatch(/^system-ui/);

    // The host's iframe follows the widget's height (postMessage), starting from the loader's 400.
    const iframe = page.locator(`iframe[title="${FRAME_TITLE}"]`);
    await expect.poll(() => iframe.getAttribute('height'), { timeout: 10_000 }).not.toBe('400');
    const contentHeight = await frame.evaluate(() => Math.ceil(document.body.getBoundingClientRect().height));
    expect(Number(await iframe.getAttribute('height'))).toBe(contentHeight);

    // A citizen walks in elsewhere: the widget shows it on its next refresh (every 15 s).
    await enter(scene.server, scene.tenant.slug, scene.offices.main.slug, 'Jana');
    await office.getByText('1 Person wartet').waitFor({ timeout: 30_000 });

    await expectNoAxeViolations(page, 'host page with the widget (de)');
    await snap(page, 'embed-host-page');

    const origins = new Set(requests.map((url) => new URL(url).origin));
    expect([...origins].sort()).toEqual([allowedSite.origin, amtsraum].sort());
    expect(person.errors).toEqual([]);
    await person.context.close();
  }, 180_000);

  it('works as a plain iframe too, at the height the site gave it', async () => {
    const { scene, browser } = shared;
    const person = await newPerson(browser);
    await person.page.goto(`${allowedSite.origin}/iframe.html`);
    const frame = await widgetFrame(person.page, scene.server.baseUrl);
    await frame.getByRole('heading', { level: 1, name: 'Videoberatung – Musterstadt' }).waitFor();
    await frame.getByRole('article', { name: scene.offices.main.name }).waitFor();
    expect(await person.page.locator('iframe').getAttribute('height')).toBe('480');
    expect(person.errors).toEqual([]);
    await person.context.close();
  }, 60_000);

  it('is blocked by the CSP on a site the authority has not allowed', async () => {
    const { scene, browser } = shared;
    const person = await newPerson(browser);
    const { page } = person;
    const widgetResponse = page.waitForResponse((r) =>
      r.url().endsWith(`/${scene.tenant.slug}/einbetten/buero`),
    );
    await page.goto(`${otherSite.origin}/script.html`);
    expect((await widgetResponse).status()).toBe(200);
    // Chromium reports the refused frame on the host page's console ("… frame-ancestors …").
    await expect
      .poll(() => person.errors.some((e) => e.includes('frame-ancestors')), { timeout: 10_000 })
      .toBe(true);
    const child = page.frames().find((f) => f !== page.mainFrame());
    expect(child, 'the iframe element is there').toBeDefined();
    expect(child!.url().startsWith(scene.server.baseUrl)).toBe(false);
    expect(await page.getByText(scene.offices.main.name).count()).toBe(0);
    expect(await page.locator('iframe').getAttribute('height')).toBe('400');
    await person.context.close();
  }, 60_000);

  it('says so when opened while the authority allows no site at all', async () => {
    const { scene, browser } = shared;
    const closed = await createTestTenant(scene.server, 'Stadt Ohne Freigabe');
    const person = await newPerson(browser);
    await person.page.goto(`${scene.server.baseUrl}/${closed.slug}/einbetten/buero`);
    await person.page
      .getByText(
        'Diese Behörde hat noch keine Website freigegeben, auf der diese Übersicht eingebettet werden darf.',
      )
      .waitFor();
    await expectNoAxeViolations(person.page, 'widget page without allowed sites (de)');
    expect(person.errors).toEqual([]);
    await person.context.close();
  }, 60_000);

  it('is set up by the admin in the settings, who copies a ready snippet', async () => {
    const { scene, browser } = shared;
    const amtsraum = scene.server.baseUrl;
    const tenant = await createTestTenant(scene.server, 'Stadt Beispiel');
    const admin = await tenant.staff('admin');
    const person = await newPerson(browser);
    const { context, page } = person;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: amtsraum });
    const [name, value] = admin.cookie.split(/=(.*)/s) as [string, string];
    await context.addCookies([{ name, value, url: amtsraum }]);

    await page.goto(`${amtsraum}/admin/settings`);
    await page.getByRole('heading', { level: 2, name: 'Auf Ihrer Website einbetten' }).waitFor();
    await page.getByText('Noch darf keine Website das Widget zeigen').waitFor();
    const snippets = page.locator('pre.code-snippet');
    const script = `<script src="${amtsraum}/embed.js" data-authority="${tenant.slug}" data-title="Virtuelle Büros: Stadt Beispiel" async></script>`;
    expect(await snippets.nth(0).textContent()).toBe(script);
    expect(await snippets.nth(1).textContent()).toContain(`src="${amtsraum}/${tenant.slug}/einbetten/buero"`);

    const form = page.getByRole('form', { name: 'Einstellungen der Einbettung' });
    await form.getByRole('button', { name: 'Website hinzufügen' }).click();
    await form.getByLabel('Website 1', { exact: true }).fill('http://www.beispiel.example/rathaus');
    await form.getByLabel('Akzentfarbe').fill('#ffff00');
    await form.getByRole('button', { name: 'Speichern' }).click();
    await form.getByText('Bitte eine Adresse wie https://www.musterstadt.de eingeben, ohne Pfad.').waitFor();
    await form.getByText('Zu wenig Kontrast zu weißer Schrift').waitFor();
    await expectNoAxeViolations(page, 'settings with embedding errors (de)');

    await form.getByLabel('Website 1', { exact: true }).fill('https://WWW.Beispiel.example/');
    await form.getByLabel('Akzentfarbe').fill('#1A5E9B');
    await form.getByLabel('Schrift').selectOption({ label: 'Systemschrift des Geräts' });
    await form.getByRole('button', { name: 'Speichern' }).click();
    await page
      .getByRole('status')
      .getByText('Die Einstellungen der Einbettung wurden gespeichert.')
      .waitFor();
    // The server's canonical form is what the form shows now.
    expect(await form.getByLabel('Website 1', { exact: true }).inputValue()).toBe(
      'https://www.beispiel.example',
    );
    const stored = await scene.server.app.inject({ url: `/api/public/tenants/${tenant.slug}/embed` });
    expect(stored.json()).toEqual({
      embedTheme: { accentColor: '#1a5e9b', font: 'system' },
      embedAllowedOrigins: ['https://www.beispiel.example'],
    });

    await page.getByRole('button', { name: 'Mit Skript (empfohlen) kopieren' }).click();
    await page.getByRole('status').getByText('Der Code wurde in die Zwischenablage kopiert.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(script);
    await expectNoAxeViolations(page, 'settings with embedding (de)');
    await snap(page, 'embed-settings');
    expect(person.errors).toEqual([]);
    await context.close();
  }, 60_000);
});
