import type { BrowserContext, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestTenant, type TestTenant } from '../support/server';
import {
  expectNoAxeViolations,
  expectNoErrorsThenClose,
  newPerson,
  type Person,
  setUpWalkIn,
  snap,
} from '../support/walk-in';
import { signatureHeaders, startReceiver } from '../support/webhook-receiver';

/**
 * The IT admin's integration pages: API keys (secret shown once, works against /api/v1 until revoked),
 * webhooks with their delivery log, the audit trail with its chain check, and the API documentation.
 */
const shared = setUpWalkIn();
let receiver: Awaited<ReturnType<typeof startReceiver>>;

beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver?.close();
});

const base = () => shared.scene.server.baseUrl;

/** Signs the browser context in as a new admin of the authority by the session cookie. */
async function signInAdmin(context: BrowserContext, tenant: TestTenant) {
  const admin = await tenant.staff('admin', { displayName: 'Ines Admin' });
  const [name, ...value] = admin.cookie.split('=');
  await context.addCookies([{ name: name!, value: value.join('='), url: base() }]);
  return admin;
}

/** An admin page open in a fresh context, reached through the admin navigation as people do. */
async function openAdmin(
  linkName: string,
  options: { tenant?: TestTenant; language?: 'de' | 'en' } = {},
): Promise<Person & { admin: Awaited<ReturnType<typeof signInAdmin>> }> {
  const person = await newPerson(shared.browser, options.language ? { language: options.language } : {});
  const admin = await signInAdmin(person.context, options.tenant ?? shared.scene.tenant);
  await person.page.goto(`${base()}/admin`);
  await person.page
    .getByRole('navigation', { name: options.language === 'en' ? 'Administration' : 'Verwaltung' })
    .getByRole('link', { name: linkName, exact: true })
    .click();
  await person.page.getByRole('heading', { level: 1, name: linkName }).waitFor();
  return { ...person, admin };
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent ?? '');

/** Waits until focus sits on an element with this text (focus moves in an effect after render). */
async function waitForFocus(page: Page, text: string) {
  await page.waitForFunction((expected) => document.activeElement?.textContent === expected, text);
}

/** Accepts the next confirm() and hands back its question. */
function acceptNextDialog(page: Page) {
  return new Promise<string>((resolve) => {
    page.once('dialog', (dialog) => {
      resolve(dialog.message());
      void dialog.accept();
    });
  });
}

const callApi = (key: string) =>
  fetch(`${base()}/api/v1/appointments`, { headers: { authorization: `Bearer ${key}` } });

