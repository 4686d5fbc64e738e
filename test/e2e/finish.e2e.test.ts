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

// Two pages with fake media, a call and axe scans twice: about 25 s alone, over 30 s in a full run on two
// cores (the English test timed out there at the default while every step was still moving).
describe('finishing a consultation', { timeout: 90_000 }, () => {
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

  it('is axe-clean in English, during the call and after it', async () => {
    const { scene, browser } = walkIn;
    const { tenantId, unitId } = scene.tenant;
    await serviceRepository(scene.server.ctx).create(tenantId, {
      ...serviceBody(unitId),
      name: 'Führerschein',
    });
    const citizen = await newPerson(browser);
    const agent = await newPerson(browser, { language: 'en' });
    await signInAgent(agent.context, scene, await scene.newAgent([scene.offices.main.id]));

    await enterAsCitizen(citizen.page, scene, 'Emma');
    await agent.page.goto(`${scene.server.baseUrl}/staff`);
    await agent.page.getByRole('heading', { level: 1, name: 'Workspace' }).waitFor();
    await agent.page.getByRole('radio', { name: 'Available' }).check();
    await agent.page.getByRole('status').getByText('You are available now.').waitFor();
    await agent.page.getByRole('button', { name: 'Call Emma' }).click();
    await agent.page.getByRole('heading', { name: 'Consultation with Emma' }).waitFor();

    const toggle = agent.page.getByRole('button', { name: /^Chat and files(\W+\d+ new)?$/ });
    if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
    await agent.page.getByRole('tab', { name: /^Notes/ }).click();
    await agent.page.getByRole('heading', { name: 'Services performed' }).waitFor();
    await agent.page.getByRole('spinbutton', { name: 'Führerschein' }).fill('1');
    await agent.page.getByRole('combobox', { name: 'Outcome' }).selectOption({ label: 'Documents missing' });
    await agent.page.getByRole('status').getByText('saved', { exact: true }).waitFor();
    await expectNoAxeViolations(agent.page, 'call with the finish form (en)');

    await agent.page.getByRole('button', { name: 'End consultation' }).click();
    await citizen.page.getByRole('heading', { name: 'Das Gespräch ist beendet' }).waitFor();
    const field = agent.page.getByRole('spinbutton', { name: 'Führerschein' });
    await field.waitFor();
    await field.fill('100');
    await agent.page.getByRole('button', { name: 'Save services' }).click();
    await agent.page.getByText('Please enter a whole number from 0 to 99.').waitFor();
    // The error shown is part of what must be accessible.
    await expectNoAxeViolations(agent.page, 'finish form with an error (en)');
    await field.fill('2');
    await agent.page.getByRole('button', { name: 'Save services' }).click();
    await agent.page.getByRole('status').getByText('Services and outcome are saved.').waitFor();
    await expectNoAxeViolations(agent.page, 'finish form after the call (en)');
    await snap(agent.page, 'finish-after-call-en');
    await expectNoErrorsThenClose(citizen, agent);
  });
});
