import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { enter } from '../api/visits-fixtures';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import {
  enterAsCitizen,
  expectNoAxeViolations,
  expectNoErrorsThenClose,
  newPerson,
  setUpWalkIn,
  signInAgent,
  snap,
} from '../support/walk-in';

/**
 * Live pages under a real network fault: the browser reaches the server only through a TCP proxy
 * that the test cuts and restores. The pages' clocks are Playwright's (installed per page and paused
 * while it matters), so "10 s later" and "five minutes of retries" are the test's to decide, and
 * whatever reconnects while the clock stands still was started by the event under test.
 */

const walkIn = setUpWalkIn();
let proxy: TcpProxy;

beforeAll(async () => {
  const target = new URL(walkIn.scene.server.baseUrl);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port) });
  // The socket's Origin check compares with publicUrl: the browser's origin is now the proxy.
  walkIn.scene.server.ctx.config.publicUrl = new URL(proxy.url);
});
// A test that failed half-way must not leave the next one without a network.
afterEach(() => proxy?.restore());
afterAll(async () => {
  await proxy?.close();
});

/** 10:20 in Berlin on the scene's Wednesday; the waiting citizen loses the connection at 10:27. */
const PAGE_START = new Date('2026-11-25T09:20:00Z');
const CONNECTION_LOST = new Date('2026-11-25T09:27:00Z');

/** The polite status region of the waiting room's connection banner (the page has others). */
const banner = (page: Page) => page.getByRole('status').filter({ hasText: /Verbindung/ });

async function leaveByApi(visitToken: string) {
  const response = await walkIn.scene.server.app.inject({
    method: 'DELETE',
    url: '/api/public/visit',
    headers: { authorization: `Bearer ${visitToken}` },
  });
  expect(response.statusCode).toBe(204);
}

