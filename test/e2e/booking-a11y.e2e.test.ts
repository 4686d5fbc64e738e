import type { BrowserContext } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { deliveredOutboxMailTo } from '../api/outbox-fixtures';
import { addBookableService, linksIn } from '../support/booking';
import {
  expectNoAxeViolations,
  expectNoErrorsThenClose,
  expectUniqueControlNames,
  newPerson,
  setUpWalkIn,
  signInAgent,
  snap,
  type WalkInScene,
} from '../support/walk-in';

// No SMTP server configured: mails go to the outbox, which the admin reads in the UI.
const walkIn = setUpWalkIn();
let admin: { cookie: string };
beforeAll(async () => {
  await addBookableService(walkIn.scene);
  admin = await walkIn.scene.tenant.staff('admin', { displayName: 'Ada Admin' });
});

const TEXT = {
  de: {
    choose: 'Termin wählen',
    day: /^Mittwoch, 2\. Dezember/,
    time: '10:00',
    submit: 'Termin verbindlich buchen',
    errors: /Bitte korrigieren Sie die 5 markierten Eingaben/,
    name: 'Vor- und Nachname',
    email: 'E-Mail-Adresse',
    consent: 'Ich habe die Datenschutzhinweise gelesen und bin einverstanden.',
    done: 'Ihr Termin ist gebucht',
    manageTitle: 'Ihr Termin',
    move: 'Termin verschieben',
    pick: 'Neue Zeit wählen',
    early: 'Das Wartezimmer öffnet um 09:45 Uhr (Mittwoch, 2. Dezember 2026).',
    invalid: 'Dieser Link ist nicht (mehr) gültig',
    calendar: 'Termine',
    moveRow: /^Termin von .* verschieben$/,
    bookService: 'Dienstleistung',
    availability: 'Meine Zeiten',
    outbox: 'Postausgang',
  },
  en: {
    choose: 'Choose a time',
    day: /^Wednesday,? 2 December/,
    time: '10:30',
    submit: 'Book this appointment',
    errors: /Please correct the 5 marked entries/,
    name: 'First and last name',
    email: 'E-mail address',
    consent: 'I have read the privacy notice and agree.',
    done: 'Your appointment is booked',
    manageTitle: 'Your appointment',
    move: 'Move appointment',
    pick: 'Choose a new time',
    early: /The waiting room opens at 10:15 \(Wednesday,? 2 December 2026\)\./,
    invalid: 'This link is not valid (any more)',
    calendar: 'Appointments',
    moveRow: /^Move the appointment of .*$/,
    bookService: 'Service',
    availability: 'My hours',
    outbox: 'Outbox',
  },
};

async function signInAdmin(context: BrowserContext, scene: WalkInScene) {
  const [name, ...value] = admin.cookie.split('=');
  await context.addCookies([{ name: name!, value: value.join('='), url: scene.server.baseUrl }]);
}

