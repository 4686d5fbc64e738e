import { describe, expect, it } from 'vitest';
import { proofOfWork } from '../support/proof-of-work';
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

/** What staff and citizens see of the walk-in office's defences. */
describe('walk-in office under attack', () => {
  it('marks entries from one connection; the agent removes them by keyboard after one confirmation', async () => {
    const { scene, browser } = walkIn;
    const { server } = scene;
    const agent = await newPerson(browser);
    await signInAgent(agent.context, scene);
    await agentAvailable(agent.page, scene);
    const citizen = await newPerson(browser);
    await enterAsCitizen(citizen.page, scene, 'Alex', 'Ummeldung');

    // A script's entries, all from one address, without a page.
    const url = `/api/public/tenants/${scene.tenant.slug}/offices/${scene.offices.main.slug}/visits`;
    for (const name of ['Bot 1', 'Bot 2', 'Bot 3']) {
      const response = await server.app.inject({
        method: 'POST',
        url,
        remoteAddress: '198.51.100.7',
        payload: { displayName: name },
        headers: await proofOfWork(server.app, url),
      });
      expect(response.statusCode, response.body).toBe(201);
    }
    const queue = agent.page.getByRole('region', { name: 'Bürgerbüro' });
    await expect.poll(() => queue.getByText('3 Einträge vom selben Anschluss').count()).toBe(3);
    await snap(agent.page, 'queue-marked');
    await expectNoAxeViolations(agent.page, 'the queue with marked entries');

    await queue.getByRole('button', { name: 'Alle 3 markierten Einträge auswählen' }).focus();
    await agent.page.keyboard.press('Enter');
    for (const name of ['Bot 1', 'Bot 2', 'Bot 3'])
      expect(await queue.getByRole('checkbox', { name: `${name} auswählen` }).isChecked()).toBe(true);
    expect(await queue.getByRole('checkbox', { name: 'Alex auswählen' }).isChecked()).toBe(false);
    await queue.getByRole('button', { name: '3 ausgewählte Einträge entfernen' }).focus();
    await agent.page.keyboard.press('Enter');

    const dialog = agent.page.getByRole('dialog', { name: '3 Einträge aus der Warteschlange entfernen?' });
    await dialog.waitFor();
    // Cancel comes first: a stray Enter removes nobody.
    await expect.poll(() => agent.page.evaluate(() => document.activeElement?.textContent)).toBe('Abbrechen');
    await snap(agent.page, 'remove-dialog');
    await expectNoAxeViolations(agent.page, 'the remove dialog');
    await agent.page.keyboard.press('Tab');
    await agent.page.keyboard.press('Enter');
    await agent.page.getByRole('status').getByText('3 Einträge wurden entfernt.').waitFor();
    await expect.poll(() => queue.getByRole('row').count()).toBe(2); // the header and Alex
    expect(await queue.getByText('vom selben Anschluss').count()).toBe(0);
    await citizen.page.getByText('Sie sind an Position 1').waitFor();

    const [audited] = await server.ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_events WHERE tenant_id = $1 AND action = 'visit.removed'`,
      [scene.tenant.tenantId],
    );
    expect(audited?.n).toBe(3);
    await expectNoErrorsThenClose(agent, citizen);
  });

  it('tells the first device at once when the invitation is opened on a second one', async () => {
    const { scene, browser } = walkIn;
    const { server } = scene;
    const admin = await scene.tenant.staff('admin');
    const key = await server.app.inject({
      method: 'POST',
      url: '/api/admin/api-keys',
      headers: { cookie: admin.cookie },
      payload: { name: 'Fachverfahren', scopes: ['consultations:write'] },
    });
    const invited = await server.app.inject({
      method: 'POST',
      url: '/api/v1/consultations',
      headers: { authorization: `Bearer ${key.json().key}` },
      payload: { officeId: scene.offices.cars.id, citizen: { name: 'Zoë' } },
    });
    expect(invited.statusCode, invited.body).toBe(201);
    const joinUrl = invited.json().joinUrl as string;

    const openHere = async (person: Awaited<ReturnType<typeof newPerson>>) => {
      await person.page.getByRole('heading', { name: 'Kamera, Mikrofon und Lautsprecher prüfen' }).waitFor();
      await person.page.getByRole('button', { name: 'Weiter', exact: true }).click();
      await person.page.getByText('Sie sind an Position 1').waitFor();
    };
    const phone = await newPerson(browser);
    await phone.page.goto(joinUrl);
    await openHere(phone);
    const laptop = await newPerson(browser);
    await laptop.page.goto(joinUrl);

    const notice = 'Dieser Termin wurde auf einem anderen Gerät geöffnet';
    await phone.page.getByRole('heading', { name: notice }).waitFor();
    await snap(phone.page, 'taken-over');
    await expectNoAxeViolations(phone.page, 'the taken-over notice');
    await openHere(laptop);
    // A reload does not take the visit back by itself; the button does.
    await phone.page.reload();
    await phone.page.getByRole('heading', { name: notice }).waitFor();
    await phone.page.getByRole('button', { name: 'Hier weitermachen' }).click();
    await openHere(phone);
    await laptop.page.getByRole('heading', { name: notice }).waitFor();
    await expectNoErrorsThenClose(phone, laptop);
  });
});
