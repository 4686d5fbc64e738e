import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { expectNoAxeViolations, newPerson, setUpWalkIn } from '../support/walk-in';

const walkIn = setUpWalkIn();

/** What a page asked the server for, and what it complained about, while it loaded. */
async function watch(page: Page) {
  const requests: string[] = [];
  const complaints: string[] = [];
  page.on('request', (request) => requests.push(new URL(request.url()).pathname));
  page.on('console', (message) => {
    if (message.type() === 'error') complaints.push(message.text());
  });
  // Also the violations a script catches (Chrome lists them as issues, not on the console).
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (event) =>
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`),
    ),
  );
  return { requests, complaints };
}

describe('a citizen’s first page', () => {
  it('asks for no staff session, loads each resource once and logs nothing, on every citizen page', async () => {
    const { scene, browser } = walkIn;
    const base = `${scene.server.baseUrl}/${scene.tenant.slug}`;
    const pages = [
      { path: '', ready: { role: 'heading' as const, name: 'Musterstadt' } },
      { path: '/termine', ready: { role: 'heading' as const, name: 'Termin buchen' } },
      { path: `/${scene.offices.main.slug}`, ready: { role: 'heading' as const, name: /Kamera, Mikrofon/ } },
    ];
    for (const { path, ready } of pages) {
      const person = await newPerson(browser);
      const seen = await watch(person.page);
      await person.page.goto(`${base}${path}`);
      await person.page.getByRole(ready.role, { name: ready.name }).first().waitFor();
      // Late requests (fonts, the office data) have come by the time the page is idle.
      await person.page.waitForLoadState('networkidle');
      const where = path || '/';
      expect(seen.requests, where).not.toContain('/api/auth/me');
      expect(seen.complaints, where).toEqual([]);
      // The icon is the browser's own fetch, not the page's: a busy Chromium asked for it twice.
      const twice = seen.requests.filter((r, i) => r !== '/favicon.svg' && seen.requests.indexOf(r) !== i);
      expect(twice, `requested twice on ${where} (a preload not used?)`).toEqual([]);
      // The two Latin subsets of Fira Sans, nothing of KERN's ten full faces.
      expect(seen.requests.filter((r) => r.endsWith('.woff2')).length, where).toBe(2);
      await person.context.close();
    }
  });

  it('shows the office list from the server’s HTML alone, and hydrates it without a change on screen', async () => {
    const { scene, browser } = walkIn;
    const url = `${scene.server.baseUrl}/${scene.tenant.slug}`;

    // None of the app's scripts (as before they have come): heading, offices and their links are there,
    // and accessible, as sent. (Not javaScriptEnabled: false, which axe needs to run.)
    const bare = await browser.newContext({ locale: 'de-DE' });
    const page = await bare.newPage();
    await page.route('**/assets/*.js', (route) => route.abort());
    await page.goto(url);
    await expect(page.getByRole('heading', { level: 1, name: 'Musterstadt' }).isVisible()).resolves.toBe(
      true,
    );
    for (const office of [scene.offices.main, scene.offices.cars]) {
      await expect(page.getByRole('heading', { level: 2, name: office.name }).isVisible()).resolves.toBe(
        true,
      );
    }
    const enter = page.getByRole('link', { name: 'Betreten' }).first();
    expect(await enter.getAttribute('href')).toMatch(new RegExp(`^/${scene.tenant.slug}/`));
    await expect(page.title()).resolves.toBe('Musterstadt – Amtsraum');
    await expectNoAxeViolations(page, 'office list without JavaScript');
    const bareText = await page.locator('main').textContent();
    await bare.close();

    // With the app: it takes over the server's nodes (none replaced), nothing moves, nothing doubles.
    const person = await newPerson(browser);
    const seen = await watch(person.page);
    await person.page.addInitScript(() => {
      const record = window as unknown as { __shifts: number; __replaced: string[] };
      record.__shifts = 0;
      record.__replaced = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries())
          record.__shifts += (entry as unknown as { value: number }).value;
      }).observe({ type: 'layout-shift', buffered: true });
      // Hydration keeps the server's elements; rendering afresh would remove them and insert new ones.
      new MutationObserver((mutations) => {
        for (const mutation of mutations) {
          for (const node of mutation.removedNodes)
            if (node.nodeType === 1) record.__replaced.push(node.nodeName);
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await person.page.goto(url);
    await person.page.waitForLoadState('networkidle');
    const after = await person.page.evaluate(() => {
      const { __shifts, __replaced } = window as unknown as { __shifts: number; __replaced: string[] };
      return { shifts: __shifts, replaced: __replaced };
    });
    // Hydration itself moves nothing (replaced stays empty); on a loaded machine a web font that arrives
    // after the first paint swaps in and shifted the text by 0.002 once, far below the 0.1 of a poor CLS.
    expect(after.shifts).toBeLessThan(0.01);
    expect(after.replaced).toEqual([]);
    // The app runs: the language switch works (a button without JavaScript does nothing).
    await person.page.getByRole('button', { name: 'English' }).click();
    await person.page.getByRole('link', { name: 'Enter' }).first().waitFor({ timeout: 5000 });
    await person.page.getByRole('button', { name: 'Deutsch' }).click();
    await person.page.getByRole('link', { name: 'Betreten' }).first().waitFor({ timeout: 5000 });
    expect(await person.page.locator('main').textContent()).toBe(bareText);
    await expect(person.page.getByRole('heading', { level: 1 }).count()).resolves.toBe(1);
    await expect(person.page.locator('header.site-header').count()).resolves.toBe(1);
    await expect(person.page.locator('#main').count()).resolves.toBe(1);
    // A hydration mismatch is reported on the console; so is any CSP refusal.
    expect(seen.complaints).toEqual([]);
    expect(person.errors).toEqual([]);
    await expectNoAxeViolations(person.page, 'office list after hydration');
    await person.context.close();
  });

  it('staff pages still ask who is signed in, and send a signed-out visitor to the sign-in page', async () => {
    const person = await newPerson(walkIn.browser);
    const seen = await watch(person.page);
    await person.page.goto(`${walkIn.scene.server.baseUrl}/staff`);
    await person.page.waitForURL(/\/login$/);
    expect(seen.requests).toContain('/api/auth/me');
    await person.context.close();
  });
});
