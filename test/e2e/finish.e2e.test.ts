import { describe, expect, it } from 'vitest';
import { serviceRepository } from '../../src/server/modules/admin/services';
import { serviceBody } from '../api/fixtures';
import { openCallTab } from '../support/call-layout';
import {
  agentAvailable,
  enterAsCitizen,
  expectNoAxeViolations,
  expectNoErrorsThenClose,
  newPerson,
  setUpWalkIn,
  signInAgent,
  snap,
} from '../support/walk-in';

const walkIn = setUpWalkIn();

describe('finishing a consultation', () => {
  it('the clerk records the services performed beside the notes; ending the call saves them, and they can be corrected', async () => {
    const { scene, browser } = walkIn;
    const services = serviceRepository(scene.server.ctx);
    const { tenantId, unitId } = scene.tenant;
    const idCard = await services.create(tenantId, { ...serviceBody(unitId), name: 'Personalausweis' });
    const passport = await services.create(tenantId, { ...serviceBody(unitId), name: 'Reisepass' });
    const citizen = await newPerson(browser);
    const agent = await newPerson(browser);
    await signInAgent(agent.context, scene, await scene.newAgent([scene.offices.main.id]));

    await enterAsCitizen(citizen.page, scene, 'Dana', 'Neuer Ausweis für mich und mein Kind');
    await agentAvailable(agent.page, scene);
    await agent.page.getByRole('button', { name: 'Dana aufrufen' }).click();
    await agent.page.getByRole('heading', { name: 'Gespräch mit Dana' }).waitFor();

    // During the call: beside the notes, how often each of the office's services was performed.
    await openCallTab(agent.page, 'Notizen');
    await agent.page.getByRole('heading', { name: 'Erbrachte Leistungen' }).waitFor();
    await agent.page.getByRole('spinbutton', { name: 'Personalausweis' }).fill('2');
    await agent.page.getByRole('combobox', { name: 'Ergebnis' }).selectOption({ label: 'Unterlagen fehlen' });
    await agent.page.getByRole('status').getByText('gespeichert', { exact: true }).waitFor();
    await expectNoAxeViolations(agent.page, 'call with the finish form');
    await snap(agent.page, 'finish-during-call');

    // Ending the call saves them with the outcome, in the same step.
    await agent.page.getByRole('button', { name: 'Gespräch beenden' }).click();
    await citizen.page.getByRole('heading', { name: 'Das Gespräch ist beendet' }).waitFor();
    const recorded = () =>
      scene.server.ctx.db.query<{ name: string; count: number; outcome: string }>(
        `SELECT s.name, cs.count, c.outcome FROM consultation_services cs
           JOIN services s ON s.id = cs.service_id JOIN consultations c ON c.id = cs.consultation_id
          WHERE s.id = ANY ($1::uuid[]) ORDER BY s.name`,
        [[idCard.id, passport.id]],
      );
    await expect
      .poll(recorded)
      .toEqual([{ name: 'Personalausweis', count: 2, outcome: 'documents_missing' }]);

    // After the call the form stays below the notes: a passport was made too.
    const passportField = agent.page.getByRole('spinbutton', { name: 'Reisepass' });
    await passportField.waitFor();
    expect(await agent.page.getByRole('spinbutton', { name: 'Personalausweis' }).inputValue()).toBe('2');
    await passportField.fill('100');
    await agent.page.getByRole('button', { name: 'Leistungen speichern' }).click();
    await agent.page.getByText('Bitte eine ganze Zahl von 0 bis 99 angeben.').waitFor();
    await passportField.fill('1');
    await agent.page.getByRole('button', { name: 'Leistungen speichern' }).click();
    await agent.page.getByRole('status').getByText('Leistungen und Ergebnis sind gespeichert.').waitFor();
    expect(await recorded()).toEqual([
      { name: 'Personalausweis', count: 2, outcome: 'documents_missing' },
      { name: 'Reisepass', count: 1, outcome: 'documents_missing' },
    ]);
    await expectNoAxeViolations(agent.page, 'finish form after the call');
    await snap(agent.page, 'finish-after-call');
    await expectNoErrorsThenClose(citizen, agent);
  });
});
