import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  boxesOf,
  DESKTOP,
  insideViewport,
  measureCall,
  overlap,
  PHONE,
  PHONE_SIDEWAYS,
  SHARED_SCREEN,
  scrollPanelThenPage,
  settled,
  uncovered,
} from '../support/call-layout';
import { samplePdf } from '../support/sample-files';
import {
  agentAvailable,
  enterAsCitizen,
  expectNoAxeViolations,
  expectNoErrorsThenClose,
  newPerson,
  setUpWalkIn,
  signInAgent,
  waitForFrames,
} from '../support/walk-in';

const walkIn = setUpWalkIn();

/** Screenshots for looking at by eye; the assertions are by layout. */
const SHOTS = process.env.E2E_SCREENSHOT_DIR ?? join(tmpdir(), 'amtsraum-call-layout');

type Viewport = typeof PHONE;

const panelToggle = (page: Page) => page.getByRole('button', { name: /^Chat und Dateien(\W+\d+ neu)?$/ });
/** The panel's button with its unread count ("3" on screen, ", 3 neu" in its name). */
const toggleWith = (page: Page, count: number) =>
  page.getByRole('button', { name: new RegExp(`^Chat und Dateien\\W+${count} neu$`) });

/** The other person biggest, the bar on screen, one's own picture under a quarter of theirs. */
async function expectCallLayout(page: Page, where: string) {
  const layout = await measureCall(page);
  expect(layout.remote.visibleArea, `${where}: remote video vs ${layout.largestOther.what}`).toBeGreaterThan(
    layout.largestOther.area,
  );
  expect(insideViewport(layout.bar, layout.viewport), `${where}: bar ${JSON.stringify(layout.bar)}`).toBe(
    true,
  );
  expect(layout.selfArea, `${where}: self view`).toBeLessThan(layout.remote.area / 4);
  return layout;
}

/**
 * One viewport: the layout with the panel closed (phones start so), then open; the bar stays on screen
 * while the panel and the page scroll; a screenshot; axe.
 */
async function checkViewport(page: Page, who: string, viewport: Viewport) {
  const where = `${who} ${viewport.width}×${viewport.height}`;
  await page.setViewportSize(viewport);
  await settled(page);
  if ((await panelToggle(page).getAttribute('aria-expanded')) !== 'true') {
    await expectCallLayout(page, `${where}, panel closed`);
    await panelToggle(page).click();
  }
  const layout = await expectCallLayout(page, `${where}, panel open`);
  expect(layout.panelOpen).toBe(true);
  await page.screenshot({ path: join(SHOTS, `${who}-${viewport.width}x${viewport.height}.png`) });
  for (const to of ['end', 'top'] as const) {
    await scrollPanelThenPage(page, to);
    const scrolled = await measureCall(page);
    expect(
      insideViewport(scrolled.bar, scrolled.viewport),
      `${where}, scrolled to the ${to}: bar ${JSON.stringify(scrolled.bar)}`,
    ).toBe(true);
  }
  await expectNoAxeViolations(page, where);
  return layout;
}

/** The accessible name of the focused element, as the keyboard user's screen reader says it. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    return element?.getAttribute('aria-label') ?? element?.textContent?.trim() ?? '';
  });

/** Presses Tab (or Shift+Tab) until the focused element's name matches; returns the names passed. */
async function tabTo(page: Page, name: string | RegExp, shift = false): Promise<string[]> {
  const passed: string[] = [];
  for (let i = 0; i < 60; i++) {
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
    const now = await focused(page);
    passed.push(now);
    if (typeof name === 'string' ? now === name : name.test(now)) return passed;
  }
  throw new Error(`Tab never reached ${name}; passed ${passed.join(' | ')}`);
}

/**
 * Whether this side sends its microphone / camera (a muted track is sent disabled, not stopped), and
 * whether a shared screen goes out beside it.
 */
const sending = (page: Page, kind: 'audio' | 'video') =>
  page.evaluate((wanted) => {
    type Call = { pc?: RTCPeerConnection };
    const calls = [...((globalThis as { __amtsraumCalls?: Set<Call> }).__amtsraumCalls ?? [])];
    const pc = calls.map((call) => call.pc).find((p) => p?.connectionState === 'connected');
    const tracks = (pc?.getSenders() ?? []).flatMap((sender) =>
      sender.track?.kind === wanted && sender.track.readyState === 'live' ? [sender.track] : [],
    );
    const isScreen = (track: MediaStreamTrack) => track.getSettings().displaySurface !== undefined;
    const device = tracks.find((track) => !isScreen(track));
    return device ? { enabled: device.enabled, screen: tracks.some(isScreen) } : null;
  }, kind);

