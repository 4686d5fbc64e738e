import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PROOF_OF_WORK_HEADER } from '../../src/shared/proof-of-work';
import { PRODUCTION_POW_ENV } from '../support/proof-of-work';
import {
  expectNoAxeViolations,
  expectNoErrorsThenClose,
  newPerson,
  setUpWalkIn,
  snap,
  type WalkInScene,
} from '../support/walk-in';

// The real difficulty (the defaults), not the tests' lowest one: what a citizen's browser meets.
const walkIn = setUpWalkIn({ env: async () => PRODUCTION_POW_ENV });

const status = (page: Page) => page.locator('.proof-of-work [role="status"]');

/** To the entry form of the main office, past the device check. */
async function openEntryForm(page: Page, scene: WalkInScene) {
  await page.goto(`${scene.server.baseUrl}/${scene.tenant.slug}/${scene.offices.main.slug}`);
  await page.getByRole('button', { name: 'Weiter', exact: true }).click();
  await page.getByLabel('Vorname oder Pseudonym').waitFor();
}

describe('the proof of work a citizen does not notice', { timeout: 120_000 }, () => {
  it('runs while the citizen types, is accessible in each state, and needs no extra step', async () => {
    const { scene, browser } = walkIn;
    const citizen = await newPerson(browser);
    const { page } = citizen;
    await openEntryForm(page, scene);
    await expect.poll(() => status(page).textContent()).toMatch(/läuft im Hintergrund|abgeschlossen/);
    await expectNoAxeViolations(page, 'entry form while the check runs');

    // Keyboard alone: type into the focused name field, Enter sends; no click is added by the check.
    await page.getByLabel('Vorname oder Pseudonym').focus();
    await page.keyboard.type('Tastatur');
    const entry = page.waitForRequest((r) => r.method() === 'POST' && r.url().endsWith('/visits'));
    await page.keyboard.press('Enter');
    const header = (await entry).headers()[PROOF_OF_WORK_HEADER];
    expect(JSON.parse(Buffer.from(header!, 'base64').toString()).solution.counter).toBeGreaterThan(0);
    await page.getByText(/Sie sind an Position \d+/).waitFor();
    await expectNoErrorsThenClose(citizen);
  });

  it('says so when the check fails, and a keyboard retry finishes it', async () => {
    const { scene, browser } = walkIn;
    const citizen = await newPerson(browser);
    const { page } = citizen;
    await page.route('**/challenge', (route) => route.fulfill({ status: 503, body: '' }));
    await openEntryForm(page, scene);
    await status(page).getByText('Die Sicherheitsprüfung hat nicht geklappt.').waitFor();
    await snap(page, 'proof-of-work-failed');
    await expectNoAxeViolations(page, 'entry form after a failed check');

    await page.unroute('**/challenge');
    await page.getByRole('button', { name: 'Sicherheitsprüfung wiederholen' }).focus();
    await page.keyboard.press('Enter');
    await status(page).getByText('Sicherheitsprüfung abgeschlossen.').waitFor({ timeout: 30_000 });
    await expectNoAxeViolations(page, 'entry form after the check');
    await expectNoErrorsThenClose(citizen);
  });

  it('replaces a refused proof by a fresh one and sends once more, unseen by the citizen', async () => {
    const { scene, browser } = walkIn;
    const citizen = await newPerson(browser);
    const { page } = citizen;
    const sent: string[] = [];
    // The first entry is refused as a used proof would be (e.g. after a double click on a slow line).
    await page.route('**/visits', async (route) => {
      sent.push(route.request().headers()[PROOF_OF_WORK_HEADER] ?? '');
      if (sent.length > 1) return route.continue();
      return route.fulfill({
        status: 403,
        contentType: 'application/problem+json',
        body: JSON.stringify({ status: 403, title: 'Forbidden', reason: 'proof-of-work' }),
      });
    });
    await openEntryForm(page, scene);
    await page.getByLabel('Vorname oder Pseudonym').fill('Zweimal');
    await page.getByRole('button', { name: 'Wartezimmer betreten' }).click();
    await page.getByText(/Sie sind an Position \d+/).waitFor({ timeout: 30_000 });
    expect(sent).toHaveLength(2);
    expect(sent[1]).not.toBe(sent[0]);
    await expectNoErrorsThenClose(citizen);
  });
});
