import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import {
  type CuttableRelay,
  cuttableSocket,
  recoveredAfter,
  startCuttableRelay,
} from '../support/call-faults';
import { openCallTab } from '../support/call-layout';
import { selectedPair } from '../support/coturn';
import {
  agentAvailable,
  createWalkInScene,
  enterAsCitizen,
  expectNoErrorsThenClose,
  newPerson,
  type Person,
  signInAgent,
  type WalkInScene,
  waitForFlowingVideo,
  waitForFrames,
} from '../support/walk-in';

/**
 * Calls that come back from what real networks do, with real faults: a relay-only call through a real
 * coturn that is stopped and started again (the media path is gone meanwhile), the citizen's socket
 * cut as in a tunnel, the server restarted, a second tab of the agent. Nobody clicks to recover; each
 * side must decode the other's video again.
 */

let scene: WalkInScene;
let browser: Browser;
let relay: CuttableRelay;

const INTERRUPTED = 'Verbindung unterbrochen – wir verbinden Sie wieder …';

beforeAll(async () => {
  relay = await startCuttableRelay();
  [scene, browser] = await Promise.all([createWalkInScene(), launchChromium()]);
  scene.server.ctx.config.ice = relay.ice;
});

afterAll(async () => {
  await browser?.close();
  await scene?.close();
  await relay?.stop();
});

async function callBetween(citizen: Person, agent: Person, name: string) {
  await enterAsCitizen(citizen.page, scene, name);
  await agentAvailable(agent.page, scene);
  await agent.page.getByRole('button', { name: `${name} aufrufen` }).click();
  await citizen.page.getByRole('heading', { name: 'Videogespräch – Bürgerbüro' }).waitFor();
  await Promise.all([waitForFrames(citizen.page), waitForFrames(agent.page)]);
}