const pressed = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('aria-pressed'));

/** Every control of the stage and the bar by keyboard, each with its effect checked. */
async function operateByKeyboard(page: Page, heading: string) {
  await page.getByRole('heading', { name: heading }).focus();
  // Focus order: the stage's tools and one's own picture, then the bar, then the side panel.
  const order = await tabTo(page, /^Chat(, \d+ neu)?$/);
  const at = (name: string) => order.findIndex((passed) => passed.startsWith(name));
  expect(at('Vollbild')).toBeGreaterThanOrEqual(0);
  expect(at('Vollbild')).toBeLessThan(at('Eigenes Bild'));
  expect(at('Eigenes Bild')).toBeLessThan(at('Mikrofon stumm'));
  expect(at('Mikrofon stumm')).toBeLessThan(at('Kamera aus'));
  expect(at('Kamera aus')).toBeLessThan(at('Bildschirm teilen'));
  expect(at('Bildschirm teilen')).toBeLessThan(at('Chat und Dateien'));
  expect(at('Chat und Dateien')).toBeLessThan(order.length - 2);

  // Tabs: arrow keys move the selection and the focus; the selected panel shows.
  await page.keyboard.press('ArrowRight');
  expect(await focused(page)).toMatch(/^Dateien/);
  await page
    .getByRole('tabpanel', { name: /^Dateien/ })
    .getByRole('list', { name: 'Dateien' })
    .waitFor();
  await page.keyboard.press('End');
  expect(await focused(page)).toMatch(/^Formular|^Warteschlangen/);
  await page.keyboard.press('Home');
  expect(await focused(page)).toMatch(/^Chat/);
  await page.getByRole('tabpanel', { name: /^Chat/ }).getByRole('log', { name: 'Chat' }).waitFor();
  // Closing the panel puts the focus back on the button that opens it.
  await tabTo(page, 'Chat und Dateien schließen');
  await page.keyboard.press('Enter');
  expect(await focused(page)).toMatch(/^Chat und Dateien/);
  expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-expanded'))).toBe('false');
  await page.keyboard.press('Space');
  expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-expanded'))).toBe('true');

  // Microphone and camera: the tracks sent go off and on again.
  await tabTo(page, 'Mikrofon stumm', true);
  await page.keyboard.press('Space');
  expect(await pressed(page)).toBe('true');
  expect(await sending(page, 'audio')).toMatchObject({ enabled: false });
  await page.keyboard.press('Enter');
  expect(await sending(page, 'audio')).toMatchObject({ enabled: true });
  await tabTo(page, 'Kamera aus');
  await page.keyboard.press('Enter');
  expect(await pressed(page)).toBe('true');
  expect(await sending(page, 'video')).toMatchObject({ enabled: false });
  await page.keyboard.press('Space');
  expect(await sending(page, 'video')).toMatchObject({ enabled: true });

  // The screen goes out beside the camera, which keeps going, and stops again.
  await tabTo(page, 'Bildschirm teilen');
  await page.keyboard.press('Enter');
  await page.getByRole('status').getByText('Sie teilen Ihren Bildschirm.', { exact: true }).waitFor();
  await expect.poll(() => sending(page, 'video')).toMatchObject({ screen: true, enabled: true });
  await page.keyboard.press('Enter');
  await page.getByRole('status').getByText('Sie teilen Ihren Bildschirm nicht mehr.').waitFor();
  await expect.poll(() => sending(page, 'video')).toMatchObject({ screen: false });

  // One's own picture walks clockwise from the bottom right.
  const corner = () => page.locator('.call-self').getAttribute('data-corner');
  const before = await corner();
  await tabTo(page, 'Eigenes Bild in die nächste Ecke verschieben', true);
  await page.keyboard.press('Enter');
  expect([before, await corner()]).toEqual(['bottom-right', 'bottom-left']);
  await page.getByRole('status').getByText('Ihr eigenes Bild ist jetzt unten links.').waitFor();

  // Full screen: the stage, and back.
  await tabTo(page, 'Vollbild', true);
  await page.keyboard.press('Enter');
  await expect
    .poll(() => page.evaluate(() => document.fullscreenElement?.classList.contains('call-stage') ?? false))
    .toBe(true);
  await page.keyboard.press('Enter');
  await expect.poll(() => page.evaluate(() => document.fullscreenElement)).toBeNull();

  // Picture-in-picture where the browser offers it.
  if (await page.evaluate(() => document.pictureInPictureEnabled)) {
    await tabTo(page, 'Bild im Bild', true);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => page.evaluate(() => document.pictureInPictureElement?.tagName ?? null))
      .toBe('VIDEO');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.pictureInPictureElement)).toBeNull();
  }

  // The device pickers in their dialog; Escape closes it and the focus returns.
  await tabTo(page, 'Kamera, Mikrofon und Lautsprecher wählen', true);
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Kamera, Mikrofon und Lautsprecher' });
  await dialog.getByLabel('Mikrofon auswählen').waitFor();
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  expect(await focused(page)).toBe('Kamera, Mikrofon und Lautsprecher wählen');
}

