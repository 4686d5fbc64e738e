import { describe, expect, it } from 'vitest';
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

const HOSTILE = 'Mein Brief <img src=x onerror=alert(1)> javascript:alert(1) siehe https://example.org/info.';

describe('in the consultation', () => {
  it('chat travels both ways, the agent records and issues the protocol, the citizen rates once', async () => {
    const { scene, browser } = walkIn;
    const citizen = await newPerson(browser);
    const agent = await newPerson(browser);
    // A fresh agent: presence from other tests must not carry over.
    await signInAgent(agent.context, scene, await scene.newAgent([scene.offices.main.id]));

    await enterAsCitizen(citizen.page, scene, 'Dana', 'Wohnsitz ummelden');
    await agentAvailable(agent.page, scene);
    await agent.page.getByRole('button', { name: 'Dana aufrufen' }).click();
    await agent.page.getByRole('heading', { name: 'Gespräch mit Dana' }).waitFor();
    await citizen.page.getByRole('heading', { name: 'Videogespräch – Bürgerbüro' }).waitFor();
    const visitToken = await citizen.page.evaluate(
      (slug) => sessionStorage.getItem(`amtsraum.visit.${slug}`),
      scene.tenant.slug,
    );

    // Citizen → agent, live; markup stays text, only the http(s) address becomes a link.
    const citizenLog = citizen.page.getByRole('log', { name: 'Chat' });
    const agentLog = agent.page.getByRole('log', { name: 'Chat' });
    await citizen.page.getByLabel('Nachricht', { exact: true }).fill(HOSTILE);
    await citizen.page.getByLabel('Nachricht', { exact: true }).press('Enter');
    await agentLog.getByText('<img src=x onerror=alert(1)>', { exact: false }).waitFor();
    expect(await agent.page.locator('.chat__log img').count()).toBe(0);
    expect(await agent.page.locator('.chat__log a[href^="javascript"]').count()).toBe(0);
    const link = agentLog.getByRole('link', { name: 'https://example.org/info' });
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer nofollow');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await citizen.page.getByLabel('Nachricht', { exact: true }).inputValue()).toBe('');

    // Agent → citizen (Shift+Enter is a new line, Enter sends); the citizen's message shows as read.
    const agentInput = agent.page.getByLabel('Nachricht', { exact: true });
    await agentInput.fill('Guten Tag!');
    await agentInput.press('Shift+Enter');
    await agentInput.pressSequentially('Bitte zeigen Sie den Brief.');
    await agentInput.press('Enter');
    await citizenLog.getByText('Bitte zeigen Sie den Brief.').waitFor();
    expect(await citizenLog.getByText(/Guten Tag!\nBitte zeigen/).count()).toBe(1);
    await citizenLog.getByText('gelesen').waitFor();
    await citizen.page.getByRole('status').getByText('Verbunden', { exact: true }).waitFor();
    await expectNoAxeViolations(citizen.page, 'call page with chat');
    await snap(citizen.page, 'chat-citizen');

    // Notes and outcome, saved as typed (in their tab of the call's side panel).
    await openCallTab(agent.page, 'Notizen');
    await agent.page.getByRole('textbox', { name: 'Notizen' }).fill('Ummeldung besprochen.');
    await agent.page.getByRole('combobox', { name: 'Ergebnis' }).selectOption({ label: 'Unterlagen fehlen' });
    await agent.page.getByRole('status').getByText('gespeichert', { exact: true }).waitFor();
    await expectNoAxeViolations(agent.page, 'staff call with chat and notes');

    // The call ends; the agent completes the notes and issues the protocol with the chat.
    await agent.page.getByRole('button', { name: 'Gespräch beenden' }).click();
    await citizen.page.getByRole('heading', { name: 'Das Gespräch ist beendet' }).waitFor();
    await agent.page.getByRole('status').getByText('Das Gespräch ist beendet.').waitFor();
    await agent.page
      .getByRole('textbox', { name: 'Notizen' })
      .fill('Ummeldung besprochen. Meldebescheinigung fehlt.');
    await agent.page.getByLabel('Chatverlauf aufnehmen').check();
    await agent.page.getByRole('button', { name: 'Protokoll erstellen' }).click();
    const pdfLink = agent.page.getByRole('link', { name: 'Protokoll als PDF herunterladen' });
    await pdfLink.waitFor();
    await snap(agent.page, 'record-agent');
    const pdfHref = (await pdfLink.getAttribute('href')) ?? '';
    const pdf = await agent.context.request.get(`${scene.server.baseUrl}${pdfHref}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toContain('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    const jsonHref =
      (await agent.page
        .getByRole('link', { name: 'Protokoll als JSON herunterladen' })
        .getAttribute('href')) ?? '';
    const record = await (await agent.context.request.get(`${scene.server.baseUrl}${jsonHref}`)).json();
    expect(record).toMatchObject({
      notes: 'Ummeldung besprochen. Meldebescheinigung fehlt.',
      outcome: 'documents_missing',
      chat: { messageCount: 2 },
    });
    expect(record.chat.transcript[0].text).toBe(HOSTILE);

    // A walk-in has no booked address: the agent types the one the citizen gave and sends the summary.
    await agent.page.getByRole('textbox', { name: 'E-Mail-Adresse' }).fill('zoe@example.org');
    await agent.page
      .getByRole('textbox', { name: /Nachricht/ })
      .fill('Bitte reichen Sie die Meldebescheinigung nach.');
    await agent.page.getByRole('button', { name: 'Zusammenfassung senden' }).click();
    await agent.page.getByText('Die Zusammenfassung wurde an zoe@example.org gesendet.').waitFor();
    await expectNoAxeViolations(agent.page, 'record with protocol and summary form');
    const [mail] = await scene.server.ctx.db.query<{ recipient: string; body: string }>(
      `SELECT recipient, body FROM outbox_messages WHERE subject LIKE 'Zusammenfassung%'`,
    );
    expect(mail?.recipient).toBe('zoe@example.org');
    expect(mail?.body).toContain('Bitte reichen Sie die Meldebescheinigung nach.');
    expect(mail?.body).not.toContain('Ummeldung besprochen');

    // The citizen rates once.
    const rating = citizen.page.getByRole('group', { name: 'Ihre Bewertung' });
    await rating.waitFor();
    await expectNoAxeViolations(citizen.page, 'ended page with the rating form');
    await snap(citizen.page, 'rating-citizen');
    await rating.getByLabel('4 Sterne – zufrieden').check();
    await citizen.page.getByLabel(/Kommentar/).fill('Schnell und freundlich.');
    await citizen.page.getByRole('button', { name: 'Bewertung senden' }).click();
    await citizen.page.getByText('Danke für Ihre Bewertung!').waitFor();
    expect(await citizen.page.getByRole('button', { name: 'Bewertung senden' }).count()).toBe(0);
    const consultationId = pdfHref.split('/')[3];
    const view = await citizen.context.request.get(
      `${scene.server.baseUrl}/api/consultations/${consultationId}`,
      {
        headers: { authorization: `Bearer ${visitToken}` },
      },
    );
    expect((await view.json()).canRate).toBe(false);
    const again = await citizen.context.request.post(
      `${scene.server.baseUrl}/api/consultations/${consultationId}/rating`,
      { headers: { authorization: `Bearer ${visitToken}` }, data: { stars: 1 } },
    );
    expect(again.status()).toBeGreaterThanOrEqual(400);

    await expectNoErrorsThenClose(citizen, agent);
  }, 180_000);
});
