import { Temporal } from 'temporal-polyfill';
import { describe, expect, it } from 'vitest';
import {
  agentAvailable,
  enterAsCitizen,
  expectNoAxeViolations,
  expectNoErrorsThenClose,
  expectUniqueControlNames,
  newPerson,
  setUpWalkIn,
  signInAgent,
  snap,
  TEST_NOW,
  waitForFrames,
} from '../support/walk-in';

const walkIn = setUpWalkIn();

describe('walk-in waiting room', () => {
  it('shows the offices, keeps the position across a reload, and forwards a citizen with a note', async () => {
    const { scene, browser } = walkIn;
    const agent = await newPerson(browser);
    await signInAgent(agent.context, scene);
    await agentAvailable(agent.page, scene);

    const first = await newPerson(browser);
    const second = await newPerson(browser);

    // The public page: both offices open, one chair staffed, nobody waiting yet.
    await first.page.goto(`${scene.server.baseUrl}/${scene.tenant.slug}`);
    await first.page.getByRole('heading', { level: 1, name: 'Musterstadt' }).waitFor();
    const card = first.page.getByRole('article', { name: 'Bürgerbüro' });
    const cardText = await card.textContent();
    expect(cardText).toContain('Geöffnet bis 18:00 Uhr');
    expect(cardText).toContain('Ansprechpersonen im Dienst1 Person');
    expect(cardText).toContain('Niemand wartet');
    await snap(first.page, 'public-page');
    await expectUniqueControlNames(first.page, 'public office list');
    await card.getByRole('link', { name: 'Betreten: Bürgerbüro', exact: true }).click();
    await first.page.getByRole('heading', { name: 'Kamera, Mikrofon und Lautsprecher prüfen' }).waitFor();
    await first.page.getByRole('button', { name: 'Weiter', exact: true }).waitFor();
    await snap(first.page, 'device-check');

    await enterAsCitizen(first.page, scene, 'Alex', 'Ummeldung');
    await enterAsCitizen(second.page, scene, 'Brigitte', 'Führerschein');
    await second.page.getByText('Sie sind an Position 2').waitFor();
    await snap(second.page, 'waiting-room');

    // A reload returns to the same place in the queue.
    await second.page.reload();
    await second.page.getByText('Sie sind an Position 2').waitFor();
    await first.page.getByText('Sie sind an Position 1').waitFor();

    // The agent sees both, then forwards Alex to the car registration office with a note.
    const main = agent.page.getByRole('region', { name: 'Bürgerbüro' });
    await main.getByRole('row', { name: /Brigitte/ }).waitFor();
    await main.getByRole('button', { name: 'Alex weiterleiten' }).click();
    const dialog = agent.page.getByRole('dialog', { name: 'Alex weiterleiten' });
    await dialog.getByLabel('An welches Büro?').selectOption({ label: 'Kfz-Zulassung' });
    await dialog.getByLabel(/Hinweis für das andere Büro/).fill('Möchte ein Auto ummelden');
    await snap(agent.page, 'transfer-dialog');
    await dialog.getByRole('button', { name: 'Weiterleiten' }).click();
    await agent.page
      .getByRole('status')
      .getByText('Alex ist weitergeleitet. Neues Büro: Kfz-Zulassung')
      .waitFor();

    await first.page.getByText('Weitergeleitet an: Kfz-Zulassung').first().waitFor();
    await first.page.getByText('Sie sind an Position 1').waitFor();
    await second.page.getByText('Sie sind an Position 1').waitFor();
    const carsRow = agent.page
      .getByRole('region', { name: 'Kfz-Zulassung' })
      .getByRole('row', { name: /Alex/ });
    await carsRow.waitFor();
    const carsText = await carsRow.textContent();
    expect(carsText).toContain('Möchte ein Auto ummelden');
    expect(carsText).toContain('Weitergeleitet von: Bürgerbüro');
    expect(carsText).toContain('insgesamt');
    await snap(first.page, 'waiting-forwarded');
    await snap(agent.page, 'workspace');

    // The second citizen leaves: gone from the queue at once.
    await second.page.getByRole('button', { name: 'Wartezimmer verlassen' }).click();
    await second.page.getByRole('heading', { name: 'Sie haben das Wartezimmer verlassen' }).waitFor();
    await main.getByText('Zurzeit wartet hier niemand.').waitFor();

    await expectNoErrorsThenClose(agent, first, second);
  }, 180_000);

  it('passes over a citizen whose page is closed and says so; a call to a closed page says so until it is open again', async () => {
    const { scene, browser } = walkIn;
    const agent = await newPerson(browser);
    await signInAgent(agent.context, scene, await scene.newAgent([scene.offices.main.id]));
    await agentAvailable(agent.page, scene);
    const carla = await newPerson(browser);
    const deniz = await newPerson(browser);
    await enterAsCitizen(carla.page, scene, 'Carla');
    await enterAsCitizen(deniz.page, scene, 'Deniz');
    const waitingRoom = carla.page.url();

    // Carla's page goes elsewhere (the tab keeps her place): the clerk sees it in the queue.
    await carla.page.goto('about:blank');
    const main = agent.page.getByRole('region', { name: 'Bürgerbüro' });
    await main
      .getByRole('row', { name: /Carla/ })
      .getByText(/Verbindung getrennt seit/)
      .waitFor();

    // "Next" calls Deniz, who is there, and says who was passed over; Carla keeps the first place.
    await main.getByRole('button', { name: 'Nächste Person aufrufen' }).click();
    await agent.page.getByRole('heading', { name: 'Gespräch mit Deniz' }).waitFor();
    await agent.page
      .getByRole('status')
      .getByText(
        '1 Person weiter vorn hat die Seite geschlossen und wurde übersprungen; sie behält ihren Platz.',
      )
      .waitFor();
    await agent.page.getByRole('button', { name: 'Gespräch beenden' }).click();

    // Called by name with her page closed: the call screen says so at once, not "Warten auf das Bild".
    await main.getByRole('button', { name: 'Carla aufrufen' }).click();
    await agent.page.getByRole('heading', { name: 'Gespräch mit Carla' }).waitFor();
    const away = agent.page.getByRole('status').getByText(/Carla hat die Seite seit \d\d:\d\d geschlossen/);
    await away.waitFor();
    await expectNoAxeViolations(agent.page, 'call to a closed page (de)');

    // Her page opens again: she is in the call, the notice goes, and the picture comes.
    await carla.page.goto(waitingRoom);
    await carla.page.getByRole('heading', { name: /Videogespräch –/ }).waitFor();
    await away.waitFor({ state: 'detached' });
    await Promise.all([waitForFrames(agent.page), waitForFrames(carla.page)]);
    await expectNoErrorsThenClose(agent, carla, deniz);
  }, 180_000);

  it("says when a closed office opens next, in the authority's time zone and the UI language", async () => {
    const { scene, browser } = walkIn;
    // Wednesday 19:00 in Berlin: closed until next Wednesday 08:00.
    scene.server.ctx.clock = () => Temporal.Instant.from('2026-11-25T18:00:00Z');
    try {
      const citizen = await newPerson(browser);
      await citizen.page.goto(`${scene.server.baseUrl}/${scene.tenant.slug}`);
      const card = citizen.page.getByRole('article', { name: 'Bürgerbüro' });
      await card.getByText('Geschlossen').waitFor();
      expect(await card.textContent()).toContain('Öffnet wieder: Mittwoch, 2. Dezember um 08:00 Uhr');
      expect(await card.getByRole('link').count()).toBe(0);
      await snap(citizen.page, 'public-page-closed');
      await citizen.page.getByRole('button', { name: 'English' }).click();
      await card.getByText('Closed', { exact: true }).waitFor();
      expect(await card.textContent()).toContain('Opens again: Wednesday 2 December at 08:00');
      // The entry page of a closed office says so instead of starting the device check.
      await citizen.page.goto(`${scene.server.baseUrl}/${scene.tenant.slug}/${scene.offices.main.slug}`);
      await citizen.page.getByRole('heading', { name: 'Closed', exact: true }).waitFor();
      await expectNoErrorsThenClose(citizen);
    } finally {
      scene.server.ctx.clock = () => TEST_NOW;
    }
  }, 60_000);
});
