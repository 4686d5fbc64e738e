import type { Browser, Page } from 'playwright-core';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  goOnStage,
  type JanusWorld,
  openEventWithHost,
  openHostPage,
  startJanusWorld,
} from '../support/event-world';
import { janusUnavailable } from '../support/janus';
import type { TestServer } from '../support/server';
import { expectNoAxeViolations, expectNoErrorsThenClose, newPerson, type Person } from '../support/walk-in';

const NOW = Temporal.Instant.from('2027-03-10T17:50:00Z');

const unavailable = janusUnavailable();
if (unavailable) console.warn(`events.e2e.test.ts is skipped: ${unavailable}`);

/** Every RTCPeerConnection the page makes, kept for getStats (the event pages hold theirs privately). */
async function recordPeerConnections(person: Person) {
  await person.context.addInitScript(() => {
    const seen: RTCPeerConnection[] = [];
    (globalThis as { __eventPcs?: RTCPeerConnection[] }).__eventPcs = seen;
    const Original = globalThis.RTCPeerConnection;
    globalThis.RTCPeerConnection = class extends Original {
      constructor(config?: RTCConfiguration) {
        super(config);
        seen.push(this);
      }
    };
  });
}

/** What the page's newest connection receives: decoded video frames, audio samples and their energy. */
function received(page: Page) {
  return page.evaluate(async () => {
    const pcs = (globalThis as { __eventPcs?: RTCPeerConnection[] }).__eventPcs ?? [];
    const pc = pcs.at(-1);
    const figures = { frames: 0, samples: 0, energy: 0 };
    if (!pc) return figures;
    (await pc.getStats()).forEach(
      (report: {
        type: string;
        kind?: string;
        framesDecoded?: number;
        totalSamplesReceived?: number;
        totalAudioEnergy?: number;
      }) => {
        if (report.type !== 'inbound-rtp') return;
        if (report.kind === 'video') figures.frames = report.framesDecoded ?? 0;
        if (report.kind === 'audio') {
          figures.samples = report.totalSamplesReceived ?? 0;
          figures.energy = report.totalAudioEnergy ?? 0;
        }
      },
    );
    return figures;
  });
}

/** The stage's <video> as the citizen sees it: picture size and play position. */
const stageVideo = (page: Page) =>
  page.locator('video.stage-video').evaluate((video: HTMLVideoElement) => ({
    width: video.videoWidth,
    time: video.currentTime,
  }));

/** The host's picture plays (its size known, its time advancing) and their sound is decoded, with energy. */
async function expectSeesAndHears(page: Page, who: string) {
  await expect
    .poll(() => stageVideo(page).then((v) => v.width), { timeout: 30_000, message: who })
    .toBeGreaterThan(0);
  const before = { video: await stageVideo(page), media: await received(page) };
  await expect
    .poll(async () => (await stageVideo(page)).time, { timeout: 10_000, message: `${who}: video time` })
    .toBeGreaterThan(before.video.time);
  const decoding = async () => {
    const now = await received(page);
    return {
      moreFrames: now.frames > before.media.frames,
      moreSamples: now.samples > before.media.samples,
      sound: now.energy > 0,
    };
  };
  await expect
    .poll(decoding, { timeout: 10_000, message: `${who}: decoded media` })
    .toEqual({ moreFrames: true, moreSamples: true, sound: true });
}

/** The sound of the citizen given the floor reaches this page: audio samples decoded, with energy. */
async function expectHearsFloor(page: Page, who: string) {
  const before = await received(page);
  const hearing = async () => {
    const now = await received(page);
    return { moreSamples: now.samples > before.samples, sound: now.energy > before.energy };
  };
  await expect
    .poll(hearing, { timeout: 20_000, message: `${who}: the citizen's voice` })
    .toEqual({ moreSamples: true, sound: true });
}

