import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { linkAppointment } from '../api/consultation-fixtures';
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

/** Waits until both fields show the same value that satisfies `done`; returns it. */
async function converged(first: Locator, second: Locator, done: (value: string) => boolean) {
  const until = Date.now() + 15_000;
  for (;;) {
    const [a, b] = await Promise.all([first.inputValue(), second.inputValue()]);
    if (a === b && done(a)) return a;
    if (Date.now() > until) throw new Error(`the fields did not converge: "${a}" and "${b}"`);
    await first.page().waitForTimeout(100);
  }
}

describe('the shared form', () => {
  it('merges two people typing into one field at once, and shows the agent ticks to the citizen', async () => {
    const { scene, browser } = walkIn;
    const citizen = await newPerson(browser);
    const agent = await newPerson(browser);
    const account = await scene.newAgent([scene.offices.main.id]);
    await signInAgent(agent.context, scene, account);

    // An appointment's check-in: the visit has a booked service with a question and two documents.
    await enterAsCitizen(citizen.page, scene, 'Mira');
    const [visit] = await scene.server.ctx.db.query<{ id: string }>(
      `SELECT id FROM visits WHERE tenant_id = $1 AND display_name = 'Mira' AND status = 'waiting'`,
      [scene.tenant.tenantId],
    );
    await linkAppointment(
      scene.server,
      {
        tenant: scene.tenant,
        office: scene.offices.main,
        agent: { id: account.id },
        citizen: { visitId: visit!.id },
      },
      'Wohnsitz anmelden',
      {
        intakeFields: [{ key: 'anliegen', label: 'Worum geht es?', type: 'textarea', required: true }],
        requiredDocuments: ['Personalausweis', 'Wohnungsgeberbestätigung'],
      },
    );
    await agentAvailable(agent.page, scene);
    await agent.page.getByRole('button', { name: 'Mira aufrufen' }).click();
    // The form has its tab in the call's side panel.
    await Promise.all([openCallTab(agent.page, 'Formular'), openCallTab(citizen.page, 'Formular')]);

    const agentForm = agent.page.getByRole('region', { name: 'Gemeinsames Formular' });
    const citizenForm = citizen.page.getByRole('region', { name: 'Gemeinsames Formular' });
    await agentForm.getByText('Formular zur Leistung „Wohnsitz anmelden“').waitFor();
    await citizenForm.getByText('Formular zur Leistung „Wohnsitz anmelden“').waitFor();
    const agentField = agentForm.getByRole('textbox', { name: 'Worum geht es?' });
    const citizenField = citizenForm.getByRole('textbox', { name: 'Worum geht es?' });

    // Both type into the same field at the same time; neither overwrites the other.
    await Promise.all([
      agentField.pressSequentially('Ummeldung', { delay: 40 }),
      citizenField.pressSequentially('Nebenwohnung', { delay: 40 }),
    ]);
    const together = await converged(
      agentField,
      citizenField,
      (value) => value.includes('Ummeldung') && value.includes('Nebenwohnung'),
    );
    expect(together).toHaveLength('Ummeldung'.length + 'Nebenwohnung'.length);

    // Typing on in the middle keeps both carets where their owners are.
    await citizenField.press('End');
    await citizenField.pressSequentially(' ab Mai');
    await converged(agentField, citizenField, (value) => value.endsWith(' ab Mai'));

    // Only the agent has checkboxes; the citizen reads the state in words, and hears it.
    expect(await citizenForm.getByRole('checkbox').count()).toBe(0);
    await citizenForm.getByText('Personalausweis: noch offen').waitFor();
    await agentForm.getByRole('checkbox', { name: 'Personalausweis' }).check();
    await citizenForm.getByText('Personalausweis: vorgelegt').waitFor();
    await citizenForm.getByRole('status').getByText('Personalausweis: als vorgelegt abgehakt').waitFor();
    await citizenForm.getByText('Wohnungsgeberbestätigung: noch offen').waitFor();

    await citizen.page.getByRole('status').getByText('Verbunden', { exact: true }).waitFor();
    await expectNoAxeViolations(citizen.page, 'citizen call with the shared form');
    await expectNoAxeViolations(agent.page, 'staff call with the shared form');
    await snap(citizen.page, 'shared-form-citizen');
    await snap(agent.page, 'shared-form-agent');

    // The protocol states the answer and the tick.
    await agent.page.getByRole('button', { name: 'Gespräch beenden' }).click();
    await agent.page.getByRole('button', { name: 'Protokoll erstellen' }).click();
    const jsonLink = agent.page.getByRole('link', { name: 'Protokoll als JSON herunterladen' });
    await jsonLink.waitFor();
    const record = await (
      await agent.context.request.get(`${scene.server.baseUrl}${await jsonLink.getAttribute('href')}`)
    ).json();
    expect(record.form.fields[0].value).toBe(`${together} ab Mai`);
    expect(record.form.documents).toEqual([
      { name: 'Personalausweis', ticked: true },
      { name: 'Wohnungsgeberbestätigung', ticked: false },
    ]);

    await expectNoErrorsThenClose(citizen, agent);
  }, 120_000);
});
