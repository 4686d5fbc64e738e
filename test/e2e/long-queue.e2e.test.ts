import { describe, expect, it } from 'vitest';
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

describe('a queue longer than the workspace lists at first', () => {
  it('lists the first 50 and shows more on request, in queue order, by mouse or keyboard', async () => {
    const { scene, browser } = walkIn;
    const office = scene.offices.main;
    // 75 citizens waiting since the early morning, a minute apart ("Person 1" first).
    await scene.server.ctx.db.query(
      `INSERT INTO visits (tenant_id, office_id, display_name, concern, status, resume_token_hash, arrived_at, queued_at)
       SELECT $1, $2, 'Person ' || i, '', 'waiting', 'long-queue-' || i,
              now() - make_interval(mins => 200 - i), now() - make_interval(mins => 200 - i)
         FROM generate_series(1, 75) i`,
      [scene.tenant.tenantId, office.id],
    );
    await scene.server.ctx.visitEvents.officeChanged([office.id]);
    const agent = await newPerson(browser);
    await signInAgent(agent.context, scene);
    await agentAvailable(agent.page, scene);
    const queue = agent.page.getByRole('region', { name: office.name });
    await queue
      .getByText('Die ersten 50 von 75 Wartenden sind aufgeführt; die übrigen rücken nach.')
      .waitFor();
    await queue.getByRole('row', { name: /Person 50\b/ }).waitFor();
    expect(await queue.getByRole('row', { name: /Person 51\b/ }).count()).toBe(0);

    // By keyboard: the button says how many more there are, and the rows follow in order.
    const more = queue.getByRole('button', { name: 'Weitere 25 anzeigen' });
    await more.focus();
    await agent.page.keyboard.press('Enter');
    await queue.getByRole('row', { name: /Person 75\b/ }).waitFor();
    const names = await queue
      .getByRole('row')
      .evaluateAll((rows) => rows.map((row) => row.textContent?.match(/Person \d+/)?.[0]).filter(Boolean));
    expect(names).toEqual(Array.from({ length: 75 }, (_, i) => `Person ${i + 1}`));
    // Everyone is listed now: neither the note nor the button is left.
    await more.waitFor({ state: 'detached' });
    await expectNoAxeViolations(agent.page, 'a long queue, all listed');
    await snap(agent.page, 'long-queue');
    await expectNoErrorsThenClose(agent);
  }, 120_000);
});
