import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { beforeAll, describe, expect, it } from 'vitest';
import { serviceRepository } from '../../src/server/modules/admin/services';
import { deliveredOutboxMailTo, deliveredOutboxSmsTo } from '../api/outbox-fixtures';
import { linksIn } from '../support/booking';
import { parseIcs } from '../support/mail';
import {
  expectNoAxeViolations,
  expectNoErrorsThenClose,
  expectUniqueControlNames,
  newPerson,
  type Person,
  setUpWalkIn,
  signInAgent,
  snap,
  TEST_NOW,
} from '../support/walk-in';

// No SMTP server: mails and SMS go to the outbox, read here as delivered (links working).
const walkIn = setUpWalkIn();
const ADDRESS = 'Rathausplatz 1, 12345 Musterstadt';
const DIRECTIONS = 'Eingang B, 2. Stock, Zimmer 204';

beforeAll(async () => {
  const { scene } = walkIn;
  await scene.server.ctx.db.query('UPDATE offices SET address = $2, directions = $3 WHERE id = $1', [
    scene.offices.main.id,
    ADDRESS,
    DIRECTIONS,
  ]);
  await serviceRepository(scene.server.ctx).create(scene.tenant.tenantId, {
    unitId: scene.tenant.unitId,
    requiresActivation: false,
    name: 'Wohnsitz anmelden (Video oder vor Ort)',
    description: 'Anmeldung nach einem Umzug.',
    durationMinutes: 30,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    channel: 'both',
    requiredDocuments: ['Personalausweis'],
    intakeFields: [],
  });
});

/** The labels every page, mail, calendar file and SMS must use alike, per kind and language. */
const WORDS = {
  onSite: { de: ['Termin vor Ort', ADDRESS] },
  video: { en: ['Video appointment', 'Join the appointment'] },
};

const TEXT = {
  de: {
    choose: 'Termin wählen',
    day: /^Mittwoch, 2\. Dezember/,
    time: '10:00',
    kind: 'Termin vor Ort',
    submit: 'Termin verbindlich buchen',
    name: 'Vor- und Nachname',
    email: 'E-Mail-Adresse',
    consent: 'Ich habe die Datenschutzhinweise gelesen und bin einverstanden.',
    done: 'Ihr Termin ist gebucht',
    calendar: 'Zum Kalender hinzufügen',
    manageTitle: 'Ihr Termin',
  },
  en: {
    choose: 'Choose a time',
    day: /^Wednesday,? 2 December/,
    time: '10:30',
    kind: 'Video appointment',
    submit: 'Book this appointment',
    name: 'First and last name',
    email: 'E-mail address',
    consent: 'I have read the privacy notice and agree.',
    done: 'Your appointment is booked',
    calendar: 'Add to calendar',
    manageTitle: 'Your appointment',
  },
};

/** Books the both-ways service on the citizen's page, choosing the kind; returns the confirmation's text. */
async function bookChoosing(citizen: Person, language: 'de' | 'en', email: string) {
  const { scene } = walkIn;
  const text = TEXT[language];
  const { page } = citizen;
  await page.goto(`${scene.server.baseUrl}/${scene.tenant.slug}/termine`);
  await page.getByRole('button', { name: text.choose }).first().click();
  await page.getByRole('button', { name: text.day }).click();
  await page.getByRole('button', { name: text.time, exact: true }).click();
  await page.getByRole('button', { name: text.submit }).waitFor();
  // Nothing is chosen for the citizen: sent without a choice, the group itself says what is missing.
  await page.getByLabel(text.name).fill('Erika Mustermann');
  await page.getByLabel(text.email, { exact: true }).fill(email);
  await page.locator('#booking-phone').fill('0171 1234567');
  await page.getByLabel(text.consent).check();
  await page.getByRole('button', { name: text.submit }).click();
  await page.getByRole('alert').first().waitFor();
  expect(await page.locator('#booking-kind-video').getAttribute('aria-invalid')).toBe('true');
  await expectNoAxeViolations(page, `booking form with kind choice (${language})`);
  await expectUniqueControlNames(page, `booking form with kind choice (${language})`);
  await page.getByRole('radio', { name: text.kind }).check();
  await page.getByRole('button', { name: text.submit }).click();
  await page.getByRole('heading', { name: text.done }).waitFor();
  await expectNoAxeViolations(page, `confirmation (${language})`);
  await expectUniqueControlNames(page, `confirmation (${language})`);
  return (await page.locator('main').textContent()) ?? '';
}