describe('booking pages: accessibility', () => {
  for (const language of ['de', 'en'] as const) {
    it(`have no axe violations from the service list to the outbox (${language})`, async () => {
      const { scene, browser } = walkIn;
      const text = TEXT[language];
      const citizen = await newPerson(browser, { language });
      const { page } = citizen;
      const base = `${scene.server.baseUrl}/${scene.tenant.slug}`;

      await page.goto(`${base}/termine`);
      await page.getByRole('button', { name: text.choose }).first().waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
      await expectNoAxeViolations(page, `service list (${language})`);
      await expectUniqueControlNames(page, `service list (${language})`);
      await snap(page, `booking-services-${language}`);

      await page.getByRole('button', { name: text.choose }).first().click();
      await page.getByRole('button', { name: text.day }).click();
      await page.getByRole('button', { name: text.time, exact: true }).waitFor();
      await expectNoAxeViolations(page, `slot picker (${language})`);
      await expectUniqueControlNames(page, `slot picker (${language})`);
      await page.getByRole('button', { name: text.time, exact: true }).click();

      await page.getByRole('button', { name: text.submit }).waitFor();
      await expectNoAxeViolations(page, `booking form (${language})`);
      await expectUniqueControlNames(page, `booking form (${language})`);
      await page.getByRole('button', { name: text.submit }).click();
      await page.getByRole('alert').getByText(text.errors).waitFor();
      await expectNoAxeViolations(page, `booking form with errors (${language})`);

      await page.getByLabel(text.name).fill(`Axe ${language}`);
      await page.getByLabel(text.email, { exact: true }).fill(`${language}@example.org`);
      await page.getByLabel('Aktenzeichen').fill('AZ-9');
      await page.getByLabel('Anzahl der Personen').selectOption('1');
      await page.getByLabel(text.consent).check();
      await page.getByRole('button', { name: text.submit }).click();
      await page.getByRole('heading', { name: text.done }).waitFor();
      await expectNoAxeViolations(page, `confirmation (${language})`);

      await scene.server.ctx.jobs.runDue();
      // The mail as delivered: the admin outbox shows its links masked.
      const mail = await deliveredOutboxMailTo(
        scene.server,
        scene.tenant.tenantId,
        `${language}@example.org`,
      );
      const links = linksIn(mail.text);

      // The manage page and its reschedule picker.
      await page.goto(links.manage!);
      await page.getByRole('heading', { level: 1, name: text.manageTitle }).waitFor();
      await expectNoAxeViolations(page, `manage page (${language})`);
      await page.getByRole('button', { name: text.move }).click();
      await page.getByRole('heading', { name: text.pick }).waitFor();
      await page.getByRole('button', { name: text.day }).waitFor();
      await expectNoAxeViolations(page, `manage reschedule (${language})`);
      await expectUniqueControlNames(page, `manage reschedule (${language})`);
      await snap(page, `manage-reschedule-${language}`);

      // The join link a week early: not yet.
      const joiner = await newPerson(browser, { language });
      await joiner.page.goto(links.join!);
      await joiner.page.getByText(text.early).waitFor();
      await expectNoAxeViolations(joiner.page, `join too early (${language})`);
      await snap(joiner.page, `join-early-${language}`);

      const stranger = await newPerson(browser, { language });
      await stranger.page.goto(`${base}/termin#${'A'.repeat(43)}`);
      await stranger.page.getByRole('heading', { level: 1, name: text.invalid }).waitFor();
      await expectNoAxeViolations(stranger.page, `invalid link (${language})`);

      // Staff: the day view, a move, the phone booking and the own hours.
      const agent = await newPerson(browser, { language });
      await signInAgent(agent.context, scene);
      await agent.page.goto(`${scene.server.baseUrl}/staff/termine?date=2026-12-02`);
      await agent.page.getByRole('row', { name: new RegExp(`Axe ${language}`) }).waitFor();
      await expectNoAxeViolations(agent.page, `staff day view (${language})`);
      await agent.page.getByRole('button', { name: text.moveRow }).first().click();
      await agent.page.getByRole('button', { name: text.day }).waitFor();
      await expectNoAxeViolations(agent.page, `staff move (${language})`);
      await agent.page.getByLabel(text.bookService, { exact: true }).selectOption({ index: 1 });
      await agent.page.locator('#phone-booking-slots-days-hint').waitFor();
      await expectNoAxeViolations(agent.page, `staff phone booking (${language})`);
      await snap(agent.page, `staff-calendar-${language}`);
      await agent.page.getByRole('link', { name: text.availability }).click();
      await agent.page.getByRole('heading', { level: 1, name: text.availability }).waitFor();
      await expectNoAxeViolations(agent.page, `availability (${language})`);
      await snap(agent.page, `availability-${language}`);

      // The admin's outbox, one message opened.
      const reader = await newPerson(browser, { language });
      await signInAdmin(reader.context, scene);
      await reader.page.goto(`${scene.server.baseUrl}/admin/outbox`);
      await reader.page.getByRole('heading', { level: 1, name: text.outbox }).waitFor();
      await reader.page.locator('summary').first().click();
      await reader.page.locator('.outbox-body').first().waitFor();
      await expectNoAxeViolations(reader.page, `outbox (${language})`);
      await snap(reader.page, `outbox-${language}`);

      await expectNoErrorsThenClose(citizen, joiner, stranger, agent, reader);
    }, 120_000);
  }
});