/** A citizen on a phone and a fresh agent at a desk (a fresh agent: no presence left from another test). */
async function phoneAndDesk() {
  const { scene, browser } = walkIn;
  await mkdir(SHOTS, { recursive: true });
  const citizen = await newPerson(browser);
  const agent = await newPerson(browser);
  await citizen.page.setViewportSize(PHONE);
  await agent.page.setViewportSize(DESKTOP);
  await signInAgent(agent.context, scene, await scene.newAgent([scene.offices.main.id]));
  return { scene, browser, citizen, agent };
}

/** The agent calls the waiting citizen in; both pages decode the other's video. */
async function callIn(agent: Page, citizen: Page, name: string) {
  await agent.getByRole('button', { name: `${name} aufrufen` }).click();
  await agent.getByRole('heading', { name: `Gespräch mit ${name}` }).waitFor();
  await citizen.getByRole('heading', { name: 'Videogespräch – Bürgerbüro' }).waitFor();
  await Promise.all([waitForFrames(citizen), waitForFrames(agent)]);
}

/** Buttons of the bar, the stage's tools and one's own picture: targets for a finger (WCAG 2.5.5, 44 px). */
const FINGER_TARGETS = '.call-bar button, .call-stage__tools button, .call-self__move';

async function expectFingerSizedControls(page: Page, where: string) {
  const controls = await boxesOf(page, FINGER_TARGETS);
  expect(controls.map((box) => box.what)).toContain('Eigenes Bild in die nächste Ecke verschieben');
  const small = controls
    .map(({ what, ...box }) => ({ what, width: box.right - box.left, height: box.bottom - box.top }))
    // A control not shown now (the closed panel's close button) has no box and is no target.
    .filter(({ width, height }) => width > 0 && height > 0 && (width < 44 || height < 44))
    .map(({ what, width, height }) => `${what}: ${width}×${height}`);
  expect(small, `${where}: controls under 44×44 px`).toEqual([]);
}

/** The shared screen's picture as the browser plays it: its width, and how far it has played. */
const playback = (page: Page) =>
  page
    .locator(SHARED_SCREEN)
    .evaluate((video: HTMLVideoElement) => ({ width: video.videoWidth, time: video.currentTime }));

/**
 * While the other side shares: the screen is the biggest thing in view; the sharer's camera and one's own
 * picture sit beside it, inside the viewport, covering nothing of it and covered by nothing.
 */
async function expectShareLayout(page: Page, where: string) {
  const layout = await measureCall(page, SHARED_SCREEN);
  expect(layout.remote.visibleArea, `${where}: screen vs ${layout.largestOther.what}`).toBeGreaterThan(
    layout.largestOther.area,
  );
  expect(insideViewport(layout.remote, layout.viewport), `${where}: screen`).toBe(true);
  expect(insideViewport(layout.bar, layout.viewport), `${where}: bar`).toBe(true);
  const [camera, ...more] = await boxesOf(page, '.call-tile');
  expect(camera, `${where}: the sharer's camera`).toBeDefined();
  expect(more).toEqual([]);
  const [self] = await boxesOf(page, '.call-self');
  for (const [what, box] of [
    ['camera', camera],
    ['self', self],
  ] as const) {
    if (!box) throw new Error(`${where}: no ${what} tile`);
    expect(insideViewport(box, layout.viewport), `${where}: ${what} ${JSON.stringify(box)}`).toBe(true);
    expect(overlap(box, layout.remote), `${where}: ${what} over the screen`).toBe(false);
  }
  if (camera) expect(await uncovered(page, camera, '.call-tile'), `${where}: camera covered`).toBe(true);
  return layout;
}

