import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../support/server';
import { appCode, freshCode } from '../support/totp';

const WEB_INDEX = fileURLToPath(new URL('../../dist/web/index.html', import.meta.url));
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let server: TestServer;
let tenant: TestTenant;
let browser: Browser;
const contexts: BrowserContext[] = [];

/** What a page must never do: talk to other hosts, or trip the Content Security Policy. */
interface Watch {
  foreignRequests: string[];
  cspViolations: string[];
  pageErrors: string[];
}

async function openPage(): Promise<{ page: Page; watch: Watch }> {
  const context = await browser.newContext({ locale: 'de-DE' });
  contexts.push(context);
  const watch: Watch = { foreignRequests: [], cspViolations: [], pageErrors: [] };
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'data:' || url.protocol === 'blob:') return;
    if (url.hostname !== '127.0.0.1') watch.foreignRequests.push(request.url());
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) watch.cspViolations.push(message.text());
  });
  page.on('pageerror', (error) => watch.pageErrors.push(error.message));
  return { page, watch };
}

function expectClean(watch: Watch) {
  expect(watch.foreignRequests, 'requests to other hosts').toEqual([]);
  expect(watch.cspViolations, 'CSP violations').toEqual([]);
  expect(watch.pageErrors, 'uncaught page errors').toEqual([]);
}

/** Signs in on the login page: e-mail, password and, for an administrator, the authenticator's code. */
async function signIn(page: Page, who: { id: string; email: string; password: string }) {
  await page.goto(`${server.baseUrl}/login`);
  await page.getByLabel('E-Mail-Adresse').fill(who.email);
  await page.getByLabel('Passwort', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Anmelden: zweiter Faktor' }).waitFor();
  await page.getByLabel('Code', { exact: true }).fill(await freshCode(server, who.id));
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await page.waitForURL(`${server.baseUrl}/admin`);
  await page.getByRole('heading', { level: 1, name: 'Verwaltung' }).waitFor();
}

async function openSection(page: Page, navName: string, linkName: string) {
  await page
    .getByRole('navigation', { name: navName })
    .getByRole('link', { name: linkName, exact: true })
    .click();
  await page.getByRole('heading', { level: 1, name: linkName }).waitFor();
}

/** Saves a full-page screenshot when E2E_SCREENSHOT_DIR is set, for looking at the UI by eye. */
async function snap(page: Page, name: string) {
  const dir = process.env.E2E_SCREENSHOT_DIR;
  if (dir) await page.screenshot({ path: join(dir, `amtsraum-${name}.png`), fullPage: true });
}

async function expectNoAxeViolations(page: Page, where: string) {
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const found = result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
  );
  expect(found, `axe violations on ${where}`).toEqual([]);
}

beforeAll(async () => {
  if (!existsSync(WEB_INDEX)) {
    throw new Error(
      `dist/web is missing (${WEB_INDEX}): run "npm run build" before this test (npm test does).`,
    );
  }
  server = await startTestServer('pglite', { listen: true });
  tenant = await createTestTenant(server);
  browser = await launchChromium();
});