describe.skipIf(unavailable !== undefined)("an information session through Debian's Janus", () => {
  let world: JanusWorld;
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    world = await startJanusWorld(NOW);
    ({ server, browser } = world);
  }, 60_000);
  afterAll(() => world?.close());

  it('a host goes on stage; three citizens see and hear them, a question is approved and shown, a raised hand gets the floor and is heard; axe clean', async () => {
    const { tenant, hostAccount, event } = await openEventWithHost(server, {
      tenantName: 'Musterstadt',
      title: 'Infoabend Bebauungsplan',
      maxAudience: 50,
      now: NOW,
    });

    const host = await newPerson(browser);
    await recordPeerConnections(host);
    await goOnStage(host, server, event, hostAccount.cookie);
    await expectNoAxeViolations(host.page, 'host page on stage');

    // The authority's page lists the event; its link leads to the audience page.
    const audience = await Promise.all([newPerson(browser), newPerson(browser), newPerson(browser)]);
    for (const [index, citizen] of audience.entries()) {
      await recordPeerConnections(citizen);
      if (index === 0) {
        await citizen.page.goto(`${server.baseUrl}/${tenant.slug}`);
        await citizen.page.getByRole('link', { name: 'Infoabend Bebauungsplan' }).click();
      } else {
        await citizen.page.goto(`${server.baseUrl}/${tenant.slug}/veranstaltungen/${event.id}`);
      }
      await citizen.page.getByRole('heading', { level: 1, name: 'Infoabend Bebauungsplan' }).waitFor();
      // Keyboard only: the join button is reached and pressed without a mouse.
      const join = citizen.page.getByRole('button', { name: 'Zuschauen' });
      await join.focus();
      await citizen.page.keyboard.press('Enter');
      await citizen.page.getByRole('status').getByText('Sie sehen und hören die Gastgeber live.').waitFor({
        timeout: 30_000,
      });
    }
    await Promise.all(
      audience.map((citizen, i) => expectSeesAndHears(citizen.page, `audience page ${i + 1}`)),
    );
    await expectNoAxeViolations(audience[0]!.page, 'audience page watching');

    // A citizen asks (keyboard only); the host approves; the other pages show and announce it.
    const [asker, speaker, listener] = audience.map((citizen) => citizen.page) as [Page, Page, Page];
    await asker.getByLabel('Ihre Frage').focus();
    await asker.keyboard.type('Wann beginnt <b>der Bau</b>?');
    await asker.keyboard.press('Tab');
    await asker.keyboard.press('Enter');
    await asker.getByText('Ihre Frage wurde an die Gastgeber gesendet.').waitFor();
    await host.page.getByText('Wann beginnt <b>der Bau</b>?', { exact: true }).waitFor();
    await host.page.getByRole('button', { name: 'Freigeben' }).click();
    for (const page of [speaker, listener]) {
      await page
        .getByRole('status')
        .getByText('Neue Frage freigegeben: Wann beginnt <b>der Bau</b>?')
        .waitFor();
    }

    // A citizen raises a hand with a name; the host gives the floor; the others hear that citizen.
    await speaker.getByLabel('Ihr Name').fill('Anna');
    await speaker.getByRole('button', { name: 'Melden' }).click();
    await host.page.getByRole('button', { name: 'Anna das Wort erteilen' }).click();
    await speaker.getByRole('status').getByText('Sie haben das Wort: alle hören Sie jetzt.').waitFor({
      timeout: 15_000,
    });
    await Promise.all(
      [asker, listener].map(async (page, i) => {
        await page.getByRole('status').getByText('Eine Person aus dem Publikum hat das Wort.').waitFor();
        await expectHearsFloor(page, `audience page ${i === 0 ? 1 : 3}`);
      }),
    );
    await expectNoAxeViolations(host.page, 'host page with questions and the floor given');
    await expectNoAxeViolations(listener, 'audience page with an approved question, hearing a citizen');

    // Taken off the stage: the citizen's page offers the hand again, the others no longer hear them.
    await host.page.getByRole('button', { name: 'Anna das Wort entziehen' }).click();
    await speaker.getByRole('button', { name: 'Melden' }).waitFor();
    await listener.getByText('Eine Person aus dem Publikum hat das Wort.').waitFor({ state: 'detached' });

    // The host leaves the stage: the audience is told they wait again.
    await host.page.getByRole('button', { name: 'Bühne verlassen' }).click();
    for (const citizen of audience) {
      await citizen.page
        .getByRole('status')
        .getByText(/niemand auf der Bühne/)
        .waitFor({ timeout: 15_000 });
    }
    await expectNoErrorsThenClose(host, ...audience);
  }, 240_000);

  it('the host removes a disruptive citizen and locks the room: the removed page says why, newcomers are turned away until it opens again; axe clean', async () => {
    const { tenant, hostAccount, event } = await openEventWithHost(server, {
      tenantName: 'Ordnungsstadt',
      title: 'Bürgersprechstunde',
      maxAudience: 50,
      now: NOW,
    });
    const host = await newPerson(browser);
    await openHostPage(host, server, event, hostAccount.cookie);
    const room = host.page.getByRole('region', { name: 'Raum' });
    await room.getByText('0 Personen im Publikum (höchstens 50)').waitFor();

    const eventUrl = `${server.baseUrl}/${tenant.slug}/veranstaltungen/${event.id}`;
    const join = async (citizen: Person) => {
      await citizen.page.goto(eventUrl);
      await citizen.page.getByRole('button', { name: 'Zuschauen' }).click();
    };
    const [heckler, neighbour, latecomer] = await Promise.all([
      newPerson(browser),
      newPerson(browser),
      newPerson(browser),
    ]);
    for (const citizen of [heckler, neighbour]) {
      await join(citizen);
      await citizen.page.getByRole('button', { name: 'Melden' }).waitFor();
    }
    await room.getByText('2 Personen im Publikum (höchstens 50)').waitFor();

    await heckler.page.getByLabel('Ihr Name').fill('Laut');
    await heckler.page.getByRole('button', { name: 'Melden' }).click();
    await host.page.getByRole('button', { name: 'Laut aus der Veranstaltung entfernen' }).click();
    await heckler.page
      .getByRole('status')
      .getByText('Die Moderation hat Sie aus dieser Veranstaltung entfernt.')
      .waitFor();
    expect(await heckler.page.getByRole('button', { name: /Melden|Frage senden/ }).count()).toBe(0);
    await room.getByText('1 Person im Publikum (höchstens 50)').waitFor();
    expect(await neighbour.page.getByRole('button', { name: 'Melden' }).isVisible()).toBe(true);
    await expectNoAxeViolations(heckler.page, 'audience page of a removed citizen');

    await room.getByRole('button', { name: 'Raum sperren' }).click();
    await room.getByText(/Der Raum ist gesperrt/).waitFor();
    await expectNoAxeViolations(host.page, 'host page with the room locked');
    await join(latecomer);
    await latecomer.page.getByText('Die Gastgeber haben den Raum geschlossen').waitFor();
    // Coming back with a fresh page is no way around it.
    await join(heckler);
    await heckler.page.getByText('Die Gastgeber haben den Raum geschlossen').waitFor();

    await room.getByRole('button', { name: 'Raum wieder öffnen' }).click();
    await room.getByText(/Der Raum ist offen/).waitFor();
    await latecomer.page.getByRole('button', { name: 'Zuschauen' }).click();
    await latecomer.page.getByRole('button', { name: 'Melden' }).waitFor();
    await room.getByText('2 Personen im Publikum (höchstens 50)').waitFor();
    await expectNoErrorsThenClose(host, heckler, neighbour, latecomer);
  }, 120_000);
});
