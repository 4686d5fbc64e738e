import { describe, expect, it } from 'vitest';
import { attackScene, describeAttack } from '../support/attack';
import { enterAsCitizen, expectNoErrorsThenClose, newPerson, setUpWalkIn } from '../support/walk-in';

// The production limits (the test servers' raised ones would let the script through), and a cheaper
// proof of work than production's so the script goes as fast as the limits let it.
const LIMITS = {
  RATE_LIMIT_FACTOR: '1',
  QUEUE_ENTRIES_PER_ADDRESS: '3',
  POW_ATTEMPTS: '20',
  POW_COST: '100',
};
const walkIn = setUpWalkIn({ env: async () => LIMITS });

describe('a script attacking one office and one calendar', { timeout: 180_000 }, () => {
  it('gets a handful through while a real citizen enters and books', async () => {
    const { scene, browser } = walkIn;
    const { slots, report: attack } = await attackScene(scene, { days: 14, deadlineMs: 20_000 });
    expect(slots).toBeGreaterThan(20);

    // Meanwhile a citizen (at 127.0.0.1) enters the same office and books a slot, by mouse.
    const citizen = await newPerson(browser);
    const { page } = citizen;
    await enterAsCitizen(page, scene, 'Echte Bürgerin');
    const booker = await newPerson(browser);
    await booker.page.goto(`${scene.server.baseUrl}/${scene.tenant.slug}/termine`);
    await booker.page.getByRole('button', { name: 'Termin wählen' }).first().click();
    await booker.page.getByRole('button', { name: /^Mittwoch, 2\. Dezember/ }).click();
    await booker.page
      .getByRole('group', { name: /Freie Uhrzeiten/ })
      .getByRole('button')
      .last()
      .click();
    await booker.page.getByLabel('Name', { exact: false }).first().fill('Erika Echt');
    await booker.page.getByLabel(/E-Mail/).fill('erika.echt@example.org');
    await booker.page.getByLabel(/Aktenzeichen/).fill('AZ-1');
    await booker.page.getByLabel(/Anzahl der Personen/).selectOption('1');
    await booker.page.getByLabel(/Datenschutzhinweise gelesen/).check();
    await booker.page.getByRole('button', { name: 'Termin verbindlich buchen' }).click();
    await booker.page
      .getByRole('heading', { name: 'Bitte bestätigen Sie Ihren Termin' })
      .waitFor({ timeout: 30_000 });

    const report = await attack;
    report.release();
    console.log(describeAttack(report).join('\n'));
    // The defaults: five entries per minute per address, of which three may wait at once; five bookings
    // per hour; twenty open sockets per address.
    expect(report.entries.succeeded).toBeLessThanOrEqual(3);
    expect(report.bookings.succeeded).toBeLessThanOrEqual(5);
    expect(report.sockets.succeeded).toBeLessThanOrEqual(20);
    expect(report.entries.tried).toBeGreaterThan(50);
    expect(report.bookings.tried).toBeGreaterThan(20);
    // The citizen is still in the queue, and the office is not full.
    await page.getByText(/Sie sind an Position \d+/).waitFor();
    const [office] = await scene.server.ctx.db.query<{ waiting: number }>(
      `SELECT count(*)::int AS waiting FROM visits WHERE office_id = $1 AND status = 'waiting'`,
      [scene.offices.main.id],
    );
    expect(office?.waiting).toBeLessThanOrEqual(1 + 3);
    await expectNoErrorsThenClose(citizen, booker);
  });
});