/** What a calendar shows of the event: its description and location. */
function calendarText(ics: string) {
  const { vevent } = parseIcs(ics);
  return `${vevent.getFirstPropertyValue('description')}\n${vevent.getFirstPropertyValue('location') ?? ''}`;
}

/** "Add to calendar" on the page: the downloaded file, as calendarText. */
async function downloadedCalendar(page: Page, label: string) {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: label }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('termin.ics');
  return calendarText(await readFile((await download.path())!, 'utf8'));
}

/** The reminder's mail and SMS: brought due as the job queue would at its time. */
async function reminders(email: string) {
  const { scene } = walkIn;
  await scene.server.ctx.db.query(`UPDATE jobs SET run_at = now() WHERE payload->>'event' = 'reminder'`);
  await scene.server.ctx.jobs.runDue();
  const mail = await deliveredOutboxMailTo(scene.server, scene.tenant.tenantId, email);
  const sms = await deliveredOutboxSmsTo(scene.server, scene.tenant.tenantId, '+491711234567');
  return { mail, sms };
}

type Mail = Awaited<ReturnType<typeof deliveredOutboxMailTo>>;

/** Each word in every place the citizen reads about the appointment. */
function expectWordsEverywhere(
  words: string[],
  read: {
    confirmation: string;
    pageCalendar: string;
    mail: Mail;
    reminder: { mail: Mail; sms: string };
    managePage: string;
  },
) {
  const where = {
    'confirmation page': read.confirmation,
    'page’s calendar file': read.pageCalendar,
    mail: read.mail.text,
    'mail’s calendar file': calendarText(read.mail.ics),
    'reminder mail': read.reminder.mail.text,
    SMS: read.reminder.sms,
    'manage page': read.managePage,
  };
  for (const [name, text] of Object.entries(where))
    for (const word of words) expect(text, `“${word}” in the ${name}`).toContain(word);
}

/** The manage link opened in a browser of its own: the page's text, checked by axe and for unique names. */
async function openManagePage(browser: Browser, url: string, language: 'de' | 'en') {
  const manage = await newPerson(browser, { language });
  await manage.page.goto(url);
  await manage.page.getByRole('heading', { level: 1, name: TEXT[language].manageTitle }).waitFor();
  await expectNoAxeViolations(manage.page, `manage page (${language})`);
  await expectUniqueControlNames(manage.page, `manage page (${language})`);
  return { manage, managePage: (await manage.page.locator('main').textContent()) ?? '' };
}

