import { Temporal } from 'temporal-polyfill';
import { afterAll, describe, expect, it } from 'vitest';
import { addBookableService, focusedText, linksIn, tabTo } from '../support/booking';
import { readMail, smtpListener } from '../support/mail';
import { citizenPost } from '../support/proof-of-work';
import {
  agentAvailable,
  expectNoErrorsThenClose,
  newPerson,
  setUpWalkIn,
  signInAgent,
  snap,
  TEST_NOW,
  waitForFrames,
} from '../support/walk-in';

const smtp = smtpListener();
const walkIn = setUpWalkIn({
  env: async () => ({ SMTP_URL: await smtp.start(), MAIL_FROM: 'Musterstadt <termine@musterstadt.example>' }),
});
afterAll(() => smtp.stop());

/** The mails that arrived for one address, newest last. */
const mailsTo = (address: string) =>
  smtp.received.filter((m) => m.to.includes(address)).map((m) => readMail(m.raw));

describe('appointment booking in the browser', () => {
  it('books by keyboard alone, mails the links, and the join link leads through the waiting room into a call', async () => {
    const { scene, browser } = walkIn;
    await addBookableService(scene);
    const citizen = await newPerson(browser);
    const { page } = citizen;

    // The authority's page links to the booking.
    await page.goto(`${scene.server.baseUrl}/${scene.tenant.slug}`);
    await page.getByRole('heading', { level: 1, name: 'Musterstadt' }).waitFor();
    await tabTo(page, { text: 'Termin buchen' });
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Termin buchen' }).waitFor();
    await page.getByRole('button', { name: 'Termin wählen' }).first().waitFor();

    // Search, then the service.
    await tabTo(page, { id: 'service-search' });
    await page.keyboard.type('wohnsitz');
    await page.getByRole('status').getByText('1 Dienstleistung gefunden.').waitFor();
    await tabTo(page, { text: 'Termin wählen' });
    await page.keyboard.press('Enter');

    // The day, then the time: Wednesday 2 December, 10:00 in Berlin.
    await page.getByRole('heading', { name: 'Zeit wählen: Wohnsitz anmelden' }).waitFor();
    await expect.poll(() => focusedText(page)).toBe('Zeit wählen: Wohnsitz anmelden');
    await page.getByRole('button', { name: /^Mittwoch, 2\. Dezember/ }).waitFor();
    await snap(page, 'booking-slots');
    await tabTo(page, { text: /^Mittwoch, 2\. Dezember/ });
    await page.keyboard.press('Space');
    await page.getByRole('group', { name: 'Freie Uhrzeiten am Mittwoch, 2. Dezember 2026' }).waitFor();
    await tabTo(page, { text: '10:00' });
    await page.keyboard.press('Enter');

    // The form: sent empty first, the errors name the fields and focus goes to the first.
    await page.getByRole('heading', { name: 'Ihre Angaben' }).waitFor();
    expect(await page.getByText('Wohnsitz anmelden am Mittwoch, 2. Dezember 2026 um 10:00 Uhr').count()).toBe(
      1,
    );
    await tabTo(page, { text: 'Termin verbindlich buchen' });
    await page.keyboard.press('Enter');
    await page
      .getByRole('alert')
      .getByText(/Bitte korrigieren Sie die 5 markierten Eingaben/)
      .waitFor();
    await page.waitForFunction(() => document.activeElement?.id === 'booking-name');
    await snap(page, 'booking-form-errors');
    await page.keyboard.type('Erika Mustermann');
    await tabTo(page, { id: 'booking-email' });
    await page.keyboard.type('erika@example.org');
    await tabTo(page, { id: 'booking-phone' });
    await page.keyboard.type('0171 1234567');
    await tabTo(page, { id: 'booking-intake-aktenzeichen' });
    await page.keyboard.type('AZ-2026-17');
    await tabTo(page, { id: 'booking-intake-personen' });
    await page.keyboard.type('2');
    expect(await page.locator('#booking-intake-personen').inputValue()).toBe('2');
    await tabTo(page, { id: 'booking-consent' });
    await page.keyboard.press('Space');
    await tabTo(page, { text: 'Termin verbindlich buchen' });
    await page.keyboard.press('Enter');

    // The confirmation.
    await page.getByRole('heading', { name: 'Ihr Termin ist gebucht' }).waitFor();
    await expect.poll(() => focusedText(page)).toBe('Ihr Termin ist gebucht');
    const confirmation = await page.locator('main').textContent();
    expect(confirmation).toContain('Mittwoch, 2. Dezember 2026 um 10:00 bis 10:30 Uhr');
    expect(confirmation).toContain('Wohnungsgeberbestätigung');
    expect(confirmation).toContain('Sie erhalten eine E-Mail mit Kalendereintrag und Links.');
    expect(await page.getByRole('link', { name: 'Termin verwalten' }).getAttribute('href')).toMatch(
      /\/termin#[A-Za-z0-9_-]{43}$/,
    );
    await snap(page, 'booking-confirmation');

    // The mail arrives at the SMTP server with both links.
    await scene.server.ctx.jobs.runDue();
    const [mail] = mailsTo('erika@example.org');
    expect(mail?.text).toContain('Wohnsitz anmelden');
    const links = linksIn(mail!.text);
    expect(links.manage && links.join).toBeTruthy();

    // An agent sees the appointment in the day view.
    const lead = await newPerson(browser);
    await signInAgent(lead.context, scene);
    await lead.page.goto(`${scene.server.baseUrl}/staff/termine?date=2026-12-02`);
    const row = lead.page.getByRole('row', { name: /Erika Mustermann/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('10:00–10:30');

    // At the appointment time the join link opens the device check, then the waiting room.
    scene.server.ctx.clock = () => Temporal.Instant.from('2026-12-02T08:55:00Z');
    try {
      const joiner = await newPerson(browser);
      await joiner.page.goto(links.join!);
      await joiner.page.getByRole('heading', { name: 'Kamera, Mikrofon und Lautsprecher prüfen' }).waitFor();
      expect(joiner.page.url()).not.toContain('#');
      await joiner.page.getByRole('button', { name: 'Weiter', exact: true }).click();
      await joiner.page.getByText(/Sie sind an Position 1/).waitFor();
      await snap(joiner.page, 'booking-waiting-room');

      // The day view marks the appointment as checked in.
      await lead.page.reload();
      await lead.page
        .getByRole('row', { name: /Erika Mustermann/ })
        .getByText('eingecheckt')
        .waitFor();
      await snap(lead.page, 'staff-day-view');

      const agent = await newPerson(browser);
      await signInAgent(agent.context, scene);
      await agentAvailable(agent.page, scene);
      const office = agent.page.getByRole('region', { name: 'Bürgerbüro' });
      await office.getByRole('row', { name: /Erika Mustermann/ }).waitFor();
      await office.getByRole('button', { name: 'Nächste Person aufrufen' }).click();
      await joiner.page.getByRole('heading', { name: 'Videogespräch – Bürgerbüro' }).waitFor();
      await agent.page.getByRole('heading', { name: 'Gespräch mit Erika Mustermann' }).waitFor();
      await Promise.all([waitForFrames(joiner.page), waitForFrames(agent.page)]);
      await agent.page.getByRole('button', { name: 'Gespräch beenden' }).click();
      await joiner.page.getByRole('heading', { name: 'Das Gespräch ist beendet' }).waitFor();
      await expectNoErrorsThenClose(citizen, lead, joiner, agent);
    } finally {
      scene.server.ctx.clock = () => TEST_NOW;
    }
  }, 120_000);

  it('moves an appointment from the manage link; the old link then shows the friendly invalid page', async () => {
    const { scene, browser } = walkIn;
    const services = await scene.server.app.inject({
      url: `/api/public/tenants/${scene.tenant.slug}/services`,
    });
    const service = services.json().services[0] as { id: string };
    const booked = await citizenPost(
      scene.server.app,
      `/api/public/tenants/${scene.tenant.slug}/services/${service.id}/appointments`,
      {
        start: '2026-12-02T10:00:00Z',
        name: 'Max Beispiel',
        email: 'max@example.org',
        intake: { aktenzeichen: 'AZ-1', personen: '1' },
        consent: true,
      },
    );
    expect(booked.statusCode, booked.body).toBe(201);
    await scene.server.ctx.jobs.runDue();
    const old = linksIn(mailsTo('max@example.org')[0]!.text).manage!;

    const citizen = await newPerson(browser);
    const { page } = citizen;
    await page.goto(old);
    await page.getByRole('heading', { level: 1, name: 'Ihr Termin' }).waitFor();
    expect(page.url()).not.toContain('#');
    expect(await page.locator('main').textContent()).toContain(
      'Mittwoch, 2. Dezember 2026 um 11:00 bis 11:30 Uhr',
    );
    await snap(page, 'manage');
    await page.getByRole('button', { name: 'Termin verschieben' }).click();
    await page.getByRole('heading', { name: 'Neue Zeit wählen' }).waitFor();
    await page.getByRole('button', { name: /^Mittwoch, 2\. Dezember/ }).click();
    await page.getByRole('button', { name: '14:00', exact: true }).click();
    await page.getByRole('heading', { name: 'Termin verschieben?' }).waitFor();
    await page.getByRole('button', { name: 'Ja, Termin verschieben' }).click();
    await page.getByText('Ihr Termin wurde verschoben; der neue Link kommt per E-Mail.').waitFor();

    // The old link no longer works; it says so and shows nothing of the appointment.
    const other = await newPerson(browser);
    await other.page.goto(old);
    await other.page
      .getByRole('heading', { level: 1, name: 'Dieser Link ist nicht (mehr) gültig' })
      .waitFor();
    expect(await other.page.locator('main').textContent()).not.toContain('Wohnsitz');
    await snap(other.page, 'manage-invalid');

    // The new link comes by mail and shows the new time.
    await scene.server.ctx.jobs.runDue();
    const moved = mailsTo('max@example.org');
    expect(moved).toHaveLength(2);
    const fresh = linksIn(moved[1]!.text).manage!;
    expect(fresh).not.toBe(old);
    const third = await newPerson(browser);
    await third.page.goto(fresh);
    await third.page.getByRole('heading', { level: 1, name: 'Ihr Termin' }).waitFor();
    expect(await third.page.locator('main').textContent()).toContain('14:00 bis 14:30 Uhr');

    // Cancelling asks first.
    await third.page.getByRole('button', { name: 'Termin absagen' }).click();
    await third.page.getByRole('heading', { name: 'Termin wirklich absagen?' }).waitFor();
    await third.page.getByRole('button', { name: 'Ja, Termin absagen' }).click();
    await third.page
      .getByRole('status')
      .getByText(/Ihr Termin wurde abgesagt/)
      .waitFor();
    await third.page.getByText('Dieser Termin wurde abgesagt.').waitFor();
    await expectNoErrorsThenClose(citizen, other, third);
  }, 180_000);
  it('shows more days on request, and a time taken meanwhile sends the citizen back to the times', async () => {
    const { scene, browser } = walkIn;
    const citizen = await newPerson(browser);
    const { page } = citizen;
    await page.goto(`${scene.server.baseUrl}/${scene.tenant.slug}/termine`);
    await page.getByRole('button', { name: 'Termin wählen' }).first().click();
    await page.getByRole('button', { name: /^Mittwoch, 2\. Dezember/ }).waitFor();
    expect(await page.getByRole('button', { name: /^Mittwoch, 9\. Dezember/ }).count()).toBe(0);
    await page.getByRole('button', { name: 'Weitere Tage anzeigen' }).click();
    await page.getByRole('button', { name: /^Mittwoch, 9\. Dezember/ }).waitFor();
    await page
      .getByRole('status')
      .getByText(/weitere Tage mit freien Zeiten/)
      .waitFor();

    await page.getByRole('button', { name: /^Mittwoch, 2\. Dezember/ }).click();
    await page.getByRole('button', { name: '12:00', exact: true }).click();
    await page.getByLabel('Vor- und Nachname').fill('Zu Spät');
    await page.getByLabel('E-Mail-Adresse').fill('spaet@example.org');
    await page.getByLabel('Aktenzeichen').fill('AZ-5');
    await page.getByLabel('Anzahl der Personen').selectOption('1');
    await page.getByLabel(/Datenschutzhinweise gelesen/).check();
    // Someone else takes 12:00 (the office's only agent) before the citizen sends the form.
    const service = (
      await scene.server.app.inject({ url: `/api/public/tenants/${scene.tenant.slug}/services` })
    ).json().services[0] as { id: string };
    const other = await citizenPost(
      scene.server.app,
      `/api/public/tenants/${scene.tenant.slug}/services/${service.id}/appointments`,
      {
        start: '2026-12-02T11:00:00Z',
        name: 'Schneller',
        email: 'schnell@example.org',
        intake: { aktenzeichen: 'AZ-6', personen: '1' },
        consent: true,
      },
    );
    expect(other.statusCode, other.body).toBe(201);
    await page.getByRole('button', { name: 'Termin verbindlich buchen' }).click();
    await page.getByRole('alert').getByText('Diese Zeit ist leider schon vergeben').waitFor();
    await page.getByRole('heading', { name: 'Zeit wählen: Wohnsitz anmelden' }).waitFor();
    await expect.poll(() => focusedText(page)).toBe('Zeit wählen: Wohnsitz anmelden');
    await page.getByRole('button', { name: /^Mittwoch, 2\. Dezember/ }).click();
    await page.getByRole('button', { name: '12:30', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: '12:00', exact: true }).count()).toBe(0);
    await expectNoErrorsThenClose(citizen);
  }, 60_000);

  it('staff book for a caller, move and cancel with a message, and set their own hours and absences', async () => {
    const { scene, browser } = walkIn;
    const agent = await newPerson(browser);
    await signInAgent(agent.context, scene);
    const { page } = agent;
    await page.goto(`${scene.server.baseUrl}/staff/termine?date=2026-12-02`);
    await page.getByRole('heading', { level: 1, name: 'Termine' }).waitFor();

    // A caller: booked on their behalf, mails in English.
    const phone = page.getByRole('region', { name: 'Termin für Bürger:in buchen' });
    await phone
      .getByLabel('Dienstleistung', { exact: true })
      .selectOption({ label: 'Wohnsitz anmelden (Bürgeramt)' });
    await phone.getByRole('button', { name: /^Mittwoch, 2\. Dezember/ }).click();
    await phone.getByRole('button', { name: '15:00', exact: true }).click();
    await phone.getByLabel('Vor- und Nachname').fill('Paula Telefon');
    await phone.getByLabel('E-Mail-Adresse').fill('paula@example.org');
    await phone.getByLabel('Aktenzeichen').fill('AZ-3');
    await phone.getByLabel('Anzahl der Personen').selectOption('3');
    await phone.getByLabel('Sprache der E-Mails').selectOption('en');
    await phone.getByRole('button', { name: 'Termin buchen', exact: true }).click();
    await page
      .getByRole('status')
      .getByText(/Termin für Paula Telefon am .* gebucht/)
      .waitFor();
    const row = page.getByRole('row', { name: /Paula Telefon/ });
    expect(await row.textContent()).toContain('15:00–15:30');
    // (A confirmation or move notice for an appointment cancelled meanwhile stays unsent: send each now.)
    await scene.server.ctx.jobs.runDue();
    expect(mailsTo('paula@example.org')).toHaveLength(1);

    // Moved to 16:00 with a message.
    await row.getByRole('button', { name: /verschieben$/ }).click();
    const move = page.getByRole('region', { name: /^Termin von Paula Telefon verschieben/ });
    await move.getByRole('button', { name: /^Mittwoch, 2\. Dezember/ }).click();
    await move.getByRole('button', { name: '16:00', exact: true }).click();
    await move.getByLabel(/Nachricht an die Bürgerin/).fill('Die Kollegin ist erkrankt.');
    await move.getByRole('button', { name: 'Termin verschieben', exact: true }).click();
    await page
      .getByRole('status')
      .getByText(/Der Termin von Paula Telefon wurde auf .* verschoben/)
      .waitFor();
    await row.getByText('16:00–16:30').waitFor();
    await scene.server.ctx.jobs.runDue();
    expect(mailsTo('paula@example.org')[1]!.text).toContain('Die Kollegin ist erkrankt.');

    // Cancelled with a message.
    await row.getByRole('button', { name: /absagen$/ }).click();
    const cancel = page.getByRole('region', { name: /^Termin von Paula Telefon absagen/ });
    await cancel.getByLabel(/Nachricht an die Bürgerin/).fill('Bitte buchen Sie neu.');
    await cancel.getByRole('button', { name: 'Termin absagen', exact: true }).click();
    await page
      .getByRole('status')
      .getByText(/Der Termin von Paula Telefon wurde abgesagt/)
      .waitFor();
    await row.getByText('Abgesagt').waitFor();
    await scene.server.ctx.jobs.runDue();
    const mails = mailsTo('paula@example.org');
    expect(mails).toHaveLength(3);
    expect(mails[2]!.text).toContain('Bitte buchen Sie neu.');

    // Own hours: Wednesday mornings; an absence on 9 December, then removed again.
    await page.getByRole('link', { name: 'Meine Zeiten' }).click();
    await page.getByRole('heading', { level: 1, name: 'Meine Zeiten' }).waitFor();
    await page.getByLabel('meine eigenen Arbeitszeiten').check();
    await page.getByRole('button', { name: 'Zeitraum hinzufügen für Mittwoch' }).click();
    await page.getByRole('button', { name: 'Wochenzeiten speichern' }).click();
    await page.getByRole('status').getByText('Ihre Wochenzeiten wurden gespeichert.').waitFor();
    await page.getByLabel('Von (Datum)').fill('2026-12-09');
    await page.getByRole('button', { name: 'Eintrag hinzufügen', exact: true }).click();
    await page.getByRole('status').getByText('Der Eintrag wurde hinzugefügt.').waitFor();
    const availability = await scene.server.app.inject({
      url: `/api/staff/staff/${scene.agent.id}/availability`,
      headers: { cookie: `amtsraum-staff=${scene.agent.cookie}` },
    });
    expect(availability.json()).toMatchObject({
      workingHours: { wed: [{ from: '08:00', to: '12:00' }] },
      exceptions: [{ kind: 'absent', from: '2026-12-09T07:00:00.000Z', to: '2026-12-09T17:00:00.000Z' }],
    });
    await page.getByRole('button', { name: /^Abwesend .* entfernen$/ }).click();
    await page.getByText('Keine Einträge.').waitFor();
    await page.getByLabel('die Öffnungszeiten meiner Büros').check();
    await page.getByRole('button', { name: 'Wochenzeiten speichern' }).click();
    await page.getByRole('status').getByText('Ihre Wochenzeiten wurden gespeichert.').waitFor();
    await expectNoErrorsThenClose(agent);
  }, 180_000);
});
