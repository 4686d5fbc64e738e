import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { startIdentityProvider, type TestIdentityProvider } from '../support/oidc-provider';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../support/server';
import { expectNoAxeViolations } from '../support/walk-in';

let server: TestServer;
let tenant: TestTenant;
let idp: TestIdentityProvider;
let browser: Browser;
let admin: Awaited<ReturnType<TestTenant['staff']>>;

/** A browser of its own per person; requests to other hosts than this machine are cut (no network). */
async function newPage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'de-DE' });
  await context.route(
    (url) => url.hostname !== '127.0.0.1',
    (route) => route.abort(),
  );
  return context.newPage();
}

/** From the authority's login page through the provider's own sign-in form (any password) back to us. */
async function signInThroughProvider(page: Page, account: string) {
  await page.goto(`${server.baseUrl}/login/${tenant.slug}`);
  await page.getByRole('link', { name: 'Anmelden mit Dienstkonto Teststadt' }).click();
  await page.waitForURL(`${idp.issuer}/**`);
  await page.locator('input[name=login]').fill(account);
  await page.locator('input[name=password]').fill('the directory password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
}

const staffOf = async (email: string) =>
  (
    await server.ctx.db.query<{ id: string; role: string; active: boolean; sessions: number }>(
      `SELECT s.id, s.role, s.active, (SELECT count(*)::int FROM staff_sessions x WHERE x.staff_id = s.id) AS sessions
         FROM staff s WHERE s.email = $1`,
      [email],
    )
  )[0];

beforeAll(async () => {
  server = await startTestServer('pglite', { listen: true });
  tenant = await createTestTenant(server);
  idp = await startIdentityProvider({ baseUrl: server.baseUrl, slug: tenant.slug });
  admin = await tenant.staff('admin');
  const configured = await server.app.inject({
    method: 'PUT',
    url: '/api/admin/tenant/identity-provider',
    headers: { cookie: admin.cookie },
    payload: {
      displayName: 'Dienstkonto Teststadt',
      issuer: idp.issuer,
      clientId: idp.clientId,
      clientSecret: idp.clientSecret,
      groupsClaim: 'groups',
      groupMappings: [
        { group: 'amtsraum-admins', role: 'admin', unitId: tenant.unitId, officeIds: [] },
        { group: 'buergeramt', role: 'agent', unitId: tenant.unitId, officeIds: [] },
      ],
      passwordSignIn: true,
    },
  });
  expect(configured.statusCode, configured.body).toBe(200);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await idp?.close();
  await server?.close();
});

describe('single sign-on through the authority’s identity provider (OpenID Connect)', () => {
  it('signs in with the role a group claim gives, and the provider’s logout ends the session here', async () => {
    idp.accounts.set('ada', {
      email: 'ada@teststadt.example',
      name: 'Ada Lovelace',
      groups: ['alle', 'amtsraum-admins'],
    });
    const page = await newPage();
    await page.goto(`${server.baseUrl}/login/${tenant.slug}`);
    await page.getByRole('link', { name: 'Anmelden mit Dienstkonto Teststadt' }).waitFor();
    await expectNoAxeViolations(page, 'login with single sign-on');

    await signInThroughProvider(page, 'ada');
    await page.waitForURL(`${server.baseUrl}/admin`);
    await page.getByRole('heading', { level: 1, name: 'Verwaltung' }).waitFor();
    expect(await page.getByRole('banner').textContent()).toContain('Ada Lovelace');
    const me = await page.evaluate(async () => (await fetch('/api/auth/me')).json());
    expect(me).toMatchObject({
      email: 'ada@teststadt.example',
      role: 'admin',
      tenant: { slug: tenant.slug },
    });
    expect(await staffOf('ada@teststadt.example')).toMatchObject({
      role: 'admin',
      active: true,
      sessions: 1,
    });

    // Signing out at the provider (its own page) tells Amtsraum over the back channel.
    await page.goto(`${idp.issuer}/session/end`);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await expect.poll(() => idp.backchannel).toEqual({ ok: 1, failed: [] });
    expect((await staffOf('ada@teststadt.example'))?.sessions).toBe(0);
    await page.goto(`${server.baseUrl}/admin`);
    await page.waitForURL(`${server.baseUrl}/login`);
  });

  it('signs out at the provider too, and refuses (and disables) someone the directory took out of every group', async () => {
    idp.accounts.set('bob', { email: 'bob@teststadt.example', name: 'Bob Beispiel', groups: ['buergeramt'] });
    const page = await newPage();
    await signInThroughProvider(page, 'bob');
    // An agent lands on the workspace, not in administration.
    await page.waitForURL(`${server.baseUrl}/staff`);
    expect(await staffOf('bob@teststadt.example')).toMatchObject({ role: 'agent', active: true });

    // Our sign-out sends the browser to the provider's (RP-initiated logout), which comes back to the login page.
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL(`${idp.issuer}/**`);
    await page.getByRole('button', { name: 'Yes, sign me out' }).click();
    await page.waitForURL(`${server.baseUrl}/login/${tenant.slug}`);
    await page.getByRole('link', { name: 'Anmelden mit Dienstkonto Teststadt' }).waitFor();
    expect((await staffOf('bob@teststadt.example'))?.sessions).toBe(0);

    // The directory removes Bob from the group: the provider asks for his password again (its session
    // ended), and Amtsraum then refuses him and disables his account.
    idp.accounts.set('bob', { email: 'bob@teststadt.example', name: 'Bob Beispiel', groups: ['ehemalige'] });
    await signInThroughProvider(page, 'bob');
    await page.waitForURL(`${server.baseUrl}/login/${tenant.slug}?sso=no-role`);
    await page
      .getByRole('alert')
      .getByText('Ihr Dienstkonto hat keine Berechtigung für Amtsraum.', { exact: false })
      .waitFor();
    expect(await staffOf('bob@teststadt.example')).toMatchObject({ active: false, sessions: 0 });
  });

  it('is set up on the settings page: the addresses to give the provider, the groups, a new button name', async () => {
    const page = await newPage();
    const [name, ...value] = admin.cookie.split('=');
    await page.context().addCookies([{ name: name!, value: value.join('='), url: server.baseUrl }]);
    await page.goto(`${server.baseUrl}/admin/settings`);
    const section = page.getByRole('region', { name: 'Anmeldung über den Identitätsanbieter' });
    await section.getByText(`${server.baseUrl}/api/auth/oidc/callback`).waitFor();
    expect(await section.getByLabel('Aussteller (Issuer-URL)').inputValue()).toBe(idp.issuer);
    expect(await section.getByLabel('Client-Secret').inputValue()).toBe('');
    expect(await section.getByLabel('Gruppe im Verzeichnis').first().inputValue()).toBe('amtsraum-admins');
    await expectNoAxeViolations(page, 'settings with the identity provider');

    await section.getByLabel('Name auf der Schaltfläche').fill('Dienstkonto der Stadt');
    await section.getByRole('button', { name: 'Weitere Gruppe zuordnen' }).click();
    await section.getByLabel('Gruppe im Verzeichnis').nth(2).fill('bauamt');
    await section.getByRole('button', { name: 'Speichern' }).click();
    await page.getByText('Der Identitätsanbieter wurde gespeichert.').waitFor();
    const stored = await server.ctx.db.query<{ name: string; groups: string[] }>(
      `SELECT display_name AS name, array(SELECT m ->> 'group' FROM jsonb_array_elements(group_mappings) m) AS groups
         FROM tenant_identity_providers WHERE tenant_id = $1`,
      [tenant.tenantId],
    );
    expect(stored).toEqual([
      { name: 'Dienstkonto der Stadt', groups: ['amtsraum-admins', 'buergeramt', 'bauamt'] },
    ]);
    // Someone not signed in sees the new name on the authority's login page.
    const visitor = await newPage();
    await visitor.goto(`${server.baseUrl}/login/${tenant.slug}`);
    await visitor.getByRole('link', { name: 'Anmelden mit Dienstkonto der Stadt' }).waitFor();
  }, 120_000);
});