describe('call recovery with real network faults', () => {
  it('(a) the relay path is cut for 45 s: video flows both ways again without a click', async () => {
    const citizen = await newPerson(browser, { forceRelay: true });
    const agent = await newPerson(browser, { forceRelay: true });
    await signInAgent(agent.context, scene, await scene.newAgent([scene.offices.main.id]));
    await callBetween(citizen, agent, 'Ada');

    await relay.cut();
    const cutAt = Date.now();
    // Both sides say what is happening, in words.
    await citizen.page.getByRole('status').getByText(INTERRUPTED).waitFor({ timeout: 30_000 });
    await agent.page.getByRole('status').getByText(INTERRUPTED).waitFor({ timeout: 30_000 });
    await citizen.page.getByText(/Unterbrochen seit \d\d:\d\d Uhr/).waitFor();
    await citizen.page.waitForTimeout(Math.max(0, 45_000 - (Date.now() - cutAt)));

    const restored = Date.now();
    await relay.restore();
    console.log(
      `(a) 45 s relay cut: video on both sides ${await recoveredAfter(restored, [citizen, agent])} ms after restore`,
    );
    for (const page of [citizen.page, agent.page]) {
      await page.getByRole('status').getByText('Verbunden', { exact: true }).waitFor({ timeout: 20_000 });
      expect(await selectedPair(page)).toMatchObject({ state: 'succeeded', local: 'relay', remote: 'relay' });
    }
    await agent.page.getByRole('button', { name: 'Gespräch beenden' }).click();
    await citizen.page.getByRole('heading', { name: 'Das Gespräch ist beendet' }).waitFor();
    await expectNoErrorsThenClose(citizen, agent);
  }, 150_000);

  it('(b) the citizen loses socket and media for 3 minutes: the call comes back by itself', async () => {
    const citizen = await newPerson(browser, { forceRelay: true });
    const agent = await newPerson(browser, { forceRelay: true });
    await signInAgent(agent.context, scene, await scene.newAgent([scene.offices.main.id]));
    const socket = await cuttableSocket(citizen.page);
    await callBetween(citizen, agent, 'Bea');

    socket.cut();
    await citizen.context.setOffline(true);
    await relay.cut();
    const cutAt = Date.now();
    await citizen.page.getByRole('status').getByText(INTERRUPTED).waitFor({ timeout: 30_000 });
    await agent.page.getByRole('status').getByText(INTERRUPTED).waitFor({ timeout: 30_000 });
    // The agent sees for how long, and after the limit that they may end the call and call the next.
    await agent.page
      .getByText(/Die Verbindung ist seit \d+ Minuten unterbrochen/)
      .waitFor({ timeout: 150_000 });
    await citizen.page.waitForTimeout(Math.max(0, 180_000 - (Date.now() - cutAt)));
    // Still in the call on both sides (the citizen was not dropped from anything).
    await citizen.page.getByRole('heading', { name: 'Videogespräch – Bürgerbüro' }).waitFor();

    const restored = Date.now();
    await citizen.context.setOffline(false);
    socket.restore();
    await relay.restore();
    console.log(
      `(b) 3 min cut: video on both sides ${await recoveredAfter(restored, [citizen, agent])} ms after restore`,
    );
    for (const page of [citizen.page, agent.page]) {
      await page.getByRole('status').getByText('Verbunden', { exact: true }).waitFor({ timeout: 20_000 });
    }
    await agent.page.getByRole('button', { name: 'Gespräch beenden' }).click();
    await citizen.page.getByRole('heading', { name: 'Das Gespräch ist beendet' }).waitFor();
    await expectNoErrorsThenClose(citizen, agent);
  }, 300_000);

  it('(c) the server restarts during a call and while a citizen waits: media goes on, the queue holds', async () => {
    const citizen = await newPerson(browser);
    const waiting = await newPerson(browser);
    const agent = await newPerson(browser);
    await signInAgent(agent.context, scene, await scene.newAgent([scene.offices.main.id]));
    await callBetween(citizen, agent, 'Cleo');
    await enterAsCitizen(waiting.page, scene, 'Dana');

    await scene.server.restart(2000);
    // Peer to peer: the media never needed the server.
    await Promise.all([waitForFlowingVideo(citizen.page), waitForFlowingVideo(agent.page)]);
    // Every page is live again: the waiting citizen keeps the place, the agent sees her in the queue.
    await waiting.page.getByText('Sie sind an Position 1').waitFor({ timeout: 30_000 });
    await openCallTab(agent.page, 'Warteschlangen');
    await agent.page.getByRole('row', { name: /Dana/ }).waitFor({ timeout: 30_000 });
    // The call still ends through the new server, and the next citizen is called into a working call.
    await agent.page.getByRole('button', { name: 'Gespräch beenden' }).click();
    await citizen.page.getByRole('heading', { name: 'Das Gespräch ist beendet' }).waitFor();
    await agent.page.getByRole('button', { name: 'Dana aufrufen' }).click();
    await waiting.page.getByRole('heading', { name: 'Videogespräch – Bürgerbüro' }).waitFor();
    await Promise.all([waitForFrames(waiting.page), waitForFlowingVideo(agent.page)]);
    await agent.page.getByRole('button', { name: 'Gespräch beenden' }).click();
    await expectNoErrorsThenClose(citizen, waiting, agent);
  }, 240_000);

  it('(d) the agent opens a second tab during a call: it takes the call over, the first stops and can take it back', async () => {
    const citizen = await newPerson(browser);
    const agent = await newPerson(browser);
    await signInAgent(agent.context, scene, await scene.newAgent([scene.offices.main.id]));
    await callBetween(citizen, agent, 'Emil');

    const second = await agent.context.newPage();
    await second.goto(`${scene.server.baseUrl}/staff`);
    await agent.page.getByText('Gespräch in einem anderen Fenster').waitFor();
    await second.getByRole('heading', { name: 'Gespräch mit Emil' }).waitFor();
    await Promise.all([waitForFlowingVideo(second), waitForFlowingVideo(citizen.page)]);
    // The first tab holds no connection any more: never two offers as the same person.
    const openConnections = (page: Page) =>
      page.evaluate(() => {
        type Call = { connections: Map<string, { pc: RTCPeerConnection }> };
        const calls = (globalThis as { __amtsraumCalls?: Set<Call> }).__amtsraumCalls ?? new Set<Call>();
        return [...calls]
          .flatMap((c) => [...c.connections.values()])
          .filter((c) => c.pc.connectionState !== 'closed').length;
      });
    expect(await openConnections(agent.page)).toBe(0);

    await agent.page.getByRole('button', { name: 'Hier weiterführen' }).click();
    await second.getByText('Gespräch in einem anderen Fenster').waitFor();
    await agent.page.getByRole('heading', { name: 'Gespräch mit Emil' }).waitFor();
    await Promise.all([waitForFlowingVideo(agent.page), waitForFlowingVideo(citizen.page)]);
    expect(await openConnections(second)).toBe(0);
    await agent.page.getByRole('button', { name: 'Gespräch beenden' }).click();
    await citizen.page.getByRole('heading', { name: 'Das Gespräch ist beendet' }).waitFor();
    await expectNoErrorsThenClose(citizen, agent);
  }, 240_000);
});
