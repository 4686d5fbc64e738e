import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addBookableService, linksIn } from '../support/booking';
import { readMail, smtpListener } from '../support/mail';
import { citizenPost } from '../support/proof-of-work';
import {
  expectNoAxeViolations,
  expectNoErrorsThenClose,
  newPerson,
  setUpWalkIn,
  snap,
  TEST_NOW,
} from '../support/walk-in';

const smtp = smtpListener();
const walkIn = setUpWalkIn({
  env: async () => ({ SMTP_URL: await smtp.start(), MAIL_FROM: 'Musterstadt <termine@musterstadt.example>' }),
});
afterAll(() => smtp.stop());
let serviceId: string;
beforeAll(async () => {
  serviceId = (await addBookableService(walkIn.scene, { requiresActivation: true })).id;
});

const mailsTo = (address: string) =>
  smtp.received.filter((m) => m.to.includes(address)).map((m) => readMail(m.raw));
const activationLink = (text: string) =>
  text.match(/https?:\/\/\S+\/termin\/aktivieren#[A-Za-z0-9_-]{43}/)?.[0];

describe('booking with e-mail activation in the browser', () => {
  it('books, counts down, and the link from the mail makes the appointment firm', async () => {
    const { scene, browser } = walkIn;
    const citizen = await newPerson(browser);
    const { page } = citizen;
    // The page's clock runs as usual until the test jumps it to the end of the hold.
    await page.clock.install();

    await page.goto(`${scene.server.baseUrl}/${scene.tenant.slug}/termine`);
    await page.getByRole('button', { name: 'Termin wählen' }).first().click();
    await page.getByRole('button', { name: /^Mittwoch, 2\. Dezember/ }).click();
    await page.getByRole('button', { name: '10:00', exact: true }).click();
    await page.getByLabel('Vor- und Nachname').fill('Erika Mustermann');
    await page.getByLabel('E-Mail-Adresse').fill('erika@example.org');
    await page.getByLabel('Aktenzeichen').fill('AZ-2026-17');
    await page.getByLabel('Anzahl der Personen').selectOption('1');
    await page.getByLabel(/Datenschutzhinweise gelesen/).check();
    await page.getByRole('button', { name: 'Termin verbindlich buchen' }).click();

    // The countdown: real text that runs, announced once (not every second).
    await page.getByRole('heading', { name: 'Bitte bestätigen Sie Ihren Termin' }).waitFor();
    const countdown = page.locator('#activation-countdown');
    const seconds = async () => {
      const match = (await countdown.textContent())?.match(/innerhalb von (\d+):(\d\d) Minuten/);
      return match ? Number(match[1]) * 60 + Number(match[2]) : Number.NaN;
    };
    expect(await countdown.textContent()).toMatch(
      /^Bitte bestätigen Sie Ihren Termin innerhalb von (30:00|29:\d\d) Minuten über den Link in der E-Mail an erika@example\.org\.$/,
    );
    const first = await seconds();
    const status = page.getByRole('status').filter({ hasText: 'innerhalb von 30 Minuten' });
    await status.waitFor();
    await expect.poll(seconds, { timeout: 5000 }).toBeLessThan(first);
    expect(await status.textContent()).toBe(
      'Bitte bestätigen Sie Ihren Termin innerhalb von 30 Minuten über den Link in der E-Mail an erika@example.org.',
    );
    expect(await page.locator('main').textContent()).toContain(
      'Bis 10:30 Uhr halten wir die Zeit für Sie frei.',
    );
    await page.getByRole('heading', { name: 'Keine E-Mail bekommen?' }).waitFor();
    await expectNoAxeViolations(page, 'activation countdown');
    await snap(page, 'booking-activation-countdown');

    // The activation mail, opened in another browser as from a mail program.
    await scene.server.ctx.jobs.runDue();
    const [mail] = mailsTo('erika@example.org');
    expect(mail!.text).not.toContain('Erika');
    const link = activationLink(mail!.text)!;
    const reader = await newPerson(browser);
    await reader.page.goto(link);
    await reader.page.getByRole('heading', { level: 1, name: 'Ihr Termin ist bestätigt' }).waitFor();
    expect(reader.page.url()).not.toContain('#');
    expect(await reader.page.locator('main').textContent()).toContain(
      'Mittwoch, 2. Dezember 2026 um 10:00 bis 10:30 Uhr',
    );
    const manage = await reader.page.getByRole('link', { name: 'Termin verwalten' }).getAttribute('href');
    expect(manage).toMatch(/\/termin#[A-Za-z0-9_-]{43}$/);
    await expectNoAxeViolations(reader.page, 'activation done');
    await snap(reader.page, 'booking-activation-done');

    // The confirmation mail follows, with the same manage link; the manage page shows it booked.
    await scene.server.ctx.jobs.runDue();
    const confirmation = mailsTo('erika@example.org')[1]!;
    expect(confirmation.text).toContain('Guten Tag Erika Mustermann,');
    expect(linksIn(confirmation.text).manage).toBe(manage);
    await reader.page.goto(manage!);
    await reader.page.getByRole('heading', { level: 1, name: 'Ihr Termin' }).waitFor();
    await reader.page.getByRole('button', { name: 'Termin absagen' }).waitFor();

    // The booking tab, when its time is up, cannot know the link was opened elsewhere: it says both.
    await page.clock.fastForward('30:00');
    await page.getByText('Die Zeit zum Bestätigen ist abgelaufen', { exact: true }).waitFor();
    await page
      .getByRole('status')
      .filter({
        hasText: 'Die Zeit zum Bestätigen ist abgelaufen. Ohne Bestätigung ist Ihr Termin nicht gebucht.',
      })
      .waitFor();
    expect(await page.locator('main').textContent()).toContain('kommt die Terminbestätigung per E-Mail');
    await expectNoAxeViolations(page, 'activation countdown run out');
    await expectNoErrorsThenClose(citizen, reader);
  }, 180_000);

  it('a link opened after the deadline says so and leads to a new booking', async () => {
    const { scene, browser } = walkIn;
    const booked = await citizenPost(
      scene.server.app,
      `/api/public/tenants/${scene.tenant.slug}/services/${serviceId}/appointments`,
      {
        start: '2026-12-02T11:00:00Z',
        name: 'Zu Spät',
        email: 'spaet@example.org',
        intake: { aktenzeichen: 'AZ-5', personen: '1' },
        consent: true,
      },
    );
    expect(booked.json().status).toBe('pending_activation');
    await scene.server.ctx.jobs.runDue();
    const link = activationLink(mailsTo('spaet@example.org')[0]!.text)!;

    scene.server.ctx.clock = () => TEST_NOW.add(Temporal.Duration.from({ minutes: 31 }));
    try {
      const late = await newPerson(browser);
      await late.page.goto(link);
      await late.page
        .getByRole('heading', { level: 1, name: 'Die Zeit zum Bestätigen ist abgelaufen' })
        .waitFor();
      await late.page.getByRole('link', { name: 'Neuen Termin buchen' }).waitFor();
      await expectNoAxeViolations(late.page, 'activation expired');
      await expectNoErrorsThenClose(late);
    } finally {
      scene.server.ctx.clock = () => TEST_NOW;
    }
  }, 60_000);
});
