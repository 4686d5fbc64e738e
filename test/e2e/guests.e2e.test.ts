import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, expectTileGrid, openCallTab, PHONE, PHONE_SIDEWAYS, settled } from '../support/call-layout';
import { invite, joinAsGuest } from '../support/guests';
import { framesByPeer, videoByPeer, waitForFramesFromEach } from '../support/peer-video';
import { samplePdf } from '../support/sample-files';
import { sourceOfFrame, type VideoSource } from '../support/video-source';
import {
  agentAvailable,
  enterAsCitizen,
  expectNoAxeViolations,
  expectNoErrorsThenClose,
  newPerson,
  setUpWalkIn,
  signInAgent,
  snap,
  waitForFrames,
} from '../support/walk-in';

const walkIn = setUpWalkIn();

/** Waits until the page decodes the agent's screen or camera (told apart by the pictures' shape). */
async function waitForAgentSends(page: Page, what: VideoSource, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const seen = Object.entries(await videoByPeer(page)).find(([peer]) => peer.startsWith('agent:'))?.[1];
    const { width = 0, height = 0 } = seen ?? {};
    if (sourceOfFrame(width, height) === what) return;
    if (Date.now() > until) throw new Error(`the agent's frames stayed ${width}×${height}, not its ${what}`);
    await page.waitForTimeout(250);
  }
}

const chatOf = (page: Page) => page.getByRole('log', { name: 'Chat' });
const filesOf = (page: Page) => page.getByRole('list', { name: 'Dateien' });