describe('live pages when the network goes away', () => {
  it('the waiting room says it is offline and until when the place is kept, keeps trying for minutes, and is live again after the outage', async () => {
    const { scene, browser } = walkIn;
    const alex = await enter(scene.server, scene.tenant.slug, scene.offices.main.slug, 'Alex');
    const brigitte = await newPerson(browser);
    await brigitte.page.clock.install({ time: PAGE_START });
    await enterAsCitizen(brigitte.page, scene, 'Brigitte', '', proxy.url);
    await brigitte.page.getByText('Sie sind an Position 2').waitFor();
    // A reload would lose this: seeing it at the end proves the page recovered by itself.
    await brigitte.page.evaluate(() => {
      (globalThis as { __sameDocument?: boolean }).__sameDocument = true;
    });

    await brigitte.page.clock.pauseAt(CONNECTION_LOST);
    proxy.cut('blackhole');
    const attemptsAtCut = proxy.attempts;
    await banner(brigitte.page).getByText('Die Verbindung wird wiederhergestellt').waitFor();

    // The first retry goes out at once and hangs: a blackholed route answers nothing.
    await brigitte.page.clock.runFor(5000);
    await expect.poll(() => proxy.attempts, { timeout: 10_000 }).toBe(attemptsAtCut + 1);
    // Ten seconds without a connection: the hanging attempt is given up, and the page is offline,
    // said plainly, with what the place is worth.
    await brigitte.page.clock.runFor(5000);
    await banner(brigitte.page).getByText('Keine Verbindung – wir versuchen es weiter').waitFor();
    await expect
      .poll(() => banner(brigitte.page).textContent())
      .toContain('Ihr Platz bleibt bis 10:42 Uhr reserviert.');

    // Now the server refuses (each attempt fails at once, in real time, while the page's clock stands
    // still): three minutes of page time, one attempt at most every 15 s, where the old policy gave up
    // after 11 attempts in about 57 s.
    proxy.cut('refuse');
    for (let round = 0; round < 12; round++) {
      const before = proxy.attempts;
      await brigitte.page.clock.runFor(16_000);
      // The browser opens the TCP connection a little after the page asked for the socket.
      await expect.poll(() => proxy.attempts, { timeout: 10_000 }).toBeGreaterThan(before);
    }
    // At least one attempt per round (the old policy had given up), and backing off, not hammering: the
    // short early delays may put two attempts into one round on a busy machine.
    expect(proxy.attempts - attemptsAtCut).toBeGreaterThanOrEqual(13);
    expect(proxy.attempts - attemptsAtCut).toBeLessThanOrEqual(20);
    await banner(brigitte.page).getByText('Keine Verbindung – wir versuchen es weiter').waitFor();
    // Still dated from the first drop, not from the latest attempt.
    expect(await banner(brigitte.page).textContent()).toContain('bis 10:42 Uhr');
    // axe waits on the page's timers: let them run (the page keeps failing to connect meanwhile).
    await brigitte.page.clock.resume();
    await expectNoAxeViolations(brigitte.page, 'waiting room offline');
    await snap(brigitte.page, 'waiting-room-offline');

    // The network is back: the next attempt gets through, without a reload.
    proxy.restore();
    await banner(brigitte.page).getByText('Keine Verbindung').waitFor({ state: 'detached' });
    await brigitte.page.getByText('Sie sind an Position 2').waitFor();
    // Live again: the citizen ahead leaves and the position follows.
    await leaveByApi(alex.visitToken);
    await brigitte.page.getByText('Sie sind an Position 1').waitFor();
    expect(
      await brigitte.page.evaluate(() => (globalThis as { __sameDocument?: boolean }).__sameDocument),
    ).toBe(true);
    await expectNoErrorsThenClose(brigitte);
  }, 120_000);

  it("reconnects at once on the browser's online event, with the page's clock standing still", async () => {
    const { scene, browser } = walkIn;
    const carla = await newPerson(browser);
    await carla.page.clock.install({ time: PAGE_START });
    await enterAsCitizen(carla.page, scene, 'Carla', '', proxy.url);
    await carla.page.getByText(/Sie sind an Position \d+/).waitFor();

    // From here on no timer of the page fires: only the online event can start an attempt.
    await carla.page.clock.pauseAt(CONNECTION_LOST);
    proxy.cut('refuse');
    await banner(carla.page).getByText('Die Verbindung wird wiederhergestellt').waitFor();
    // The browser says it has no network: offline at once, without waiting for the threshold.
    await carla.context.setOffline(true);
    await banner(carla.page).getByText('Keine Verbindung – wir versuchen es weiter').waitFor();

    proxy.restore();
    const before = proxy.attempts;
    await carla.context.setOffline(false);
    await banner(carla.page).getByText('Keine Verbindung').waitFor({ state: 'detached' });
    await carla.page.getByText(/Sie sind an Position \d+/).waitFor();
    expect(proxy.attempts).toBe(before + 1);
    await expectNoErrorsThenClose(carla);
  });

  it('the staff workspace says the queue is not up to date and reconnects on "Jetzt erneut versuchen"', async () => {
    const { scene, browser } = walkIn;
    const agent = await newPerson(browser);
    await signInAgent(agent.context, scene);
    await agent.page.clock.install({ time: PAGE_START });
    await agent.page.goto(`${proxy.url}/staff`);
    await agent.page.getByRole('heading', { level: 1, name: 'Arbeitsplatz' }).waitFor();
    await agent.page.getByRole('region', { name: 'Bürgerbüro' }).waitFor();

    await agent.page.clock.pauseAt(CONNECTION_LOST);
    proxy.cut('refuse');
    await agent.page.clock.runFor(10_000);
    await banner(agent.page).getByText('Keine Verbindung – die Warteschlange ist nicht aktuell').waitFor();
    await snap(agent.page, 'staff-offline');

    proxy.restore();
    const before = proxy.attempts;
    await agent.page.getByRole('button', { name: 'Jetzt erneut versuchen' }).click();
    await banner(agent.page).getByText('Keine Verbindung').waitFor({ state: 'detached' });
    // The clock stands still: the button, not a timer, made the attempt that got through.
    expect(proxy.attempts).toBe(before + 1);
    // Live again: a citizen entering shows up in the queue.
    await enter(scene.server, scene.tenant.slug, scene.offices.main.slug, 'Dora');
    await agent.page.getByRole('region', { name: 'Bürgerbüro' }).getByRole('row', { name: /Dora/ }).waitFor();
    await expectNoErrorsThenClose(agent);
  });

  it('the public office list says how old its figures are when a refresh fails, and refreshes on online', async () => {
    const { scene, browser } = walkIn;
    const visitor = await newPerson(browser);
    await visitor.page.clock.install({ time: CONNECTION_LOST });
    await visitor.page.goto(`${proxy.url}/${scene.tenant.slug}`);
    await visitor.page.getByRole('heading', { name: 'Bürgerbüro' }).waitFor();
    await visitor.page.clock.pauseAt(new Date(CONNECTION_LOST.getTime() + 5000));

    proxy.cut('refuse');
    await visitor.page.clock.runFor(15_000); // the next scheduled refresh fails
    const stale = visitor.page.getByRole('status').filter({ hasText: 'Keine Verbindung' });
    await stale
      .getByText('Keine Verbindung – die Angaben sind von 10:27 Uhr. Wir versuchen es weiter.')
      .waitFor();
    // axe waits on the page's timers: let them run a while, then stop the clock again for the proof.
    await visitor.page.clock.resume();
    await expectNoAxeViolations(visitor.page, 'office list with stale figures');
    await visitor.page.clock.pauseAt(new Date(CONNECTION_LOST.getTime() + 10 * 60_000));
    await stale.waitFor();

    proxy.restore();
    await visitor.context.setOffline(true);
    await visitor.context.setOffline(false);
    await stale.waitFor({ state: 'detached' });
    await expectNoErrorsThenClose(visitor);
  });

  it('the office list stays when the events below it cannot load, and loads them when back online', async () => {
    const { scene, browser } = walkIn;
    const visitor = await newPerson(browser);
    // The phone loses its network just after the office list came: the events' code cannot follow.
    await visitor.page.route('**/assets/EventsSection-*.js', (route) => route.abort('internetdisconnected'));
    const chunkFailed = visitor.page.waitForEvent('requestfailed', (r) =>
      r.url().includes('/EventsSection-'),
    );
    await visitor.page.goto(`${proxy.url}/${scene.tenant.slug}`);
    await chunkFailed;
    await visitor.page.getByRole('link', { name: 'Termin buchen' }).waitFor({ timeout: 5000 });
    expect(await visitor.page.getByText('Ein unerwarteter Fehler ist aufgetreten.').count()).toBe(0);

    await visitor.page.unroute('**/assets/EventsSection-*.js');
    const eventsAsked = visitor.page.waitForResponse(
      (r) => new URL(r.url()).pathname === `/api/public/tenants/${scene.tenant.slug}/events`,
    );
    await visitor.context.setOffline(true);
    await visitor.context.setOffline(false);
    expect((await eventsAsked).status()).toBe(200);
    await visitor.page.getByRole('heading', { name: 'Bürgerbüro' }).waitFor();
    // The dynamic import's failure is the browser's to log; nothing reached the page as an error.
    await expectNoErrorsThenClose(visitor);
  });
});
