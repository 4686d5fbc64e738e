import { describe, expect, it } from 'vitest';
import { enter } from '../api/visits-fixtures';
import { connectSocket } from '../support/realtime';
import {
  agentAvailable,
  expectNoAxeViolations,
  expectNoErrorsThenClose,
  newPerson,
  setUpWalkIn,
  signInAgent,
  snap,
} from '../support/walk-in';

const walkIn = setUpWalkIn();

describe('signing out of the workspace', () => {
  it('the agent signs out in one tab while a socket is open in another', async () => {
    const { scene, browser } = walkIn;
    const agent = await newPerson(browser);
    await signInAgent(agent.context, scene);
    // The other tab: the workspace with its socket open, showing a waiting citizen.
    const other = agent.page;
    // Every frame the tab's sockets receive: proof of what reached it, whatever the page shows.
    const sockets: { frames: string[]; closed: boolean }[] = [];
    other.on('websocket', (ws) => {
      const socket = { frames: [] as string[], closed: false };
      sockets.push(socket);
      ws.on('framereceived', ({ payload }) => socket.frames.push(String(payload)));
      ws.on('close', () => {
        socket.closed = true;
      });
    });
    const received = (name: string) => sockets.some((s) => s.frames.some((f) => f.includes(name)));
    await agentAvailable(other, scene);
    await enter(scene.server, scene.tenant.slug, scene.offices.main.slug, 'Yara');
    const queue = other.getByRole('region', { name: 'Bürgerbüro' });
    await queue.getByRole('row', { name: /Yara/ }).waitFor();
    expect(received('Yara')).toBe(true);

    // A colleague of the same office, to know when a citizen entering later has reached every queue.
    const colleague = await scene.newAgent([scene.offices.main.id]);
    const colleagueSocket = await connectSocket(scene.server.baseUrl, {
      cookie: `amtsraum-staff=${colleague.cookie}`,
    });
    colleagueSocket.send({ type: 'hello', as: 'staff' });
    await colleagueSocket.next('ready');

    // The agent signs out in a second tab of the same browser.
    const first = await agent.context.newPage();
    await first.goto(`${scene.server.baseUrl}/staff`);
    await first.getByRole('heading', { level: 1, name: 'Arbeitsplatz' }).waitFor();
    await first.getByRole('button', { name: 'Abmelden' }).click();
    await first.getByRole('button', { name: 'Anmelden' }).waitFor();

    // A citizen entering right after the sign-out reaches the colleague's queue, never the other tab:
    // its socket was closed before the sign-out answered (a later session re-check would be too late).
    await enter(scene.server, scene.tenant.slug, scene.offices.main.slug, 'Zora');
    await colleagueSocket.next('queues.state', (m) =>
      m.offices.some((o) => o.waiting.some((w) => w.displayName === 'Zora')),
    );
    colleagueSocket.close();

    // The other tab: its socket closed by the server, it says so and leads back to the sign-in.
    const alert = other.getByRole('alert').filter({ hasText: 'Sie wurden abgemeldet' });
    await alert.waitFor();
    await expect.poll(() => sockets.every((s) => s.closed)).toBe(true);
    expect(received('Zora')).toBe(false);
    expect(await other.getByText('Zora').count()).toBe(0);
    // Names shown before are gone too.
    expect(await queue.count()).toBe(0);
    expect(await other.getByText('Yara').count()).toBe(0);
    await snap(other, 'signed-out');
    await expectNoAxeViolations(other, 'workspace after being signed out elsewhere');
    // Closed for good: the tab does not reconnect with a session that is gone.
    expect(sockets).toHaveLength(1);

    await alert.getByRole('link', { name: 'Erneut anmelden' }).click();
    await other.waitForURL('**/login');
    await other.getByRole('button', { name: 'Anmelden' }).waitFor();
    await expectNoErrorsThenClose(agent);
  });
});