describe('guests in a consultation', () => {
  it('a guest joins by a one-time link and everyone decodes video from everyone; a second guest makes four', async () => {
    const { scene, browser } = walkIn;
    const citizen = await newPerson(browser);
    const agent = await newPerson(browser);
    const guest = await newPerson(browser);
    const latecomer = await newPerson(browser);
    const colleague = await newPerson(browser);
    await signInAgent(agent.context, scene);

    await enterAsCitizen(citizen.page, scene, 'Dilara');
    await agentAvailable(agent.page, scene);
    await agent.page.getByRole('button', { name: 'Dilara aufrufen' }).click();
    await agent.page.getByRole('heading', { name: 'Gespräch mit Dilara' }).waitFor();
    await Promise.all([waitForFrames(citizen.page), waitForFrames(agent.page)]);

    // Three: the interpreter joins, and each of the three decodes the other two.
    const link = await invite(agent.page, 'Dolmetscherin', 'Dolmetscherin');
    expect(link).toMatch(new RegExp(`^${scene.server.baseUrl}/${scene.tenant.slug}/gast#[A-Za-z0-9_-]{43}$`));
    const joined = Date.now();
    await joinAsGuest(guest, link);
    await Promise.all([
      waitForFramesFromEach(agent.page, 2),
      waitForFramesFromEach(citizen.page, 2),
      waitForFramesFromEach(guest.page, 2),
    ]);
    console.log(
      `three-way: video from everyone on all pages ${Date.now() - joined} ms after the guest opened the link`,
    );
    // Each picture is labelled with who it is; the others were told who joined.
    await agent.page.getByLabel('Video von Dolmetscherin').waitFor();
    await citizen.page.getByLabel('Video von Dolmetscherin').waitFor();
    await guest.page.getByLabel('Video von Ansprechperson der Behörde').waitFor();
    await guest.page.getByLabel('Video von Bürgerin oder Bürger').waitFor();
    await citizen.page.getByRole('status').getByText('Dolmetscherin ist dem Gespräch beigetreten.').waitFor();
    await agent.page
      .getByRole('region', { name: 'Gäste' })
      .getByText('Dolmetscherin – im Gespräch')
      .waitFor();
    await snap(guest.page, 'guest-call');
    await expectNoAxeViolations(guest.page, 'guest call (de)');

    // The link worked once: another browser is refused, clearly.
    await latecomer.page.goto(link);
    await latecomer.page.getByRole('heading', { name: 'Dieser Link wurde bereits verwendet' }).waitFor();
    await expectNoAxeViolations(latecomer.page, 'used guest link (de)');

    // The agent shares the screen: it reaches both others over their own connections.
    const share = agent.page.getByRole('button', { name: 'Bildschirm teilen' });
    await share.click();
    await Promise.all([waitForAgentSends(citizen.page, 'screen'), waitForAgentSends(guest.page, 'screen')]);

    // Four: a colleague without a label joins while the screen is shared, and gets the screen too;
    // then the invitation form says the room is full.
    const second = await invite(agent.page, '', 'Gast');
    const fourth = Date.now();
    await joinAsGuest(colleague, second);
    await Promise.all(
      [agent, citizen, guest, colleague].map((person) => waitForFramesFromEach(person.page, 3)),
    );
    console.log(
      `four-way: video from everyone on all pages ${Date.now() - fourth} ms after the second guest opened the link`,
    );
    await waitForAgentSends(colleague.page, 'screen');
    await share.click();
    await Promise.all([citizen, guest, colleague].map((person) => waitForAgentSends(person.page, 'camera')));
    await agent.page.getByText('Es sind bereits 2 Gäste eingeladen.', { exact: false }).waitFor();
    expect(await agent.page.getByRole('button', { name: 'Gast einladen' }).count()).toBe(0);
    await snap(agent.page, 'guest-agent-four');
    await expectNoAxeViolations(agent.page, 'agent call with two guests (de)');

    // The interpreter reloads: back in the call, and media flows again between all four.
    await guest.page.reload();
    await guest.page.getByRole('heading', { name: 'Videogespräch – Bürgerbüro' }).waitFor();
    await waitForFramesFromEach(guest.page, 3);
    await waitForFramesFromEach(citizen.page, 3, await framesByPeer(citizen.page));

    // The agent removes the colleague: only that connection goes, the others keep decoding.
    await agent.page.getByRole('button', { name: 'Gast entfernen' }).click();
    await colleague.page.getByRole('heading', { name: 'Sie wurden aus dem Gespräch entfernt' }).waitFor();
    await citizen.page.getByRole('status').getByText('Gast hat das Gespräch verlassen.').waitFor();
    for (const person of [agent, citizen, guest]) {
      await waitForFramesFromEach(person.page, 2, await framesByPeer(person.page));
    }

    // The agent ends: the guest's call ends too.
    await agent.page.getByRole('button', { name: 'Gespräch beenden' }).click();
    await guest.page.getByRole('heading', { name: 'Das Gespräch ist beendet' }).waitFor();
    await citizen.page.getByRole('heading', { name: 'Das Gespräch ist beendet' }).waitFor();
    // The tab forgot the guest session: nothing is left to resume.
    expect(
      await guest.page.evaluate(
        (slug) => sessionStorage.getItem(`amtsraum.guestSession.${slug}`),
        scene.tenant.slug,
      ),
    ).toBeNull();

    await expectNoErrorsThenClose(citizen, agent, guest, latecomer, colleague);
  }, 420_000);

  it('the interpreter writes in the chat and downloads what the citizen shared; everyone sees who wrote; the citizen sees both as tiles', async () => {
    const { scene, browser } = walkIn;
    const citizen = await newPerson(browser);
    const agent = await newPerson(browser);
    const interpreter = await newPerson(browser);
    // A fresh agent: presence from the other test must not carry over.
    await signInAgent(agent.context, scene, await scene.newAgent([scene.offices.main.id]));

    await enterAsCitizen(citizen.page, scene, 'Lina');
    await agentAvailable(agent.page, scene);
    await agent.page.getByRole('button', { name: 'Lina aufrufen' }).click();
    await agent.page.getByRole('heading', { name: 'Gespräch mit Lina' }).waitFor();
    await joinAsGuest(interpreter, await invite(agent.page, 'Dolmetscherin', 'Dolmetscherin'));

    // The citizen shares a letter: the interpreter sees it live, named as the citizen, and downloads it.
    const letter = await samplePdf('Bescheid über die Anmeldung');
    await openCallTab(citizen.page, 'Dateien');
    await openCallTab(interpreter.page, 'Dateien');
    await citizen.page.getByLabel('Datei zum Teilen auswählen').setInputFiles({
      name: 'Bescheid.pdf',
      mimeType: 'application/pdf',
      buffer: letter,
    });
    await citizen.page.getByRole('button', { name: 'Datei teilen' }).click();
    const atInterpreter = filesOf(interpreter.page).getByRole('listitem').filter({ hasText: 'Bescheid.pdf' });
    await atInterpreter.waitFor();
    expect(await atInterpreter.textContent()).toMatch(/Bürgerin oder Bürger · \d\d:\d\d · PDF/);
    await interpreter.page
      .getByRole('status')
      .getByText('Bürgerin oder Bürger hat „Bescheid.pdf“ geteilt.')
      .waitFor();
    const [saved] = await Promise.all([
      interpreter.page.waitForEvent('download'),
      interpreter.page.getByRole('button', { name: 'Bescheid.pdf herunterladen' }).click(),
    ]);
    expect(saved.suggestedFilename()).toBe('Bescheid.pdf');
    expect((await readFile(await saved.path())).equals(letter)).toBe(true);

    // The interpreter spells a name in the chat: the citizen and the agent read it under the label.
    await openCallTab(interpreter.page, 'Chat');
    const input = interpreter.page.getByLabel('Nachricht', { exact: true });
    await input.fill('Der Name schreibt sich mit Ç: Çelik.');
    await input.press('Enter');
    for (const page of [citizen.page, agent.page]) {
      await openCallTab(page, 'Chat');
      const message = chatOf(page).getByRole('listitem').filter({ hasText: 'Der Name schreibt sich mit Ç' });
      await message.waitFor();
      expect(await message.textContent()).toMatch(/^Dolmetscherin \d\d:\d\d/);
    }
    const own = chatOf(interpreter.page).getByRole('listitem').filter({ hasText: 'Der Name schreibt sich' });
    expect(await own.textContent()).toMatch(/^Sie \d\d:\d\d/);
    // Read by the others: the interpreter's own message says so.
    await own.getByText('gelesen').waitFor();
    // The citizen answers; the interpreter reads it under the name a guest knows the citizen by.
    await citizen.page.getByLabel('Nachricht', { exact: true }).fill('Danke, genau so.');
    await citizen.page.getByLabel('Nachricht', { exact: true }).press('Enter');
    const answer = chatOf(interpreter.page).getByRole('listitem').filter({ hasText: 'Danke, genau so.' });
    await answer.waitFor();
    expect(await answer.textContent()).toMatch(/^Bürgerin oder Bürger \d\d:\d\d/);

    // The interpreter's page with its panels: chat, form and files, as the others have them.
    await openCallTab(interpreter.page, 'Formular');
    await interpreter.page.getByRole('heading', { name: 'Gemeinsames Formular' }).waitFor();
    await snap(interpreter.page, 'guest-panels');
    await expectNoAxeViolations(interpreter.page, 'guest call with chat, form and files (de)');

    // The citizen sees agent and interpreter as two tiles, side by side or stacked, never over each other.
    await waitForFramesFromEach(citizen.page, 2);
    for (const viewport of [DESKTOP, PHONE, PHONE_SIDEWAYS]) {
      const where = `citizen with a guest ${viewport.width}×${viewport.height}`;
      await citizen.page.setViewportSize(viewport);
      await settled(citizen.page);
      await expectTileGrid(citizen.page, 2, where);
      await snap(citizen.page, `guest-grid-${viewport.width}x${viewport.height}`);
      await expectNoAxeViolations(citizen.page, where);
    }

    await agent.page.getByRole('button', { name: 'Gespräch beenden' }).click();
    await interpreter.page.getByRole('heading', { name: 'Das Gespräch ist beendet' }).waitFor();
    await expectNoErrorsThenClose(citizen, agent, interpreter);
  }, 240_000);
});