afterEach(async () => {
  await Promise.all(contexts.splice(0).map((context) => context.close()));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('admin web app', () => {
  it('signs in, creates a service and an office, and still lists them after a reload', async () => {
    const admin = await tenant.staff('admin');
    const { page, watch } = await openPage();
    await signIn(page, admin);
    expect(await page.getByRole('banner').textContent()).toContain(`admin ${tenant.slug}`);

    // A service with a required document and one intake question.
    await openSection(page, 'Verwaltung', 'Dienstleistungen');
    await page.getByText('Noch keine Dienstleistungen angelegt.').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Personalausweis beantragen');
    await page.getByLabel('Organisationseinheit').selectOption({ label: 'Bürgeramt' });
    await page.getByLabel('Kanal').selectOption('both');
    await page.getByLabel('Beschreibung').fill('Neuer Ausweis für Erwachsene.');
    await page.getByLabel('Dauer in Minuten').fill('20');
    await page.getByLabel('Nachbereitungszeit in Minuten').fill('5');
    await page.getByRole('button', { name: 'Unterlage hinzufügen' }).click();
    await page.getByLabel('Unterlage 1', { exact: true }).fill('Biometrisches Lichtbild');
    await page.getByRole('button', { name: 'Frage hinzufügen' }).click();
    await page.getByLabel('Beschriftung').fill('Aktenzeichen');
    await page.getByLabel('Schlüssel').fill('aktenzeichen');
    await page.getByLabel('Pflichtangabe').check();
    await page.getByRole('button', { name: 'Dienstleistung anlegen' }).click();
    await page.getByRole('status').getByText('„Personalausweis beantragen“ wurde gespeichert.').waitFor();
    const serviceRow = page.getByRole('row', { name: /Personalausweis beantragen/ });
    await serviceRow.waitFor();
    expect(await serviceRow.textContent()).toContain('20 Minuten');
    expect(await serviceRow.textContent()).toContain('Video oder vor Ort');

    // An office open Monday morning and afternoon, Tuesday all day, closed on Christmas Eve.
    await openSection(page, 'Verwaltung', 'Virtuelle Büros');
    await page.getByLabel('Name', { exact: true }).fill('Bürgerbüro Mitte');
    expect(await page.getByLabel('Adresskürzel').inputValue()).toBe('buergerbuero-mitte');
    await page.getByLabel('Kapazität').fill('15');
    await page.getByLabel(/^Anschrift für Termine vor Ort/).fill('Marktplatz 1, 12345 Musterstadt');
    await page.getByLabel(/^Wegbeschreibung/).fill('Eingang B, Zimmer 12');
    await page.getByRole('button', { name: 'Zeitraum hinzufügen für Montag' }).click();
    await page.getByRole('button', { name: 'Zeitraum hinzufügen für Montag' }).click();
    await page.locator('#office-openingHours-mon-0-from').fill('08:30');
    await page.locator('#office-openingHours-mon-1-to').fill('17:00');
    await page.getByRole('button', { name: 'Zeitraum hinzufügen für Dienstag' }).click();
    await page.locator('#office-openingHours-tue-0-to').fill('15:00');
    await page.getByRole('button', { name: 'Schließtag hinzufügen' }).click();
    await page.getByLabel('Schließtag 1', { exact: true }).fill('2026-12-24');
    await page.getByRole('button', { name: 'Virtuelles Büro anlegen' }).click();
    await page.getByRole('status').getByText('„Bürgerbüro Mitte“ wurde gespeichert.').waitFor();
    const officeRow = page.getByRole('row', { name: /Bürgerbüro Mitte/ });
    await officeRow.waitFor();
    const officeText = await officeRow.textContent();
    expect(officeText).toContain('Mo 08:30–12:00, 13:00–17:00');
    expect(officeText).toContain('Di 08:00–15:00');
    expect(officeText).toContain(`/${tenant.slug}/buergerbuero-mitte`);
    expect(officeText).toContain('1 Schließtag');
    // Where citizens booked in person go: stored for the mails, calendar files and pages to name.
    const [place] = await server.ctx.db.query(
      `SELECT address, directions FROM offices WHERE tenant_id = $1 AND slug = 'buergerbuero-mitte'`,
      [tenant.tenantId],
    );
    expect(place).toEqual({ address: 'Marktplatz 1, 12345 Musterstadt', directions: 'Eingang B, Zimmer 12' });
    await snap(page, 'offices');

    // Both are stored: a full reload shows them again.
    await page.reload();
    await page.getByRole('row', { name: /Bürgerbüro Mitte/ }).waitFor();
    await openSection(page, 'Verwaltung', 'Dienstleistungen');
    await page.getByRole('row', { name: /Personalausweis beantragen/ }).waitFor();
    await page.reload();
    await page.getByRole('row', { name: /Personalausweis beantragen/ }).waitFor();

    await snap(page, 'services');
    expectClean(watch);
  }, 60_000);

  it('has no axe violations on the login page and every admin section, in German and English', async () => {
    const admin = await tenant.staff('admin');
    const { page, watch } = await openPage();
    const germanSections = [
      'Organisationseinheiten',
      'Dienstleistungen',
      'Virtuelle Büros',
      'Mitarbeitende',
      'Einstellungen',
    ];
    const englishSections = ['Organisational units', 'Services', 'Virtual offices', 'Staff', 'Settings'];

    await page.goto(`${server.baseUrl}/`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await expectNoAxeViolations(page, 'landing (de)');
    await page.getByRole('link', { name: 'Erklärung zur Barrierefreiheit' }).click();
    await page.getByRole('heading', { level: 1, name: 'Erklärung zur Barrierefreiheit' }).waitFor();
    await expectNoAxeViolations(page, 'accessibility statement (de)');

    await page.goto(`${server.baseUrl}/login`);
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    await expectNoAxeViolations(page, 'login (de)');
    // The error state is part of the page, too.
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await page.getByRole('alert').getByText('Bitte korrigieren Sie die 2 markierten Eingaben.').waitFor();
    await expectNoAxeViolations(page, 'login with errors (de)');
    await snap(page, 'login-errors');

    await signIn(page, admin);
    await expectNoAxeViolations(page, 'admin overview (de)');
    for (const section of germanSections) {
      await openSection(page, 'Verwaltung', section);
      await expectNoAxeViolations(page, `${section} (de)`);
    }
    await openSection(page, 'Verwaltung', 'Dienstleistungen');
    await page.getByRole('button', { name: 'Dienstleistung anlegen' }).click();
    await page
      .getByRole('alert')
      .getByText(/markierte/)
      .waitFor();
    await expectNoAxeViolations(page, 'service form with errors (de)');
    await snap(page, 'service-errors');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 1, name: 'Services' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    for (const section of englishSections) {
      await openSection(page, 'Administration', section);
      await expectNoAxeViolations(page, `${section} (en)`);
      await snap(page, `en-${section.replaceAll(' ', '-').toLowerCase()}`);
    }
    // The choice survives a reload.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await expectNoAxeViolations(page, 'login (en)');
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('de');
    expectClean(watch);
  }, 120_000);

  it('signs in with the keyboard alone', async () => {
    const admin = await tenant.staff('admin');
    const { page, watch } = await openPage();
    await page.goto(`${server.baseUrl}/login`);
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();

    // The first stop is the skip link.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Zum Inhalt springen');
    for (let i = 0; i < 15; i++) {
      if (await page.evaluate(() => document.activeElement?.id === 'login-email')) break;
      await page.keyboard.press('Tab');
    }
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('login-email');
    await page.keyboard.type(admin.email);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('login-password');
    await page.keyboard.type('wrong password');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').getByText('E-Mail-Adresse oder Passwort ist falsch.').waitFor();

    expect(await page.evaluate(() => document.activeElement?.id)).toBe('login-password');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(admin.password);
    await page.keyboard.press('Enter');
    // The second step takes focus at its heading; the code field is the next stop.
    await page.getByRole('heading', { level: 1, name: 'Anmelden: zweiter Faktor' }).waitFor();
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('login-code');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('autocomplete'))).toBe(
      'one-time-code',
    );
    await page.keyboard.type(await freshCode(server, admin.id));
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.baseUrl}/admin`);
    await page.getByRole('heading', { level: 1, name: 'Verwaltung' }).waitFor();
    expectClean(watch);
  });

  it.each([
    ['agent', '/staff'],
    ['lead', '/staff'],
    ['reporting', '/admin/statistics'],
  ] as const)('lands a signed-in %s where the role works (%s)', async (role, path) => {
    const person = await tenant.staff(role);
    const { page, watch } = await openPage();
    await page.goto(`${server.baseUrl}/login`);
    await page.getByLabel('E-Mail-Adresse').fill(person.email);
    await page.getByLabel('Passwort', { exact: true }).fill(person.password);
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    await page.waitForURL(`${server.baseUrl}${path}`);
    // Opening the sign-in page again while signed in leads there too.
    await page.goto(`${server.baseUrl}/login`);
    await page.waitForURL(`${server.baseUrl}${path}`);
    expectClean(watch);
  });

  it('has a new administrator set up an authenticator app while signing in, and shows the recovery codes once', async () => {
    const admin = await tenant.staff('admin');
    const colleague = { email: `neu-${tenant.slug}@example.org`, password: 'Wanderdüne-Kornfeld-Ampel-42' };
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/admin/staff',
      headers: { cookie: admin.cookie },
      payload: {
        ...colleague,
        displayName: 'Neu',
        role: 'admin',
        unitId: tenant.unitId,
        officeIds: [],
        active: true,
      },
    });
    expect(created.statusCode).toBe(201);
    const { page, watch } = await openPage();
    await page.goto(`${server.baseUrl}/login`);
    await page.getByLabel('E-Mail-Adresse').fill(colleague.email);
    await page.getByLabel('Passwort', { exact: true }).fill(colleague.password);
    await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
    const qr = page.getByRole('img', { name: 'QR-Code zum Einrichten der Authenticator-App' });
    await qr.waitFor();
    expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await expectNoAxeViolations(page, 'authenticator set-up (de)');
    // Typed by hand, as someone who cannot scan would: the key shown beside the QR code.
    const secret = (await page.locator('.totp-secret').textContent())!.trim();
    await page.getByLabel('Code', { exact: true }).fill('000000');
    await page.getByRole('button', { name: 'Einrichten und anmelden' }).click();
    // Said in the form's alert (the passkey button above has an empty one of its own).
    await page.getByRole('alert').filter({ hasText: /\S/ }).waitFor();
    await page
      .getByLabel('Code', { exact: true })
      .fill(appCode(secret, server.ctx.clock().epochMilliseconds));
    await page.getByRole('button', { name: 'Einrichten und anmelden' }).click();
    const codes = page.getByLabel('Wiederherstellungscodes', { exact: true });
    await codes.waitFor();
    expect((await codes.inputValue()).split(' ')).toHaveLength(10);
    await expectNoAxeViolations(page, 'recovery codes (de)');
    await page.getByRole('button', { name: 'Gespeichert, schließen' }).click();
    await page.waitForURL(`${server.baseUrl}/admin`);
    await page.getByRole('heading', { level: 1, name: 'Verwaltung' }).waitFor();
    expectClean(watch);
  });
});
