import { describe, expect, it } from 'vitest';
import {
  agentAvailable,
  citizenConnected,
  enterAsCitizen,
  expectNoAxeViolations,
  expectNoErrorsThenClose,
  framesDecoded,
  newPerson,
  setUpWalkIn,
  signInAgent,
  snap,
  TEST_NOW,
  waitForFrames,
} from '../support/walk-in';

// One recall after five minutes: the whole path from "nicht erschienen" to the missed list in one test.
const walkIn = setUpWalkIn({
  env: async () => ({ QUEUE_RECALLS: '1', QUEUE_RECALL_PAUSE_MINUTES: '5' }),
});

describe('the clerk’s day in the browser', () => {
  it('recalls a citizen who did not answer, lists them as missed, puts them back and serves them', async () => {
    const { scene, browser } = walkIn;
    scene.server.ctx.clock = () => TEST_NOW;
    const agent = await newPerson(browser);
    await signInAgent(agent.context, scene, await scene.newAgent([scene.offices.main.id]));
    await agentAvailable(agent.page, scene);
    const anna = await newPerson(browser);
    await enterAsCitizen(anna.page, scene, 'Anna');
    await citizenConnected(scene, 'Anna');
    const waitingRoom = anna.page.url();
    const main = agent.page.getByRole('region', { name: 'Bürgerbüro' });

    // Her page is closed when the clerk calls her: "nicht erschienen".
    await anna.page.goto('about:blank');
    await main
      .getByRole('row', { name: /Anna/ })
      .getByText(/Verbindung getrennt seit/)
      .waitFor();
    await main.getByRole('button', { name: 'Anna aufrufen' }).click();
    await agent.page.getByRole('heading', { name: 'Gespräch mit Anna' }).waitFor();
    await agent.page.getByRole('button', { name: 'Nicht erschienen' }).click();
    await main
      .getByRole('row', { name: /Anna/ })
      .getByText(/1-mal nicht erschienen – erneuter Aufruf ab \d\d:\d\d/)
      .waitFor();

    // Back on her page during the pause, she reads that she was called and when she is called again.
    await anna.page.goto(waitingRoom);
    await anna.page.getByText('Sie wurden aufgerufen').waitFor();
    await anna.page.getByText(/Ab 10:05 Uhr rufen wir Sie erneut auf/).waitFor();
    await snap(anna.page, 'recall-notice');

    // After the pause she is called again, does not answer again, and moves to the missed list.
    await anna.page.goto('about:blank');
    await main
      .getByRole('row', { name: /Anna/ })
      .getByText(/Verbindung getrennt seit/)
      .waitFor();
    scene.server.ctx.clock = () => TEST_NOW.add({ minutes: 5 });
    await main.getByRole('button', { name: 'Anna aufrufen' }).click();
    await agent.page.getByRole('button', { name: 'Nicht erschienen' }).click();
    const missed = agent.page.getByRole('table', { name: 'Geparkt und verpasst – Bürgerbüro' });
    await missed
      .getByRole('row', { name: /Anna/ })
      .getByText(/Verpasst seit .*2-mal aufgerufen/)
      .waitFor();
    await expectNoAxeViolations(agent.page, 'missed list (de)');
    await snap(agent.page, 'missed-list');

    // Her page says so; the clerk puts her back, and she is served with video both ways.
    await anna.page.goto(waitingRoom);
    await anna.page.getByRole('heading', { name: 'Sie wurden mehrmals aufgerufen' }).waitFor();
    await expectNoAxeViolations(anna.page, 'missed (de)');
    await missed.getByRole('button', { name: 'Anna an alter Stelle wieder aufnehmen' }).click();
    await anna.page.getByText('Sie sind an Position 1').waitFor();
    await main.getByRole('button', { name: 'Nächste Person aufrufen' }).click();
    await anna.page.getByRole('heading', { name: /Videogespräch –/ }).waitFor();
    await Promise.all([waitForFrames(agent.page), waitForFrames(anna.page)]);
    await expectNoErrorsThenClose(agent, anna);
  }, 180_000);

  it('sends a citizen back to the waiting room with a note and calls her back into the call without a reload', async () => {
    const { scene, browser } = walkIn;
    scene.server.ctx.clock = () => TEST_NOW;
    const agent = await newPerson(browser);
    await signInAgent(agent.context, scene, await scene.newAgent([scene.offices.main.id]));
    await agentAvailable(agent.page, scene);
    const berta = await newPerson(browser);
    const cem = await newPerson(browser);
    await enterAsCitizen(berta.page, scene, 'Berta');
    await enterAsCitizen(cem.page, scene, 'Cem');
    const main = agent.page.getByRole('region', { name: 'Bürgerbüro' });
    await main.getByRole('button', { name: 'Nächste Person aufrufen' }).click();
    await berta.page.getByRole('heading', { name: /Videogespräch –/ }).waitFor();
    await Promise.all([waitForFrames(agent.page), waitForFrames(berta.page)]);
    // Whoever an earlier test left waiting stays ahead of Cem: his place counts from here.
    const cemAt = Number(
      (await cem.page.getByText(/Sie sind an Position \d+/).textContent())?.match(/\d+/)?.[0],
    );
    // A mark in the page's memory: it survives only if the page is not reloaded.
    await berta.page.evaluate(() => {
      (globalThis as { __sameDocument?: boolean }).__sameDocument = true;
    });

    await agent.page.getByRole('button', { name: 'Bitte kurz warten …' }).click();
    const dialog = agent.page.getByRole('dialog', { name: 'Berta kurz warten lassen' });
    await dialog.getByLabel(/Nachricht an die Person/).fill('Ich frage kurz beim Standesamt nach.');
    await expectNoAxeViolations(agent.page, 'send-back dialog (de)');
    await dialog.getByRole('button', { name: 'Ins Wartezimmer schicken' }).click();

    await berta.page.getByText('Bitte kurz warten').first().waitFor();
    await berta.page.getByText('„Ich frage kurz beim Standesamt nach.“', { exact: false }).waitFor();
    await berta.page.getByText('Sie sind an Position 1').waitFor();
    await cem.page.getByText(`Sie sind an Position ${cemAt + 1}`).waitFor();
    await snap(berta.page, 'sent-back');
    await main
      .getByRole('row', { name: /Berta/ })
      .getByText(/Kurz zurückgeschickt/)
      .waitFor();

    // Cem gets priority meanwhile (the dialog asks for a reason); Berta still stays first.
    await main.getByRole('button', { name: 'Vorrang für Cem ändern' }).click();
    const priority = agent.page.getByRole('dialog', { name: 'Vorrang für Cem' });
    await priority.getByRole('button', { name: 'Vorrang geben' }).click();
    await priority.getByText('Bitte nennen Sie einen Grund.').waitFor();
    await expectNoAxeViolations(agent.page, 'priority dialog with an error (de)');
    await priority.getByLabel('Grund').fill('Rollstuhl, Aufzug defekt');
    await priority.getByRole('button', { name: 'Vorrang geben' }).click();
    await main.getByRole('row', { name: /Cem/ }).getByText('Vorrang: Rollstuhl, Aufzug defekt').waitFor();
    await cem.page.getByText('Sie sind an Position 2').waitFor();

    // One click calls her back: the same page joins the call again and the picture flows both ways.
    const before = await framesDecoded(berta.page);
    await main.getByRole('button', { name: 'Berta aufrufen' }).click();
    await berta.page.getByRole('heading', { name: /Videogespräch –/ }).waitFor();
    await Promise.all([waitForFrames(agent.page), waitForFrames(berta.page, before)]);
    expect(await berta.page.evaluate(() => (globalThis as { __sameDocument?: boolean }).__sameDocument)).toBe(
      true,
    );
    await expectNoErrorsThenClose(agent, berta, cem);
  }, 180_000);

  it('parks a case for later; the parked list and the citizen’s page read well in German and English, and a click resumes the call', async () => {
    const { scene, browser } = walkIn;
    scene.server.ctx.clock = () => TEST_NOW;
    const agent = await newPerson(browser);
    await signInAgent(agent.context, scene, await scene.newAgent([scene.offices.main.id]));
    await agentAvailable(agent.page, scene);
    const dana = await newPerson(browser);
    await enterAsCitizen(dana.page, scene, 'Dana');
    const main = agent.page.getByRole('region', { name: 'Bürgerbüro' });
    await main.getByRole('button', { name: 'Dana aufrufen' }).click();
    await dana.page.getByRole('heading', { name: /Videogespräch –/ }).waitFor();

    await agent.page.getByRole('button', { name: 'Parken …' }).click();
    const dialog = agent.page.getByRole('dialog', { name: 'Anliegen von Dana parken' });
    await dialog.getByLabel(/Nachricht an die Person/).fill('Die Unterlagen kommen per E-Mail.');
    await expectNoAxeViolations(agent.page, 'park dialog (de)');
    await dialog.getByRole('button', { name: 'Parken', exact: true }).click();
    await dana.page.getByRole('heading', { name: 'Ihr Anliegen ist zurückgestellt' }).waitFor();
    await dana.page.getByText('„Die Unterlagen kommen per E-Mail.“', { exact: false }).waitFor();
    const parked = agent.page.getByRole('table', { name: 'Geparkt und verpasst – Bürgerbüro' });
    await parked
      .getByRole('row', { name: /Dana/ })
      .getByText(/Geparkt seit/)
      .waitFor();

    await agent.page.getByRole('button', { name: 'English' }).click();
    const inEnglish = agent.page.getByRole('table', { name: 'Parked and missed – Bürgerbüro' });
    await inEnglish
      .getByRole('row', { name: /Dana/ })
      .getByText(/Parked since/)
      .waitFor();
    await expectNoAxeViolations(agent.page, 'parked list (en)');
    await dana.page.getByRole('button', { name: 'English' }).click();
    await dana.page.getByRole('heading', { name: 'Your request is on hold' }).waitFor();
    await expectNoAxeViolations(dana.page, 'parked (en)');

    await inEnglish.getByRole('button', { name: 'Call Dana' }).click();
    await dana.page.getByRole('heading', { name: /Video call –/ }).waitFor();
    await Promise.all([waitForFrames(agent.page), waitForFrames(dana.page)]);
    await expectNoErrorsThenClose(agent, dana);
  }, 180_000);
});
