import { describe, expect, it } from 'vitest';
import { expectNoErrorsThenClose, newPerson, setUpWalkIn } from '../support/walk-in';

// Real limits (the tests' default raises them), one entry a minute per address: the browser's and this
// test's requests all come from 127.0.0.1, one connection.
const walkIn = setUpWalkIn({
  env: async () => ({ RATE_LIMIT_FACTOR: '1', RATE_LIMIT_ENTRIES_PER_MINUTE: '1' }),
});

describe('a citizen over the rate limit', { timeout: 120_000 }, () => {
  it('is told in the form to wait, with the seconds the server named', async () => {
    const { scene, browser } = walkIn;
    const { slug } = scene.tenant;
    // Another tab of the same connection entered this minute already.
    await scene.server.app.inject({
      method: 'POST',
      url: `/api/public/tenants/${slug}/offices/${scene.offices.main.slug}/visits`,
      payload: {},
    });
    const citizen = await newPerson(browser);
    const { page } = citizen;
    await page.goto(`${scene.server.baseUrl}/${slug}/${scene.offices.main.slug}`);
    await page.getByRole('button', { name: 'Weiter', exact: true }).click();
    await page.getByLabel('Vorname oder Pseudonym').fill('Anna');
    const answer = page.waitForResponse(
      (r) => r.request().method() === 'POST' && r.url().endsWith('/visits'),
    );
    await page.getByRole('button', { name: 'Wartezimmer betreten' }).click();
    const seconds = Number((await answer).headers()['retry-after']);
    expect(seconds).toBeGreaterThan(0);
    await page
      .getByRole('alert')
      .getByText(
        `Zu viele Anfragen von Ihrem Anschluss – bitte versuchen Sie es in ${seconds} Sekunden erneut.`,
      )
      .waitFor();
    await expectNoErrorsThenClose(citizen);
  });
});
