import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  expectNoAxeViolations,
  expectNoErrorsThenClose,
  newPerson,
  setUpWalkIn,
  signInAgent,
  snap,
  waitForFrames,
} from '../support/walk-in';

const walkIn = setUpWalkIn();

const TEXT = {
  de: {
    deviceCheck: 'Kamera, Mikrofon und Lautsprecher prüfen',
    continue: 'Weiter',
    name: 'Vorname oder Pseudonym',
    submit: 'Wartezimmer betreten',
    position: /Sie sind an Position \d+/,
    callHeading: 'Videogespräch – Bürgerbüro',
    connected: 'Verbunden',
    workspace: 'Arbeitsplatz',
    available: 'Verfügbar',
    nowAvailable: 'Sie sind jetzt verfügbar.',
    callNext: 'Nächste Person aufrufen',
    end: 'Gespräch beenden',
    ended: 'Das Gespräch ist beendet',
  },
  en: {
    deviceCheck: 'Check camera, microphone and speaker',
    continue: 'Continue',
    name: 'First name or pseudonym',
    submit: 'Enter the waiting room',
    position: /You are number \d+ in the queue/,
    callHeading: 'Video call – Bürgerbüro',
    connected: 'Connected',
    workspace: 'Workspace',
    available: 'Available',
    nowAvailable: 'You are available now.',
    callNext: 'Call next person',
    end: 'End consultation',
    ended: 'The consultation has ended',
  },
};

/** Presses Tab until the focused element is the one described; fails after many presses. */
async function tabTo(page: Page, target: { text?: string; id?: string }, shift = false) {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
    const found = await page.evaluate(({ text, id }) => {
      const el = document.activeElement as HTMLElement | null;
      if (!el) return false;
      if (id) return el.id === id;
      return el.textContent?.trim() === text;
    }, target);
    if (found) return;
  }
  throw new Error(`Tab never reached ${JSON.stringify(target)}`);
}

const focusedText = (page: Page) => page.evaluate(() => document.activeElement?.textContent?.trim());

