import { describe, expect, it } from 'vitest';
import { waitForFramesFromEach } from '../support/peer-video';
import {
  agentAvailable,
  enterAsCitizen,
  expectNoAxeViolations,
  expectNoErrorsThenClose,
  newPerson,
  setUpWalkIn,
  signInAgent,
  waitForFrames,
} from '../support/walk-in';

const walkIn = setUpWalkIn();

describe('a clerk calls for help from a call', () => {
  it('colleagues of the office see "Hilfe – <office>" at once; the first to answer joins the call in a new tab', async () => {
    const { scene, browser } = walkIn;
    const citizen = await newPerson(browser);
    const agent = await newPerson(browser);
    // The colleague reads English: the alert and the guest's call are checked in both languages.
    const colleague = await newPerson(browser, { language: 'en' });
    await signInAgent(agent.context, scene);
    const { cookie, ...helper } = await scene.tenant.staff('agent', {
      officeIds: [scene.offices.main.id],
      displayName: 'Jonas Beispiel',
    });
    await signInAgent(colleague.context, scene, { ...helper, cookie: cookie.split('=').slice(1).join('=') });

    await enterAsCitizen(citizen.page, scene, 'Dilara');
    await agentAvailable(agent.page, scene);
    await agent.page.getByRole('button', { name: 'Dilara aufrufen' }).click();
    await agent.page.getByRole('heading', { name: 'Gespräch mit Dilara' }).waitFor();
    await Promise.all([waitForFrames(citizen.page), waitForFrames(agent.page)]);
    // The colleague works in the workspace without being available (e.g. writing up a case).
    await colleague.page.goto(`${scene.server.baseUrl}/staff`);
    await colleague.page.getByRole('heading', { level: 1, name: 'Workspace' }).waitFor();

    await agent.page.getByRole('button', { name: 'Hilfe rufen' }).click();
    await agent.page.getByText('Hilfe gerufen – wir warten, bis jemand zusagt.').waitFor();
    await expectNoAxeViolations(agent.page, 'call with a call for help (de)');
    const alert = colleague.page.getByRole('alert').filter({ hasText: 'Help needed – Bürgerbüro' });
    await alert.getByText('Erika Agentin needs support in a consultation.').waitFor();
    await expectNoAxeViolations(colleague.page, 'workspace with a call for help (en)');

    // "Listen in silently" ("Still zuhören"): the call opens in a new tab of the colleague's browser, microphone off.
    const [tab] = await Promise.all([
      colleague.context.waitForEvent('page'),
      alert.getByRole('button', { name: 'Listen in silently' }).click(),
    ]);
    await tab.getByRole('heading', { name: 'Check camera, microphone and speaker' }).waitFor();
    await tab.getByRole('button', { name: 'Continue', exact: true }).click();
    await tab.getByRole('heading', { name: 'Video call – Bürgerbüro' }).waitFor();
    expect(await tab.getByRole('button', { name: 'Mute microphone' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    await expectNoAxeViolations(tab, 'guest call of a colleague who came to help (en)');
    // The clerk sees who is coming; the alert is gone from the colleague's workspace.
    await agent.page.getByText('Jonas Beispiel kommt zu Hilfe.').waitFor();
    await alert.waitFor({ state: 'detached' });
    await citizen.page
      .getByRole('status')
      .getByText('Jonas Beispiel ist dem Gespräch beigetreten.')
      .waitFor();

    // Three pages, each decoding the other two.
    await Promise.all([
      waitForFramesFromEach(agent.page, 2),
      waitForFramesFromEach(citizen.page, 2),
      waitForFramesFromEach(tab, 2),
    ]);

    // The call ends: so does the help, on every page.
    await agent.page.getByRole('button', { name: 'Gespräch beenden' }).click();
    await tab.getByRole('heading', { name: 'The consultation has ended' }).waitFor();
    await agent.page.getByRole('button', { name: 'Hilfe rufen' }).waitFor({ state: 'detached' });

    await expectNoErrorsThenClose(citizen, agent, colleague);
  }, 180_000);
});
