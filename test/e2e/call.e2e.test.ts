import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  agentAvailable,
  enterAsCitizen,
  expectNoErrorsThenClose,
  framesDecoded,
  newPerson,
  setUpWalkIn,
  signInAgent,
  snap,
  waitForFrames,
} from '../support/walk-in';

const walkIn = setUpWalkIn();

describe('walk-in call', () => {
  it('connects citizen and agent peer-to-peer, recovers from an ICE restart and ends', async () => {
    const { scene, browser } = walkIn;
    const citizen = await newPerson(browser);
    const agent = await newPerson(browser);
    await signInAgent(agent.context, scene);

    await enterAsCitizen(citizen.page, scene, 'Alex', 'Personalausweis verloren');
    await agentAvailable(agent.page, scene);
    const row = agent.page.getByRole('row', { name: /Alex/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('Personalausweis verloren');

    const clicked = Date.now();
    await agent.page
      .getByRole('region', { name: 'Bürgerbüro' })
      .getByRole('button', { name: 'Nächste Person aufrufen' })
      .click();

    // Both sides show the call view; focus moves to its heading.
    await agent.page.getByRole('heading', { name: 'Gespräch mit Alex' }).waitFor();
    await citizen.page.getByRole('heading', { name: 'Videogespräch – Bürgerbüro' }).waitFor();
    expect(await citizen.page.evaluate(() => document.activeElement?.textContent)).toBe(
      'Videogespräch – Bürgerbüro',
    );

    // Decoded video both ways.
    const [citizenFrames, agentFrames] = await Promise.all([
      waitForFrames(citizen.page),
      waitForFrames(agent.page),
    ]);
    console.log(`first frames both sides ${Date.now() - clicked} ms after the click`);
    expect(citizenFrames).toBeGreaterThan(0);
    expect(agentFrames).toBeGreaterThan(0);
    await citizen.page.getByRole('status').getByText('Verbunden', { exact: true }).waitFor();
    await agent.page.getByRole('status').getByText('Verbunden', { exact: true }).waitFor();
    await agent.page.getByText(/Verbindungsqualität: (gut|mäßig|schlecht)/).waitFor();
    await snap(citizen.page, 'call-citizen');
    await snap(agent.page, 'call-agent');

    // A reload of the citizen page during the call: both sides start afresh and media returns.
    await citizen.page.reload();
    await citizen.page.getByRole('heading', { name: 'Videogespräch – Bürgerbüro' }).waitFor();
    await waitForFrames(citizen.page);
    await waitForFrames(agent.page, await framesDecoded(agent.page));

    // Forced ICE restart on the agent's side: media keeps flowing, over new ICE credentials on both sides.
    const iceUfrags = (page: Page) =>
      page.evaluate(() => {
        type Call = { pc?: RTCPeerConnection };
        const [call] = [...((globalThis as { __amtsraumCalls?: Set<Call> }).__amtsraumCalls ?? [])];
        const ufrag = (sdp: string | undefined) => sdp?.match(/a=ice-ufrag:(\S+)/)?.[1] ?? null;
        return {
          local: ufrag(call?.pc?.currentLocalDescription?.sdp),
          remote: ufrag(call?.pc?.currentRemoteDescription?.sdp),
        };
      });
    const ufragsBefore = await Promise.all([iceUfrags(agent.page), iceUfrags(citizen.page)]);
    const restarted = await agent.page.evaluate(() => {
      type Call = { restartIce(): void; connection: { iceRestarts: number } | null };
      const [call] = [...((globalThis as { __amtsraumCalls?: Set<Call> }).__amtsraumCalls ?? [])];
      call?.restartIce();
      return call?.connection?.iceRestarts;
    });
    expect(restarted).toBe(1);
    const before = await framesDecoded(citizen.page);
    await agent.page.waitForTimeout(1500);
    const after = await waitForFrames(citizen.page, before + 10);
    expect(after).toBeGreaterThan(before);
    await waitForFrames(agent.page, await framesDecoded(agent.page));
    expect(
      await agent.page.evaluate(() => {
        type Call = { connection: { iceRestarts: number; pc: RTCPeerConnection } | null };
        const [call] = [...((globalThis as { __amtsraumCalls?: Set<Call> }).__amtsraumCalls ?? [])];
        return { restarts: call?.connection?.iceRestarts, state: call?.connection?.pc.connectionState };
      }),
    ).toEqual({ restarts: 1, state: 'connected' });
    const ufragsAfter = await Promise.all([iceUfrags(agent.page), iceUfrags(citizen.page)]);
    for (const [i, before] of ufragsBefore.entries()) {
      const after = ufragsAfter[i]!;
      expect(before.local).toBeTruthy();
      expect(after.local).not.toBe(before.local);
      expect(after.remote).not.toBe(before.remote);
    }

    // Mute is a toggle button the keyboard reaches.
    const mute = citizen.page.getByRole('button', { name: 'Mikrofon stumm' });
    await mute.click();
    expect(await mute.getAttribute('aria-pressed')).toBe('true');

    // The agent ends; the citizen sees the ended page, the agent the workspace again.
    await agent.page.getByRole('button', { name: 'Gespräch beenden' }).click();
    await citizen.page.getByRole('heading', { name: 'Das Gespräch ist beendet' }).waitFor();
    await agent.page.getByRole('status').getByText('Das Gespräch ist beendet.').waitFor();
    expect(await agent.page.evaluate(() => document.activeElement?.textContent)).toBe('Arbeitsplatz');
    await snap(citizen.page, 'ended-citizen');
    // The tab forgot the visit: a reload starts afresh.
    expect(
      await citizen.page.evaluate(
        (slug) => sessionStorage.getItem(`amtsraum.visit.${slug}`),
        scene.tenant.slug,
      ),
    ).toBeNull();

    await expectNoErrorsThenClose(citizen, agent);
  }, 180_000);

  it('forwards a citizen during the call; the other office calls them into a new call', async () => {
    const { scene, browser } = walkIn;
    const citizen = await newPerson(browser);
    const agent = await newPerson(browser);
    await signInAgent(
      agent.context,
      scene,
      await scene.newAgent([scene.offices.main.id, scene.offices.cars.id]),
    );

    await enterAsCitizen(citizen.page, scene, 'Chris');
    await agentAvailable(agent.page, scene);
    await agent.page.getByRole('button', { name: 'Chris aufrufen' }).click();
    await agent.page.getByRole('heading', { name: 'Gespräch mit Chris' }).waitFor();
    await Promise.all([waitForFrames(citizen.page), waitForFrames(agent.page)]);

    await agent.page.getByRole('button', { name: 'Weiterleiten', exact: true }).click();
    const dialog = agent.page.getByRole('dialog', { name: 'Chris weiterleiten' });
    // The office Chris is in is not offered.
    expect(await dialog.getByRole('option').allTextContents()).toEqual(['Kfz-Zulassung']);
    await dialog.getByLabel(/Hinweis für das andere Büro/).fill('Halterwechsel besprochen');
    await dialog.getByRole('button', { name: 'Weiterleiten' }).click();

    // The citizen is back in a waiting room, told where they are going; the call view is gone.
    await citizen.page.getByText('Weitergeleitet an: Kfz-Zulassung').first().waitFor();
    await citizen.page.getByText('Sie sind an Position 1').waitFor();
    await agent.page.getByRole('heading', { level: 1, name: 'Arbeitsplatz' }).waitFor();
    const row = agent.page.getByRole('region', { name: 'Kfz-Zulassung' }).getByRole('row', { name: /Chris/ });
    expect(await row.textContent()).toContain('Halterwechsel besprochen');

    // A new call from the other office connects again in the same tabs.
    await row.getByRole('button', { name: 'Chris aufrufen' }).click();
    await citizen.page.getByRole('heading', { name: 'Videogespräch – Kfz-Zulassung' }).waitFor();
    await Promise.all([waitForFrames(citizen.page), waitForFrames(agent.page)]);
    await citizen.page.getByRole('button', { name: 'Auflegen und gehen' }).click();
    await citizen.page.getByRole('heading', { name: 'Sie haben das Wartezimmer verlassen' }).waitFor();
    await agent.page.getByRole('status').getByText('Das Gespräch ist beendet.').waitFor();

    await expectNoErrorsThenClose(citizen, agent);
  }, 180_000);
});