describe('citizen pages: accessibility', () => {
  for (const language of ['de', 'en'] as const) {
    it(`have no axe violations on the public page, device check, waiting room and call (${language})`, async () => {
      const { scene, browser } = walkIn;
      const text = TEXT[language];
      const citizen = await newPerson(browser, { language });
      const agent = await newPerson(browser, { language });
      // A fresh agent per test: presence from an earlier test must not carry over.
      await signInAgent(agent.context, scene, await scene.newAgent([scene.offices.main.id]));

      const { page } = citizen;
      await page.goto(`${scene.server.baseUrl}/${scene.tenant.slug}`);
      await page.getByRole('heading', { level: 1, name: 'Musterstadt' }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
      await expectNoAxeViolations(page, `public page (${language})`);

      await page.goto(`${scene.server.baseUrl}/${scene.tenant.slug}/${scene.offices.main.slug}`);
      await page.getByRole('heading', { name: text.deviceCheck }).waitFor();
      await page.getByRole('button', { name: text.continue, exact: true }).waitFor();
      await expectNoAxeViolations(page, `device check (${language})`);
      await page.getByRole('button', { name: text.continue, exact: true }).click();
      await page.getByLabel(text.name).fill(`Axe ${language}`);
      await expectNoAxeViolations(page, `form (${language})`);
      await page.getByRole('button', { name: text.submit }).click();
      await page.getByText(text.position).waitFor();
      await expectNoAxeViolations(page, `waiting room (${language})`);

      await agent.page.goto(`${scene.server.baseUrl}/staff`);
      await agent.page.getByRole('heading', { level: 1, name: text.workspace }).waitFor();
      await agent.page.getByRole('radio', { name: text.available }).check();
      await agent.page.getByRole('status').getByText(text.nowAvailable).waitFor();
      await agent.page.getByRole('row', { name: new RegExp(`Axe ${language}`) }).waitFor();
      await expectNoAxeViolations(agent.page, `staff workspace (${language})`);
      await agent.page.getByRole('button', { name: text.callNext }).first().click();

      await page.getByRole('heading', { name: text.callHeading }).waitFor();
      await page.getByRole('status').getByText(text.connected, { exact: true }).waitFor();
      await waitForFrames(page);
      await expectNoAxeViolations(page, `call page (${language})`);
      await expectNoAxeViolations(agent.page, `staff call (${language})`);
      if (language === 'en') await snap(page, 'call-citizen-en');

      await agent.page.getByRole('button', { name: text.end }).click();
      await page.getByRole('heading', { name: text.ended }).waitFor();
      await expectNoAxeViolations(page, `ended page (${language})`);

      await expectNoErrorsThenClose(citizen, agent);
    }, 180_000);
  }

  it('the whole citizen path and the agent’s call-next work with the keyboard alone', async () => {
    const { scene, browser } = walkIn;
    const citizen = await newPerson(browser);
    const agent = await newPerson(browser);
    // A fresh agent per test: presence from an earlier test must not carry over.
    await signInAgent(agent.context, scene, await scene.newAgent([scene.offices.main.id]));
    const { page } = citizen;

    await page.goto(`${scene.server.baseUrl}/${scene.tenant.slug}`);
    await page.getByRole('heading', { level: 1, name: 'Musterstadt' }).waitFor();
    // "Betreten" of the first office (Bürgerbüro).
    await tabTo(page, { text: 'Betreten' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('href'))).toContain(
      '/buergerbuero',
    );
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: TEXT.de.deviceCheck }).waitFor();
    await page.getByRole('button', { name: 'Weiter', exact: true }).waitFor();

    // The speaker test and the continue button by keyboard.
    await tabTo(page, { text: 'Testton abspielen' });
    await page.keyboard.press('Space');
    await page.getByText(/Haben Sie einen kurzen Ton gehört/).waitFor();
    await tabTo(page, { text: 'Weiter' });
    await page.keyboard.press('Enter');

    // The form: focus is on its heading; the name field comes next.
    await page.getByRole('heading', { name: 'Ihre Angaben' }).waitFor();
    await expect.poll(() => focusedText(page)).toBe('Ihre Angaben');
    await tabTo(page, { id: 'enter-displayName' });
    await page.keyboard.type('Tastatur');
    await tabTo(page, { id: 'enter-concern' });
    await page.keyboard.type('Nur mit Tasten');
    await tabTo(page, { text: 'Wartezimmer betreten' });
    await page.keyboard.press('Enter');
    await page.getByText(/Sie sind an Position \d+/).waitFor();
    await expect.poll(() => focusedText(page)).toBe('Wartezimmer');

    // Pausing the live display is a toggle the keyboard reaches.
    await tabTo(page, { text: 'Live-Anzeige anhalten' });
    await page.keyboard.press('Space');
    await page.getByText('Die Live-Anzeige ist angehalten. Sie werden trotzdem aufgerufen.').waitFor();
    await page.keyboard.press('Space');
    await page.getByText(/Sie sind an Position \d+/).waitFor();

    // The agent: available (arrow keys move within the radio group), then call next.
    await agent.page.goto(`${scene.server.baseUrl}/staff`);
    await agent.page.getByRole('heading', { level: 1, name: 'Arbeitsplatz' }).waitFor();
    await tabTo(agent.page, { id: 'presence-away' });
    await agent.page.keyboard.press('ArrowLeft');
    await agent.page.getByRole('status').getByText('Sie sind jetzt verfügbar.').waitFor();
    await agent.page.getByRole('row', { name: /Tastatur/ }).waitFor();
    await tabTo(agent.page, { text: 'Nächste Person aufrufen' });
    await agent.page.keyboard.press('Enter');

    // Both sides: the call heading has focus, and controls are reachable by Tab.
    await agent.page.getByRole('heading', { name: 'Gespräch mit Tastatur' }).waitFor();
    await page.getByRole('heading', { name: 'Videogespräch – Bürgerbüro' }).waitFor();
    await expect.poll(() => focusedText(page)).toBe('Videogespräch – Bürgerbüro');
    expect(await focusedText(agent.page)).toBe('Gespräch mit Tastatur');
    await tabTo(page, { text: 'Mikrofon stumm' });
    await page.keyboard.press('Space');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-pressed'))).toBe('true');
    await tabTo(agent.page, { text: 'Gespräch beenden' });
    await agent.page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Das Gespräch ist beendet' }).waitFor();
    await expect.poll(() => focusedText(page)).toBe('Das Gespräch ist beendet');

    await expectNoErrorsThenClose(citizen, agent);
  }, 180_000);
});
