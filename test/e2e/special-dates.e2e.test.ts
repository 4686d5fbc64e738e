import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addBookableService } from '../support/booking';
import { AXE_TAGS, expectNoErrorsThenClose, newPerson, setUpWalkIn } from '../support/walk-in';

const walkIn = setUpWalkIn();

async function expectNoAxeViolations(page: Page, where: string) {
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const found = result.violations.map(
    (v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target).join(', ')}`,
  );
  expect(found, `axe violations on ${where}`).toEqual([]);
}

describe('special opening hours in the browser', () => {
  it('an admin opens the office on a Thursday evening, and the booking page offers that evening', async () => {
    const { scene, browser } = walkIn;
    await addBookableService(scene);
    // The clock is Wednesday 25 November 2026; the offices open on Wednesdays only.
    const { cookie } = await scene.tenant.staff('admin');
    const admin = await newPerson(browser);
    await admin.context.addCookies([
      { name: 'amtsraum-staff', value: cookie.split('=').slice(1).join('='), url: scene.server.baseUrl },
    ]);
    const { page } = admin;
    await page.goto(`${scene.server.baseUrl}/admin/offices`);
    const section = page.getByRole('region', { name: 'Sonderöffnungszeiten und Schließtage' });
    await section.getByText('Keine Sonderöffnungszeiten oder Schließtage geplant.').waitFor();
    expect(await section.getByLabel('Virtuelles Büro').inputValue()).toBe(scene.offices.main.id);

    // Sent without a date first: the error is tied to the field.
    await section.getByLabel('Anlass').fill('Lange Nacht der Verwaltung');
    await section.getByRole('button', { name: 'Eintragen' }).click();
    const firstDay = section.getByLabel('Erster Tag');
    await expect.poll(() => firstDay.getAttribute('aria-invalid')).toBe('true');
    await expectNoAxeViolations(page, 'the special dates form with an error');

    await firstDay.fill('2026-11-26');
    await section.getByLabel('Art').selectOption({ label: 'Geöffnet zu besonderen Zeiten' });
    await section.getByLabel('Von').fill('17:00');
    await section.getByLabel('Bis', { exact: true }).fill('20:00');
    await section.getByRole('button', { name: 'Eintragen' }).click();
    await section.getByRole('status').getByText('„Lange Nacht der Verwaltung“ wurde eingetragen.').waitFor();
    const row = section.getByRole('row', { name: /Lange Nacht der Verwaltung/ });
    expect(await row.textContent()).toContain('17:00–20:00 Uhr');
    await expectNoAxeViolations(page, 'the offices page with a special date');

    const citizen = await newPerson(browser);
    await citizen.page.goto(`${scene.server.baseUrl}/${scene.tenant.slug}/termine`);
    await citizen.page.getByRole('button', { name: 'Termin wählen' }).first().click();
    await citizen.page.getByRole('button', { name: /^Donnerstag, 26\. November/ }).click();
    const times = citizen.page.getByRole('group', {
      name: 'Freie Uhrzeiten am Donnerstag, 26. November 2026',
    });
    await times.waitFor();
    expect(await times.getByRole('button').allTextContents()).toEqual([
      '17:00',
      '17:30',
      '18:00',
      '18:30',
      '19:00',
      '19:30',
    ]);
    await expectNoAxeViolations(citizen.page, 'the booking page on the evening');
    await expectNoErrorsThenClose(admin, citizen);
    // Two pages and three axe runs: more than the default on two busy cores.
  }, 90_000);
});