describe('admin integration pages', () => {
  it('creates an API key, shows the secret once, and the key works against /api/v1 until revoked', async () => {
    const person = await openAdmin('API-Schlüssel');
    const { page } = person;
    await person.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base() });
    await page.getByText('Noch keine API-Schlüssel angelegt.').waitFor();

    // Nothing filled in: both fields are named.
    await page.getByRole('button', { name: 'API-Schlüssel anlegen' }).click();
    await page.getByRole('alert').getByText('Bitte korrigieren Sie die 2 markierten Eingaben.').waitFor();
    await expectNoAxeViolations(page, 'API keys with errors (de)');

    await page.getByLabel('Bezeichnung').fill('Fachverfahren Wohngeld');
    await page.getByLabel('Termine lesen (appointments:read)').check();
    await page.getByRole('button', { name: 'API-Schlüssel anlegen' }).click();
    const boxHeading = 'Ihr neuer API-Schlüssel „Fachverfahren Wohngeld“';
    await page.getByRole('heading', { level: 2, name: boxHeading }).waitFor();
    await waitForFocus(page, boxHeading);
    const key = await page.getByLabel('API-Schlüssel', { exact: true }).inputValue();
    expect(key).toMatch(/^amk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    await page.getByText('Wird nur jetzt angezeigt.').waitFor();
    await page.getByRole('button', { name: 'In die Zwischenablage kopieren' }).click();
    await page.getByRole('status').getByText('Kopiert.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(key);
    await page.getByRole('status').getByText('„Fachverfahren Wohngeld“ wurde gespeichert.').waitFor();
    await expectNoAxeViolations(page, 'API keys with the new secret (de)');
    await snap(page, 'api-key-secret');

    // The list shows the key's start and its rights, never the key.
    const row = page.getByRole('row', { name: /Fachverfahren Wohngeld/ });
    const prefix = key.slice(0, 'amk_'.length + 12);
    // Waited for, not read at once: the list reloads just after the message.
    await row.getByText('noch nie').waitFor();
    expect(await row.textContent()).toContain(`${prefix}_…`);
    expect(await row.textContent()).toContain('Termine lesen (appointments:read)');
    await page.getByRole('button', { name: 'Gespeichert, schließen' }).click();
    await waitForFocus(page, 'Vorhandene API-Schlüssel');
    expect(await page.content()).not.toContain(key.slice(prefix.length));

    // The case system calls /api/v1 with it; the list then knows when it was last used.
    const answer = await callApi(key);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ appointments: [] });
    await page.reload();
    await page.getByRole('row', { name: /Fachverfahren Wohngeld/ }).waitFor();
    expect(await page.content()).not.toContain(key.slice(prefix.length));
    expect(await page.getByRole('row', { name: /Fachverfahren Wohngeld/ }).textContent()).not.toContain(
      'noch nie',
    );

    const question = acceptNextDialog(page);
    await page.getByRole('button', { name: 'API-Schlüssel „Fachverfahren Wohngeld“ widerrufen' }).click();
    expect(await question).toContain('„Fachverfahren Wohngeld“ wirklich widerrufen?');
    await page
      .getByRole('status')
      .getByText('API-Schlüssel „Fachverfahren Wohngeld“ wurde widerrufen.')
      .waitFor();
    // The list reloads after the message: the row then says when it was revoked.
    await page
      .getByRole('row', { name: /Fachverfahren Wohngeld/ })
      .getByText(/Widerrufen am/)
      .waitFor();
    const refused = await callApi(key);
    expect(refused.status).toBe(401);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    await expectNoErrorsThenClose(person);
  }, 120_000);

  it('sets up a webhook to a local receiver, sends a test event and shows its delivery with the response code', async () => {
    const person = await openAdmin('Webhooks');
    const { page } = person;
    await page.getByText('Noch keine Webhooks eingerichtet.').waitFor();

    // The server's address rules (SSRF) come back as the field's error.
    await page.getByLabel('Adresse (URL)').fill('https://10.0.0.1/hook');
    await page.getByLabel('Termin gebucht (appointment.booked)').check();
    await page.getByRole('button', { name: 'Webhook einrichten' }).click();
    await page.getByText('Die Adresse darf nicht auf ein privates oder reserviertes Netz zeigen.').waitFor();
    await page.getByRole('alert').getByText('Die Angaben wurden vom Server nicht angenommen.').waitFor();
    await expectNoAxeViolations(page, 'webhooks with errors (de)');

    const url = receiver.url('/amtsraum/hooks');
    await page.getByLabel('Adresse (URL)').fill(url);
    await page.getByRole('button', { name: 'Webhook einrichten' }).click();
    await waitForFocus(page, 'Signaturschlüssel Ihres neuen Webhooks');
    const secret = await page.getByLabel('Signaturschlüssel', { exact: true }).inputValue();
    expect(secret).toMatch(/^whsec_/);
    await expectNoAxeViolations(page, 'webhooks with the new secret (de)');
    await page.getByRole('button', { name: 'Gespeichert, schließen' }).click();
    expect(await page.content()).not.toContain(secret);

    const row = page.getByRole('row', { name: new RegExp(url) });
    expect(await row.textContent()).toContain('Termin gebucht (appointment.booked)');
    await row.getByRole('button', { name: `Zustellprotokoll für ${url}` }).click();
    await waitForFocus(page, `Zustellprotokoll für ${url}`);
    await page.getByText('Noch keine Zustellungen an diese Adresse.').waitFor();

    receiver.received.length = 0;
    await page.getByRole('button', { name: 'Testereignis senden' }).click();
    await page
      .getByRole('status')
      .getByText(/Das Testereignis wurde in die Warteschlange gestellt/)
      .waitFor();
    const logRow = page.getByRole('row', { name: /Testereignis \(webhook\.test\)/ });
    await logRow.getByText('Ausstehend').waitFor();

    // The queue sends it (a server process does so within a second; the test runs it at once).
    await shared.scene.server.ctx.jobs.runDue();
    expect(receiver.received).toHaveLength(1);
    // The secret shown once is the one the deliveries are signed with.
    const [request] = receiver.received;
    expect(request!.path).toBe('/amtsraum/hooks');
    expect(new Webhook(secret).verify(request!.body, signatureHeaders(request!))).toMatchObject({
      type: 'webhook.test',
    });

    await page.getByRole('button', { name: 'Protokoll aktualisieren' }).click();
    await page.getByRole('status').getByText('Das Zustellprotokoll wurde aktualisiert.').waitFor();
    await logRow.getByText('Zugestellt').waitFor();
    expect(await logRow.textContent()).toContain('HTTP 200');
    await expectNoAxeViolations(page, 'webhook delivery log (de)');
    await snap(page, 'webhook-log');

    const question = acceptNextDialog(page);
    await page.getByRole('button', { name: `Webhook ${url} widerrufen` }).click();
    expect(await question).toContain('wirklich widerrufen?');
    await page.getByRole('status').getByText(`Webhook „${url}“ wurde widerrufen.`).waitFor();
    await page.getByText('Noch keine Webhooks eingerichtet.').waitFor();
    expect(await page.getByRole('heading', { name: `Zustellprotokoll für ${url}` }).count()).toBe(0);
    await expectNoErrorsThenClose(person);
  }, 120_000);

  it('pages through the audit trail, filters by action and checks the chain: intact, then the broken link', async () => {
    // An authority of its own, so the trail holds exactly what this test does.
    const tenant = await createTestTenant(shared.scene.server, 'Prüfstadt');
    const person = await openAdmin('Prüfprotokoll', { tenant });
    const { page, admin } = person;
    // The admin's sign-in, then 54 key creations: 55 events, a full page of 50 and a second of 5.
    for (let i = 1; i <= 54; i++) {
      const created = await shared.scene.server.app.inject({
        method: 'POST',
        url: '/api/admin/api-keys',
        headers: { cookie: admin.cookie },
        payload: { name: `Schlüssel ${i}`, scopes: ['consultations:read'] },
      });
      expect(created.statusCode).toBe(201);
    }
    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Einträge, Seite 1' }).waitFor();
    const rows = page.getByRole('table').getByRole('row');
    await expect.poll(() => rows.count()).toBe(51);
    // The newest first: the last key's creation, by the admin, on the key, both by name (the names are
    // looked up after the rows arrive, so they are waited for).
    await rows.nth(1).getByText('API-Schlüssel: Schlüssel 54').waitFor();
    const newest = await rows.nth(1).textContent();
    expect(newest).toContain('55');
    expect(newest).toContain('api_key.created');
    expect(newest).toContain('Mitarbeitende: Ines Admin');
    expect(newest).toContain('API-Schlüssel: Schlüssel 54');
    await expectNoAxeViolations(page, 'audit trail (de)');

    await page.getByRole('button', { name: 'Ältere Einträge' }).click();
    await waitForFocus(page, 'Einträge, Seite 2');
    await expect.poll(() => rows.count()).toBe(6);
    expect(await page.getByRole('button', { name: 'Ältere Einträge' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Neuere Einträge' }).click();
    await waitForFocus(page, 'Einträge, Seite 1');

    await page.getByLabel('Aktion').selectOption('auth.signed_in');
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await expect.poll(() => rows.count()).toBe(2);
    expect(await page.getByRole('table').textContent()).not.toContain('api_key.created');

    await page.getByRole('button', { name: 'Kette prüfen' }).click();
    const result = page.getByRole('status').filter({ hasText: 'Kette' });
    await result.getByText('Kette intakt').waitFor();
    expect(await result.textContent()).toContain('Alle 55 Einträge sind unverändert');
    await expectNoAxeViolations(page, 'audit trail checked (de)');

    // Someone with database rights edits event 3 behind the application's back.
    const db = shared.scene.server.ctx.db;
    await db.exec('ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update');
    await db.query(`UPDATE audit_events SET action = 'auth.signed_out' WHERE tenant_id = $1 AND seq = 3`, [
      tenant.tenantId,
    ]);
    await db.exec('ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update');
    await page.getByRole('button', { name: 'Kette prüfen' }).click();
    await result.getByText('Kette unterbrochen').waitFor();
    expect(await result.textContent()).toContain('Erster fehlerhafter Eintrag: Nr. 3');
    await snap(page, 'audit-broken');
    expect(await focusedText(page)).toBe('Kette prüfen');
    await expectNoErrorsThenClose(person);
  }, 120_000);

  it('renders the OpenAPI document as a docs page, public and in the admin area, without other hosts', async () => {
    const doc = await (await fetch(`${base()}/api/v1/openapi.json`)).json();
    const operations = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(operations.length).toBeGreaterThanOrEqual(8);

    const visitor = await newPerson(shared.browser);
    const foreign: string[] = [];
    visitor.context.on('request', (request) => {
      if (new URL(request.url()).hostname !== '127.0.0.1') foreign.push(request.url());
    });
    const { page } = visitor;
    await page.goto(`${base()}/api-docs`);
    await page.getByRole('heading', { level: 1, name: 'API-Dokumentation' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Amtsraum API' }).waitFor();
    const listed = await page.getByRole('heading', { level: 3 }).allTextContents();
    expect(listed.map((text) => text.replace(/\s+/g, ' ').trim()).sort()).toEqual(operations.sort());
    expect(
      await page.getByRole('link', { name: 'OpenAPI-Dokument herunterladen (JSON)' }).getAttribute('href'),
    ).toBe('/api/v1/openapi.json');
    await page.getByRole('heading', { level: 2, name: 'Anmeldung mit API-Schlüssel' }).waitFor();

    // One operation opened: scope, request body as a nested list, responses.
    const booking = page.getByRole('article', { name: 'POST /api/v1/appointments' });
    expect(await booking.textContent()).toContain('Benötigtes Recht: appointments:write');
    await booking.getByText('Parameter, Anfrage und Antworten von POST /api/v1/appointments').click();
    const body = booking.getByRole('region', { name: 'POST /api/v1/appointments' });
    await body.getByRole('heading', { level: 4, name: 'Anfrage' }).waitFor();
    const citizen = body
      .getByRole('listitem')
      .filter({ hasText: /^citizen/ })
      .first();
    expect(await citizen.textContent()).toMatch(/email\s*string \(email\)\s*Pflicht/);
    // The answer's schema is shown; the error answers' shared problem schema is folded away.
    expect(
      await body
        .getByRole('listitem')
        .filter({ hasText: /^joinUrl/ })
        .textContent(),
    ).toContain('string | null');
    expect(await body.textContent()).toContain('401 – Missing, unknown or revoked API key');
    const problemSchemas = body.locator('details.schema-fold');
    expect(await problemSchemas.count()).toBeGreaterThanOrEqual(4);
    expect(await problemSchemas.first().getAttribute('open')).toBeNull();
    await expectNoAxeViolations(page, 'API docs (de)');
    await snap(page, 'api-docs');
    expect(foreign).toEqual([]);
    await expectNoErrorsThenClose(visitor);

    const person = await openAdmin('API-Dokumentation');
    await person.page.getByRole('heading', { level: 2, name: 'Amtsraum API' }).waitFor();
    expect(await person.page.getByRole('heading', { level: 3 }).count()).toBe(operations.length);
    await expectNoErrorsThenClose(person);
  }, 120_000);

  it('has no axe violations on the new pages in English', async () => {
    const tenant = await createTestTenant(shared.scene.server, 'Checktown');
    const person = await openAdmin('API keys', { tenant, language: 'en' });
    const { page } = person;
    await page.getByText('No API keys yet.').waitFor();
    await expectNoAxeViolations(page, 'API keys (en)');
    for (const [section, ready] of [
      ['Webhooks', 'No webhooks set up yet.'],
      ['Audit trail', 'Entries, page 1'],
      ['API documentation', 'Amtsraum API'],
    ] as const) {
      await page
        .getByRole('navigation', { name: 'Administration' })
        .getByRole('link', { name: section, exact: true })
        .click();
      await page.getByRole('heading', { level: 1, name: section }).waitFor();
      await page.getByText(ready, { exact: true }).first().waitFor();
      await expectNoAxeViolations(page, `${section} (en)`);
    }
    await page
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('link', { name: 'Audit trail', exact: true })
      .click();
    await page.getByRole('button', { name: 'Check chain' }).click();
    await page.getByRole('status').getByText('Chain intact').waitFor();
    await expectNoAxeViolations(page, 'audit trail checked (en)');
    await expectNoErrorsThenClose(person);
  }, 120_000);
});
