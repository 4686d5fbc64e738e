import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../support/server';
import { expectNoAxeViolations } from '../support/walk-in';

let server: TestServer;
let tenant: TestTenant;
let browser: Browser;
/** WebAuthn needs a domain: an IP address is never a relying party, localhost is. */
let origin: string;

beforeAll(async () => {
  server = await startTestServer('pglite', { listen: true });
  origin = server.baseUrl.replace('127.0.0.1', 'localhost');
  server.ctx.config.publicUrl = new URL(origin);
  tenant = await createTestTenant(server);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** A browser with Chromium's virtual authenticator (CDP WebAuthn): a platform passkey that verifies the user. */
async function pageWithAuthenticator(): Promise<Page> {
  const context = await browser.newContext({ locale: 'de-DE' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return page;
}

async function typePassword(page: Page, who: { email: string; password: string }) {
  await page.goto(`${origin}/login`);
  await page.getByLabel('E-Mail-Adresse').fill(who.email);
  await page.getByLabel('Passwort', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
}

describe('passkeys as the second factor (WebAuthn)', () => {
  it('a new administrator sets up a passkey while signing in, then signs in with password and passkey', async () => {
    const admin = await tenant.staff('admin');
    const colleague = {
      email: `passkey-${randomBytes(3).toString('hex')}@${tenant.slug}.example`,
      password: 'Strandkorb-Leuchtturm-Kompass-7',
    };
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/admin/staff',
      headers: { cookie: admin.cookie },
      payload: {
        ...colleague,
        displayName: 'Pia Passkey',
        role: 'admin',
        unitId: tenant.unitId,
        officeIds: [],
        active: true,
      },
    });
    expect(created.statusCode).toBe(201);
    const staffId = created.json().id as string;
    const page = await pageWithAuthenticator();

    await typePassword(page, colleague);
    await page.getByRole('button', { name: 'Passkey oder Sicherheitsschlüssel einrichten' }).click();
    const codes = page.getByLabel('Wiederherstellungscodes', { exact: true });
    await codes.waitFor();
    expect((await codes.inputValue()).split(' ')).toHaveLength(10);
    await page.getByRole('button', { name: 'Gespeichert, schließen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Verwaltung' }).waitFor();
    const stored = () =>
      server.ctx.db.query<{ counter: string; used: boolean }>(
        'SELECT counter::text AS counter, last_used_at IS NOT NULL AS used FROM staff_passkeys WHERE staff_id = $1',
        [staffId],
      );
    expect(await stored()).toEqual([{ counter: expect.any(String), used: false }]);

    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
    await typePassword(page, colleague);
    const usePasskey = page.getByRole('button', { name: 'Mit Passkey oder Sicherheitsschlüssel bestätigen' });
    await usePasskey.waitFor();
    await expectNoAxeViolations(page, 'second factor with a passkey');
    await usePasskey.click();
    await page.getByRole('heading', { level: 1, name: 'Verwaltung' }).waitFor();
    expect((await stored())[0]?.used).toBe(true);
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).json());
    expect(me).toMatchObject({ id: staffId, role: 'admin' });
  }, 90_000);
});
