import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/shared/admin';
import { consultingOffice, type SeededCitizen, seedCitizens } from '../api/data-protection-fixtures';
import { createTestTenant, type TestTenant } from '../support/server';
import {
  expectNoAxeViolations,
  expectNoErrorsThenClose,
  newPerson,
  setUpWalkIn,
  snap,
} from '../support/walk-in';

/**
 * The data-protection officer's page: find a citizen by e-mail, download everything stored about them,
 * erase it with a reason, by keyboard; axe-clean in German and (for an admin) in English.
 */
const shared = setUpWalkIn();
let anna: SeededCitizen;
let anne: SeededCitizen;
/** An authority of its own: the scene's offices and agent would take the bookings. */
let tenant: TestTenant;

beforeAll(async () => {
  const { server } = shared.scene;
  tenant = await createTestTenant(server, 'Stadt Musterhausen');
  const place = await consultingOffice(server, tenant);
  [anna, anne] = (await seedCitizens(server, tenant, place, [
    {
      name: 'Anna Schmidt',
      email: 'anna.schmidt@example.org',
      phone: '0171 2345678',
      e164: '+491712345678',
      start: '2026-12-02T09:00:00Z',
      intake: 'Umzug nach Kiel',
      chat: 'Ich bringe den Mietvertrag mit',
      form: 'Zuzug zum 1. Februar',
      fileText: 'Mietvertrag',
    },
    {
      name: 'Anne Schmidt',
      email: 'anne.schmidt@example.org',
      phone: '0172 9876543',
      e164: '+491729876543',
      start: '2026-12-02T10:00:00Z',
      intake: 'Reisepass verloren',
      chat: 'Der alte Pass ist weg',
      form: 'Verlustanzeige',
      fileText: 'Verlustanzeige',
    },
  ])) as [SeededCitizen, SeededCitizen];
});

const base = () => shared.scene.server.baseUrl;

/**
 * A colleague of the role, signed in by the session cookie, on the page: reached from the overview of
 * the administration, whose cards only name the sections the role may open.
 */
async function openPage(role: Role, language: 'de' | 'en') {
  const person = await newPerson(shared.browser, { language });
  const { cookie } = await tenant.staff(role);
  const separator = cookie.indexOf('=');
  await person.context.addCookies([
    { name: cookie.slice(0, separator), value: cookie.slice(separator + 1), url: base() },
  ]);
  await person.page.goto(`${base()}/admin`);
  const title = language === 'en' ? 'Data protection requests' : 'Datenschutz-Anfragen';
  await person.page.getByRole('heading', { level: 2, name: title }).getByRole('link').click();
  await person.page.getByRole('heading', { level: 1, name: title }).waitFor();
  return person;
}

describe('data-protection requests page', () => {
  it('lets the officer find a citizen, download their data and erase it by keyboard (German)', async () => {
    const person = await openPage('privacy', 'de');
    const { page } = person;
    // The officer serves no office: no workspace in the navigation.
    expect(await page.getByRole('link', { name: 'Arbeitsplatz' }).count()).toBe(0);
    await page.getByLabel('E-Mail-Adresse', { exact: true }).fill('anna.schmidt@example.org');
    await page.keyboard.press('Enter');
    const result = page.getByRole('heading', { name: /^Gefunden: \d+ Einträge$/ });
    await result.waitFor();
    // Focus moves to the result, so a screen reader hears how much was found.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('dp-result-heading');
    const appointments = page.getByRole('table', { name: 'Termine' });
    await appointments.getByText('Anna Schmidt').waitFor();
    expect(await page.getByText('Anne Schmidt').count()).toBe(0);
    await expectNoAxeViolations(page, 'data-protection results (de)');

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Auskunft herunterladen (ZIP)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('auskunft-2026-12-02.zip');
    const zip = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
    const json = Buffer.from(zip['auskunft.json']!).toString('utf8');
    expect(JSON.parse(json).appointments.map((a: { id: string }) => a.id)).toEqual([anna.appointmentId]);
    expect(json).not.toContain(anne.appointmentId);

    // Erasing: ground, note, confirmation (Space on the box) and the button, all from the keyboard.
    await page.getByLabel('Grund der Löschung').selectOption('objection');
    await page.getByLabel('Vermerk für das Protokoll').fill('Antrag vom 3. Dezember, Az. DS-17');
    await page.getByRole('checkbox', { name: /Ich habe den Antrag geprüft/ }).focus();
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      'Personenbezogene Daten löschen',
    );
    await page.keyboard.press('Enter');
    await page
      .getByRole('status')
      .getByText(
        /^Die personenbezogenen Daten sind gelöscht \(\d+ Einträge\)\. Pseudonymisierte Gesprächsprotokolle: 1\.$/,
      )
      .waitFor();
    // The search shows what is stored now: nothing under her address.
    await page.getByText('Zu dieser Angabe sind keine Daten gespeichert.').waitFor();
    await snap(page, 'data-protection-de');
    await expectNoErrorsThenClose(person);
  });

  it('is axe-clean in English for an admin, with the correction dialog open', async () => {
    const person = await openPage('admin', 'en');
    const { page } = person;
    await page.getByLabel('Search by').selectOption('reference');
    await page.getByLabel('Appointment, visit or case reference', { exact: true }).fill(anne.appointmentId);
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('table', { name: 'Appointments' }).getByText('Anne Schmidt').waitFor();
    await expectNoAxeViolations(page, 'data-protection results (en)');
    await page
      .getByRole('table', { name: 'Appointments' })
      .getByRole('button', { name: /^Rectify the record of/ })
      .click();
    const dialog = page.getByRole('dialog', { name: 'Rectify appointment' });
    await dialog.waitFor();
    await expectNoAxeViolations(page, 'data-protection correction dialog (en)');
    await dialog.getByLabel('Name', { exact: true }).fill('Anne Schmitt');
    await dialog.getByRole('button', { name: 'Save rectification' }).click();
    await page.getByRole('status').getByText('The rectification is saved.').waitFor();
    await page.getByRole('table', { name: 'Appointments' }).getByText('Anne Schmitt').waitFor();
    await page.getByRole('link', { name: 'Download the records (PDF)' }).waitFor();
    await snap(page, 'data-protection-en');
    await expectNoErrorsThenClose(person);
  });
});