describe('appointments by video or in person, end to end', () => {
  it('in person (German): the address on every page, mail, calendar file and SMS, and a check-in at the counter', async () => {
    const { scene, browser } = walkIn;
    const words = WORDS.onSite.de;
    const citizen = await newPerson(browser, { language: 'de' });
    const confirmation = await bookChoosing(citizen, 'de', 'vor-ort@example.org');
    expect(confirmation).toContain(DIRECTIONS);
    expect(confirmation).toContain('melden Sie sich am Schalter');
    expect(await citizen.page.getByRole('link', { name: 'Termin beitreten' }).count()).toBe(0);
    const pageCalendar = await downloadedCalendar(citizen.page, TEXT.de.calendar);
    await snap(citizen.page, 'booking-on-site-confirmation');

    await scene.server.ctx.jobs.runDue();
    const mail = await deliveredOutboxMailTo(scene.server, scene.tenant.tenantId, 'vor-ort@example.org');
    expect(mail.text).toContain(DIRECTIONS);
    expect(mail.text).not.toContain('Termin beitreten');
    const manageUrl = linksIn(mail.text).manage!;
    expect(linksIn(mail.text).join).toBeUndefined();
    // The page names its link exactly as the mail does.
    expect(await citizen.page.getByRole('link', { name: 'Termin verwalten' }).getAttribute('href')).toBe(
      manageUrl,
    );
    const reminder = await reminders('vor-ort@example.org');

    const { manage, managePage } = await openManagePage(browser, manageUrl, 'de');
    expectWordsEverywhere(words, { confirmation, pageCalendar, mail, reminder, managePage });

    // On the day, the counter checks Erika in; the day view says when.
    scene.server.ctx.clock = () => Temporal.Instant.from('2026-12-02T08:58:00Z');
    try {
      const clerk = await newPerson(browser, { language: 'de' });
      await signInAgent(clerk.context, scene);
      await clerk.page.goto(`${scene.server.baseUrl}/staff/termine?date=2026-12-02`);
      const row = clerk.page.getByRole('row', { name: /Erika Mustermann/ });
      await row.waitFor();
      expect(await row.textContent()).toContain('Termin vor Ort');
      await expectNoAxeViolations(clerk.page, 'day view with an in-person appointment (de)');
      await expectUniqueControlNames(clerk.page, 'day view (de)');
      await row
        .getByRole('button', { name: 'Erika Mustermann um 10:00–10:30 als angekommen markieren' })
        .click();
      await clerk.page.getByRole('status').getByText('Erika Mustermann ist angekommen.').waitFor();
      await row.getByText('angekommen um 09:58 Uhr').waitFor();
      expect(await row.getByRole('button', { name: /als nicht erschienen markieren/ }).count()).toBe(0);
      await snap(clerk.page, 'staff-day-view-arrived');

      // A caller books by phone: the clerk asks which way, as the citizen's form does.
      const phone = clerk.page.getByRole('region', { name: 'Termin für Bürger:in buchen' });
      await phone.getByLabel('Dienstleistung', { exact: true }).selectOption({ index: 1 });
      await phone.getByRole('button', { name: /^Mittwoch, 2\. Dezember/ }).click();
      await phone.getByRole('button', { name: '15:00', exact: true }).click();
      await phone.getByLabel('Vor- und Nachname').fill('Paula Telefon');
      await phone.getByLabel('E-Mail-Adresse').fill('paula@example.org');
      await phone.getByRole('radio', { name: 'Termin vor Ort' }).check();
      await expectNoAxeViolations(clerk.page, 'phone booking with kind choice (de)');
      await phone.getByRole('button', { name: 'Termin buchen', exact: true }).click();
      const called = clerk.page.getByRole('row', { name: /Paula Telefon/ });
      await called.waitFor();
      expect(await called.textContent()).toContain('Termin vor Ort');
      await called.getByRole('button', { name: /als angekommen markieren$/ }).waitFor();
      await expectNoErrorsThenClose(citizen, manage, clerk);
    } finally {
      scene.server.ctx.clock = () => TEST_NOW;
    }
  }, 120_000);

  it('by video (English): the join link and device check on every page, mail, calendar file and SMS', async () => {
    const { scene, browser } = walkIn;
    const words = WORDS.video.en;
    const citizen = await newPerson(browser, { language: 'en' });
    await citizen.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: scene.server.baseUrl,
    });
    const confirmation = await bookChoosing(citizen, 'en', 'video@example.org');
    expect(confirmation).toContain('camera, microphone and speaker');
    expect(confirmation).not.toContain(ADDRESS);
    const joinUrl = await citizen.page
      .getByRole('link', { name: 'Join the appointment' })
      .getAttribute('href');
    await citizen.page.getByRole('button', { name: 'Copy the link “Join the appointment”' }).click();
    await citizen.page.getByRole('status').getByText('The link is copied.').waitFor();
    expect(await citizen.page.evaluate(() => navigator.clipboard.readText())).toBe(joinUrl);
    const pageCalendar = await downloadedCalendar(citizen.page, TEXT.en.calendar);
    expect(pageCalendar).toContain(`Join the appointment: ${joinUrl}`);
    await snap(citizen.page, 'booking-video-confirmation-en');

    await scene.server.ctx.jobs.runDue();
    const mail = await deliveredOutboxMailTo(scene.server, scene.tenant.tenantId, 'video@example.org');
    expect(linksIn(mail.text).join).toBe(joinUrl);
    expect(mail.text).toContain('camera, microphone and speaker');
    expect(mail.text).toContain('Manage the appointment');
    const reminder = await reminders('video@example.org');
    expect(reminder.sms).toContain(joinUrl!);

    const { manage, managePage } = await openManagePage(browser, linksIn(mail.text).manage!, 'en');
    expectWordsEverywhere(words, { confirmation, pageCalendar, mail, reminder, managePage });

    // The manage page carries the join link itself: at the appointment time it leads to the device check.
    scene.server.ctx.clock = () => Temporal.Instant.from('2026-12-02T09:20:00Z');
    try {
      expect(await manage.page.getByRole('link', { name: 'Join the appointment' }).getAttribute('href')).toBe(
        joinUrl,
      );
      await manage.page.getByRole('link', { name: 'Join the appointment' }).click();
      await manage.page.getByRole('heading', { name: 'Check camera, microphone and speaker' }).waitFor();
      await expectNoErrorsThenClose(citizen, manage);
    } finally {
      scene.server.ctx.clock = () => TEST_NOW;
    }
  }, 120_000);
});
