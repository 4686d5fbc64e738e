import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  agentAvailable,
  enterAsCitizen,
  expectNoAxeViolations,
  expectNoErrorsThenClose,
  newPerson,
  setUpWalkIn,
  signInAgent,
  snap,
  TEST_NOW,
} from '../support/walk-in';

const walkIn = setUpWalkIn();

/** "HH:MM" half an hour after the page's (installed) clock, in the page's own time zone. */
const halfAnHourLater = (page: Page) =>
  page.evaluate(() => {
    const at = new Date(Date.now() + 30 * 60_000);
    return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
  });

describe('clerk states', () => {
  it('takes a clerk on a break out of the chairs: the waiting room, the public list and a colleague see it', async () => {
    const { scene, browser } = walkIn;
    const agent = await newPerson(browser);
    // The agent's page tells the time of today as the server's clock does (the break's expected end).
    await agent.page.clock.install({ time: new Date(TEST_NOW.epochMilliseconds) });
    await signInAgent(agent.context, scene);
    await agentAvailable(agent.page, scene);

    const citizen = await newPerson(browser);
    await enterAsCitizen(citizen.page, scene, 'Greta');
    await citizen.page.getByText('Geschätzte Wartezeit: Sie sind gleich an der Reihe').waitFor();

    const visitor = await newPerson(browser);
    await visitor.page.goto(`${scene.server.baseUrl}/${scene.tenant.slug}`);
    const card = visitor.page.getByRole('article', { name: 'Bürgerbüro' });
    await card.getByText('1 Person', { exact: true }).waitFor();
    await card.getByText('etwa 5 Minuten').waitFor();

    // A colleague of the same offices, away: the workspace lists who serves them and what they do.
    const colleague = await newPerson(browser);
    await signInAgent(colleague.context, scene, await scene.newAgent([scene.offices.main.id]));
    await colleague.page.goto(`${scene.server.baseUrl}/staff`);
    const onDuty = colleague.page.getByRole('region', { name: 'Kolleginnen und Kollegen im Dienst' });
    await onDuty.getByText('Erika Agentin: verfügbar').waitFor();

    // The break: the form asks for an optional reason and expected end.
    await agent.page.getByRole('radio', { name: 'Pause' }).check();
    const form = agent.page.getByRole('form', { name: 'Pause beginnen' });
    await form.getByLabel(/^Grund/).fill('Mittagspause');
    const back = await halfAnHourLater(agent.page);
    await form.getByLabel(/^Voraussichtlich zurück um/).fill(back);
    await expectNoAxeViolations(agent.page, 'break form (de)');
    await snap(agent.page, 'break-form');
    await form.getByRole('button', { name: 'Pause beginnen' }).click();
    await agent.page
      .getByRole('status')
      .getByText(/Sie machen jetzt Pause/)
      .waitFor();
    await agent.page.getByText(`Sie machen Pause bis voraussichtlich ${back} Uhr. (Mittagspause)`).waitFor();
    expect(await agent.page.getByRole('radio', { name: 'Pause' }).isChecked()).toBe(true);
    await expectNoAxeViolations(agent.page, 'workspace on a break (de)');

    // Nobody serves the office now: the waiting room and the public list say so at once.
    await citizen.page
      .getByText('Geschätzte Wartezeit: nicht absehbar – zurzeit ist niemand im Dienst')
      .waitFor();
    await visitor.page.reload();
    await card.getByText('Zurzeit niemand', { exact: true }).waitFor();
    await card.getByText('nicht absehbar – zurzeit ist niemand im Dienst').waitFor();
    await onDuty.getByText(`Erika Agentin: Pause bis voraussichtlich ${back} Uhr (Mittagspause)`).waitFor();

    // Back from the break.
    await agent.page.getByRole('radio', { name: 'Verfügbar' }).check();
    await agent.page.getByRole('status').getByText('Sie sind jetzt verfügbar.').waitFor();
    await citizen.page.getByText('Geschätzte Wartezeit: Sie sind gleich an der Reihe').waitFor();
    await onDuty.getByText('Erika Agentin: verfügbar').waitFor();
    await visitor.page.reload();
    await card.getByText('1 Person', { exact: true }).waitFor();
    await expectNoErrorsThenClose(agent, citizen, visitor, colleague);
  }, 120_000);

  it('refuses a break that ended already, in words, and is axe-clean in English', async () => {
    const { scene, browser } = walkIn;
    const agent = await newPerson(browser, { language: 'en' });
    await agent.page.clock.install({ time: new Date(TEST_NOW.epochMilliseconds) });
    await signInAgent(agent.context, scene);
    await agent.page.goto(`${scene.server.baseUrl}/staff`);
    await agent.page.getByRole('heading', { level: 1, name: 'Workspace' }).waitFor();
    await agent.page.getByRole('radio', { name: 'Break' }).check();
    const form = agent.page.getByRole('form', { name: 'Start a break' });
    const earlier = await agent.page.evaluate(() => {
      const at = new Date(Date.now() - 60 * 60_000);
      return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
    });
    await form.getByLabel(/^Expected back at/).fill(earlier);
    await form.getByRole('button', { name: 'Start break' }).click();
    await form.getByText('This time has passed already.').waitFor();
    await expectNoAxeViolations(agent.page, 'break form with an error (en)');
    await form.getByRole('button', { name: 'Cancel' }).click();
    await form.waitFor({ state: 'detached' });
    // The first test left this agent serving: cancelling keeps the state as it was.
    expect(await agent.page.getByRole('radio', { name: 'Available' }).isChecked()).toBe(true);
    await expectNoAxeViolations(agent.page, 'workspace (en)');
    await expectNoErrorsThenClose(agent);
  }, 60_000);

  it('lets the admin set the follow-up time for the authority and an office, axe-clean in German and English', async () => {
    const { scene, browser } = walkIn;
    const admin = await scene.tenant.staff('admin');
    const person = await newPerson(browser);
    await signInAgent(person.context, scene, {
      ...admin,
      cookie: admin.cookie.split('=').slice(1).join('='),
    });
    await person.page.goto(`${scene.server.baseUrl}/admin/settings`);
    const section = person.page.getByRole('region', { name: 'Nachbearbeitung nach Gesprächen' });
    await section.getByLabel(/^Nachbearbeitungszeit in Minuten/).fill('3');
    await section.getByLabel(/^Kfz-Zulassung: Minuten/).fill('61');
    await section.getByRole('button', { name: 'Speichern' }).click();
    await section
      .getByRole('alert')
      .getByText(/markierte/)
      .waitFor();
    await expectNoAxeViolations(person.page, 'follow-up settings with an error (de)');
    await section.getByLabel(/^Kfz-Zulassung: Minuten/).fill('0');
    await section.getByRole('button', { name: 'Speichern' }).click();
    await person.page.getByRole('status').getByText('Die Nachbearbeitungszeit wurde gespeichert.').waitFor();
    const [stored] = await scene.server.ctx.db.query<{
      tenant: number;
      cars: number | null;
      main: number | null;
    }>(
      `SELECT t.follow_up_minutes AS tenant, c.follow_up_minutes AS cars, m.follow_up_minutes AS main
         FROM tenants t, offices c, offices m WHERE t.id = $1 AND c.id = $2 AND m.id = $3`,
      [scene.tenant.tenantId, scene.offices.cars.id, scene.offices.main.id],
    );
    expect(stored).toEqual({ tenant: 3, cars: 0, main: null });
    await person.page.getByRole('button', { name: 'English' }).click();
    await person.page
      .getByRole('region', { name: 'Follow-up work after calls' })
      .getByLabel(/^Kfz-Zulassung: minutes/)
      .waitFor();
    await expectNoAxeViolations(person.page, 'follow-up settings (en)');
    await expectNoErrorsThenClose(person);
  }, 60_000);
});