describe('the call screen', () => {
  it('phone upright and sideways and desktop, citizen and agent: the other person fills the stage, the bar stays, keyboard works', async () => {
    const { scene, browser, citizen, agent } = await phoneAndDesk();
    const next = await newPerson(browser);
    await enterAsCitizen(citizen.page, scene, 'Pia', 'Reisepass');
    await enterAsCitizen(next.page, scene, 'Nico');
    await agentAvailable(agent.page, scene);
    await callIn(agent.page, citizen.page, 'Pia');

    // Unread: on the phone the panel starts closed; what arrives is counted on its button and tabs.
    expect(await panelToggle(citizen.page).getAttribute('aria-expanded')).toBe('false');
    const agentInput = agent.page.getByLabel('Nachricht', { exact: true });
    for (const text of ['Guten Tag!', 'Bitte halten Sie den Pass in die Kamera.']) {
      await agentInput.fill(text);
      await agentInput.press('Enter');
    }
    await toggleWith(citizen.page, 2).waitFor();
    await citizen.page.getByRole('status').getByText('Chat: 2 neu').waitFor();
    await agent.page.getByRole('tab', { name: 'Dateien' }).click();
    await agent.page.getByLabel('Datei zum Teilen auswählen').setInputFiles({
      name: 'Merkblatt.pdf',
      mimeType: 'application/pdf',
      buffer: await samplePdf('Merkblatt Reisepass'),
    });
    await agent.page.getByRole('button', { name: 'Datei teilen' }).click();
    await toggleWith(citizen.page, 3).waitFor();
    await agent.page.getByRole('tab', { name: 'Chat' }).click();
    await expectCallLayout(citizen.page, 'citizen phone before opening the panel');
    // Opening the panel shows the chat: its messages are read, the file still waits in its tab.
    await panelToggle(citizen.page).click();
    await toggleWith(citizen.page, 1).waitFor();
    await citizen.page.getByRole('tab', { name: /^Dateien\W+1 neu$/ }).click();
    await citizen.page.getByRole('button', { name: 'Chat und Dateien', exact: true }).waitFor();
    expect(await citizen.page.getByRole('tab', { name: 'Dateien', exact: true }).count()).toBe(1);
    await citizen.page.getByRole('tab', { name: 'Chat' }).click();
    // Enough chat to scroll.
    const citizenInput = citizen.page.getByLabel('Nachricht', { exact: true });
    for (let i = 1; i <= 6; i++) {
      await citizenInput.fill(`Nachricht ${i}: eine längere Zeile, damit der Verlauf scrollen muss.`);
      await citizenInput.press('Enter');
    }
    await agent.page.getByRole('log', { name: 'Chat' }).getByText('Nachricht 6:').waitFor();

    // Who speaks is captioned on their tile (the fake microphone beeps).
    await agent.page.locator('.call-tile--speaking').getByText('spricht').waitFor({ timeout: 10_000 });

    // Each viewport, citizen and agent; the agent's desktop never scrolls.
    await citizen.page.getByRole('button', { name: 'Chat und Dateien', exact: true }).click();
    for (const viewport of [PHONE, PHONE_SIDEWAYS, DESKTOP])
      await checkViewport(citizen.page, 'citizen', viewport);
    const desk = await checkViewport(agent.page, 'agent', DESKTOP);
    expect(desk.scrollHeight).toBeLessThanOrEqual(DESKTOP.height);
    expect((await measureCall(agent.page)).scrollHeight).toBeLessThanOrEqual(DESKTOP.height);
    for (const viewport of [PHONE, PHONE_SIDEWAYS]) await checkViewport(agent.page, 'agent', viewport);

    // Keyboard alone: the citizen on the phone, the agent at the desk.
    await citizen.page.setViewportSize(PHONE);
    await operateByKeyboard(citizen.page, 'Videogespräch – Bürgerbüro');
    await agent.page.setViewportSize(DESKTOP);
    await operateByKeyboard(agent.page, 'Gespräch mit Pia');

    // The agent's queue from the call: the count opens the queues, where the next person is one key away.
    await agent.page.getByRole('heading', { name: 'Gespräch mit Pia' }).focus();
    await tabTo(agent.page, 'Weiterleiten');
    await agent.page.keyboard.press('Enter');
    await agent.page.getByRole('dialog', { name: 'Pia weiterleiten' }).waitFor();
    await agent.page.keyboard.press('Escape');
    await tabTo(agent.page, 'Warteschlangen: 1 Person wartet');
    await agent.page.keyboard.press('Enter');
    expect(await agent.page.getByRole('tab', { name: 'Warteschlangen' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    await agent.page
      .getByRole('tabpanel', { name: 'Warteschlangen' })
      .getByRole('row', { name: /Nico/ })
      .waitFor();
    await tabTo(agent.page, 'Beenden und nächste Person aufrufen');
    await agent.page.keyboard.press('Enter');
    await citizen.page.getByRole('heading', { name: 'Das Gespräch ist beendet' }).waitFor();
    await agent.page.getByRole('heading', { name: 'Gespräch mit Nico' }).waitFor();
    await next.page.getByRole('heading', { name: 'Videogespräch – Bürgerbüro' }).waitFor();
    await Promise.all([waitForFrames(next.page), waitForFrames(agent.page)]);

    // Hanging up by keyboard ends the call.
    await next.page.getByRole('heading', { name: 'Videogespräch – Bürgerbüro' }).focus();
    await tabTo(next.page, 'Auflegen und gehen');
    await next.page.keyboard.press('Enter');
    await next.page.getByRole('heading', { name: 'Sie haben das Wartezimmer verlassen' }).waitFor();
    await agent.page.getByRole('status').getByText('Das Gespräch ist beendet.').waitFor();
    console.log(`call screen screenshots in ${SHOTS}`);

    await expectNoErrorsThenClose(citizen, next, agent);
  }, 300_000);
  it('a shared screen fills the stage with the speaker beside it, every control fits a finger', async () => {
    const { scene, citizen, agent } = await phoneAndDesk();
    await enterAsCitizen(citizen.page, scene, 'Lea');
    await agentAvailable(agent.page, scene);
    await callIn(agent.page, citizen.page, 'Lea');

    // Phones: every control of the bar, the stage and one's own picture is at least 44×44 px.
    await expectFingerSizedControls(citizen.page, 'citizen phone');
    await agent.page.setViewportSize(PHONE);
    await settled(agent.page);
    await expectFingerSizedControls(agent.page, 'agent phone');
    await agent.page.setViewportSize(DESKTOP);

    // The agent shares: on the agent's side the screen shows small above the camera, which keeps going.
    const share = agent.page.getByRole('button', { name: 'Bildschirm teilen' });
    await share.click();
    await agent.page.getByRole('status').getByText('Sie teilen Ihren Bildschirm.', { exact: true }).waitFor();
    await agent.page.getByLabel('Vorschau Ihres geteilten Bildschirms').waitFor();
    await agent.page.getByLabel('Ihr eigenes Bild', { exact: true }).waitFor();
    // The citizen gets it as the main picture, told in the status, and it plays.
    await citizen.page.locator(SHARED_SCREEN).waitFor();
    await citizen.page
      .getByRole('status')
      .getByText(/teilt den Bildschirm\.$/)
      .waitFor();
    await expect
      .poll(async () => (await playback(citizen.page)).width, { timeout: 15_000 })
      .toBeGreaterThan(0);
    const started = (await playback(citizen.page)).time;
    await expect.poll(async () => (await playback(citizen.page)).time).toBeGreaterThan(started + 0.2);

    // Panel closed (as phones start): upright, sideways, desktop; then the desktop with its panel open.
    for (const viewport of [PHONE, PHONE_SIDEWAYS, DESKTOP]) {
      const where = `citizen sees a share ${viewport.width}×${viewport.height}`;
      await citizen.page.setViewportSize(viewport);
      await settled(citizen.page);
      await expectShareLayout(citizen.page, where);
      await citizen.page.screenshot({ path: join(SHOTS, `share-${viewport.width}x${viewport.height}.png`) });
      await expectNoAxeViolations(citizen.page, where);
    }
    await panelToggle(citizen.page).click();
    await settled(citizen.page);
    await expectShareLayout(citizen.page, 'citizen sees a share on the desktop, panel open');
    await expectNoAxeViolations(agent.page, 'agent sharing');

    // Stopping: the screen goes, the agent's camera is the main picture again.
    await share.click();
    await citizen.page.locator(SHARED_SCREEN).waitFor({ state: 'detached' });
    await expectCallLayout(citizen.page, 'citizen after the share');

    await expectNoErrorsThenClose(citizen, agent);
  }, 300_000);
});
