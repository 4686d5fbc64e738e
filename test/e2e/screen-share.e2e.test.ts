import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { videoByPeer } from '../support/peer-video';
import { sourceOfFrame, type VideoSource } from '../support/video-source';
import {
  agentAvailable,
  enterAsCitizen,
  expectNoErrorsThenClose,
  newPerson,
  setUpWalkIn,
  signInAgent,
  snap,
  waitForFrames,
} from '../support/walk-in';

const walkIn = setUpWalkIn();

/** Size and count of the remote video this page decodes from its one peer (see videoByPeer). */
async function inboundVideo(page: Page): Promise<{ width: number; height: number; frames: number }> {
  const [video] = Object.values(await videoByPeer(page));
  return video ?? { width: 0, height: 0, frames: 0 };
}

/** Waits until the page decodes frames of the source's shape; returns the decoded count then. */
async function waitForSource(page: Page, source: VideoSource, timeoutMs = 15_000): Promise<number> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const seen = await inboundVideo(page);
    if (sourceOfFrame(seen.width, seen.height) === source) return seen.frames;
    if (Date.now() > until)
      throw new Error(
        `frames stayed ${seen.width}×${seen.height}, not the ${source}'s shape, for ${timeoutMs} ms`,
      );
    await page.waitForTimeout(200);
  }
}

describe('screen sharing', () => {
  it('agent and citizen each share their screen beside the camera and stop again without reconnecting', async () => {
    const { scene, browser } = walkIn;
    const citizen = await newPerson(browser);
    const agent = await newPerson(browser);
    await signInAgent(agent.context, scene);
    await enterAsCitizen(citizen.page, scene, 'Sam');
    await agentAvailable(agent.page, scene);
    await agent.page.getByRole('button', { name: 'Sam aufrufen' }).click();
    await agent.page.getByRole('heading', { name: 'Gespräch mit Sam' }).waitFor();
    await Promise.all([waitForFrames(citizen.page), waitForFrames(agent.page)]);
    // The camera's picture.
    await waitForSource(citizen.page, 'camera');
    // Remembers the agent's peer connection, to prove below that switching never replaced it.
    const samePeerConnection = () =>
      agent.page.evaluate(() => {
        type Call = { pc?: RTCPeerConnection };
        const held = globalThis as { __amtsraumCalls?: Set<Call>; __firstPc?: RTCPeerConnection };
        const [call] = [...(held.__amtsraumCalls ?? [])];
        held.__firstPc ??= call?.pc;
        return call?.pc === held.__firstPc && call?.pc?.connectionState === 'connected';
      });
    expect(await samePeerConnection()).toBe(true);

    // The agent shares (keyboard): the citizen decodes the 16:9 screen, and keeps decoding; the camera goes on.
    const agentShare = agent.page.getByRole('button', { name: 'Bildschirm teilen' });
    await agentShare.focus();
    await agent.page.keyboard.press('Enter');
    await agent.page.getByRole('status').getByText('Sie teilen Ihren Bildschirm.', { exact: true }).waitFor();
    expect(await agentShare.getAttribute('aria-pressed')).toBe('true');
    await agent.page.getByLabel('Vorschau Ihres geteilten Bildschirms').waitFor();
    const shared = await waitForSource(citizen.page, 'screen');
    await waitForFrames(citizen.page, shared + 10);
    await citizen.page.getByLabel(/^Bildschirm von /).waitFor();
    await citizen.page.locator('video.call-tile__video').waitFor();
    await snap(agent.page, 'screen-share-agent');

    // Stop sharing: only the camera's picture is left, over the same connection.
    await agentShare.click();
    expect(await agentShare.getAttribute('aria-pressed')).toBe('false');
    await waitForSource(citizen.page, 'camera');
    await citizen.page.getByLabel(/^Bildschirm von /).waitFor({ state: 'detached' });
    expect(await samePeerConnection()).toBe(true);

    // The citizen shares too: the agent decodes the screen.
    await citizen.page.getByRole('button', { name: 'Bildschirm teilen' }).click();
    await citizen.page
      .getByRole('status')
      .getByText('Sie teilen Ihren Bildschirm.', { exact: true })
      .waitFor();
    const fromCitizen = await waitForSource(agent.page, 'screen');
    await waitForFrames(agent.page, fromCitizen + 10);
    await snap(citizen.page, 'screen-share-citizen');

    await expectNoErrorsThenClose(citizen, agent);
  }, 180_000);
});
