import { describe, expect, it } from 'vitest';
import { runDisconnectSweep } from '../api/visits-fixtures';
import {
  agentAvailable,
  citizenConnected,
  enterAsCitizen,
  expectNoAxeViolations,
  expectNoErrorsThenClose,
  newPerson,
  setUpWalkIn,
  signInAgent,
  snap,
} from '../support/walk-in';

const walkIn = setUpWalkIn();

describe('a waiting citizen whose tab is gone', () => {
  it('shows the agent since when, in words, until the citizen is back at the same place', async () => {
    const { scene, browser } = walkIn;
    const agent = await newPerson(browser);
    await signInAgent(agent.context, scene);
    await agentAvailable(agent.page, scene);
    const first = await newPerson(browser);
    const second = await newPerson(browser);
    await enterAsCitizen(first.page, scene, 'Alex');
    await enterAsCitizen(second.page, scene, 'Brigitte');
    await second.page.getByText('Sie sind an Position 2').waitFor();
    const queue = agent.page.getByRole('region', { name: 'Bürgerbüro' });
    const row = queue.getByRole('row', { name: /Brigitte/ });
    await row.waitFor();

    // The citizen's tab goes to another site: its socket closes.
    await citizenConnected(scene, 'Brigitte');
    const waitingRoom = second.page.url();
    await second.page.goto('about:blank');
    const badge = row.getByText(/^Verbindung getrennt seit \d\d:\d\d$/);
    await badge.waitFor();
    const [stored] = await scene.server.ctx.db.query<{ disconnectedAt: Date }>(
      `SELECT disconnected_at AS "disconnectedAt" FROM visits WHERE display_name = 'Brigitte'`,
    );
    // The browser runs in this process's time zone.
    const time = new Intl.DateTimeFormat('de-DE', { hour: '2-digit', minute: '2-digit' }).format(
      stored!.disconnectedAt,
    );
    expect(await badge.textContent()).toBe(`Verbindung getrennt seit ${time}`);
    expect(await queue.getByRole('row', { name: /Alex/ }).textContent()).not.toContain('Verbindung getrennt');
    await expectNoAxeViolations(agent.page, 'queue with a disconnected citizen');
    await snap(agent.page, 'queue-disconnected');

    // Back within the grace period: the same place, and connected again for the agent.
    await second.page.goto(waitingRoom);
    await second.page.getByText('Sie sind an Position 2').waitFor();
    await badge.waitFor({ state: 'detached' });

    // Gone for longer than the grace period: the sweep gives the place up, and the citizen coming back
    // reads why (and the waiting room had said how long a closed page keeps the place).
    await second.page.getByText(/länger als 15 Minuten geschlossen/).waitFor();
    await second.page.goto('about:blank');
    await badge.waitFor();
    await scene.server.ctx.db.query(
      `UPDATE visits SET disconnected_at = now() - interval '16 minutes' WHERE display_name = 'Brigitte'`,
    );
    expect(await runDisconnectSweep(scene.server)).toBe(1);
    await row.waitFor({ state: 'detached' });
    await second.page.goto(waitingRoom);
    await second.page.getByRole('heading', { name: 'Ihr Platz wurde freigegeben' }).waitFor();
    await expectNoAxeViolations(second.page, 'place given up after the page was closed');
    await expectNoErrorsThenClose(agent, first, second);
  }, 90_000);
});
