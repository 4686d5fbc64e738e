import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDb } from '../support/each-db';
import { readMail, smtpListener } from '../support/mail';
import { startTestServer, type TestServer } from '../support/server';
import { callScene, consultationRequest, linkAppointment } from './consultation-fixtures';

describeEachDb('summary mail to the citizen', (kind) => {
  const smtp = smtpListener();
  let server: TestServer;
  let request: ReturnType<typeof consultationRequest>;
  beforeAll(async () => {
    server = await startTestServer(kind, { env: { SMTP_URL: await smtp.start() } });
    request = consultationRequest(server);
  });
  afterAll(async () => {
    await server.close();
    await smtp.stop();
  });

  it('sends what was settled and the agent’s message, never the internal notes, once a protocol exists', async () => {
    const scene = await callScene(server);
    await linkAppointment(server, scene, 'Personalausweis beantragen');
    const agent = { cookie: scene.agent.cookie };
    const summary = {
      email: 'zoe@example.org',
      message: 'Bitte senden Sie uns\ndas Lichtbild <b>bis Freitag</b>.',
    };

    // The booking's address is offered; without a protocol there is nothing to summarise yet.
    expect((await request(agent, 'GET', scene.consultationId, '/summary')).json()).toEqual({
      email: 'zoe@example.org',
      language: 'de',
      protocolVersion: null,
    });
    const early = await request(agent, 'POST', scene.consultationId, '/summary', summary);
    expect(early.statusCode).toBe(409);
    expect(early.headers['content-type']).toMatch(/problem\+json/);

    await request(agent, 'PUT', scene.consultationId, '/record', {
      notes: 'Intern: Antragsteller wirkte unsicher.',
      outcome: 'documents_missing',
    });
    expect((await request(agent, 'POST', scene.consultationId, '/protocol', {})).statusCode).toBe(201);

    // Only the agent of the consultation sends it; a bad address is refused before anything is sent.
    const byCitizen = await request(
      { token: scene.citizen.token },
      'POST',
      scene.consultationId,
      '/summary',
      summary,
    );
    expect(byCitizen.statusCode).toBe(403);
    const bad = await request(agent, 'POST', scene.consultationId, '/summary', { ...summary, email: 'zoe@' });
    expect(bad.statusCode).toBe(400);
    expect(smtp.received).toHaveLength(0);

    const sent = await request(agent, 'POST', scene.consultationId, '/summary', summary);
    expect(sent.statusCode, sent.body).toBe(204);
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]!.to).toEqual(['zoe@example.org']);
    const mail = readMail(smtp.received[0]!.raw);
    expect(mail.subject).toMatch(
      /^Zusammenfassung Ihres Videogesprächs am \d\d\.\d\d\.\d{4} – Stadt Musterhausen$/,
    );
    expect(mail.text).toContain('Anliegen: Personalausweis beantragen');
    expect(mail.text).toContain('Ergebnis: Es fehlen noch Unterlagen.');
    expect(mail.text.replaceAll('\r\n', '\n')).toContain(
      '> Bitte senden Sie uns\n> das Lichtbild <b>bis Freitag</b>.',
    );
    expect(mail.html).toContain('das Lichtbild &lt;b&gt;bis Freitag&lt;/b&gt;.');
    expect(mail.text + mail.html).not.toContain('Intern');

    const audit = await server.ctx.db.query<{ details: { protocolVersion: number } }>(
      `SELECT details FROM audit_events WHERE tenant_id = $1 AND action = 'consultation.summary_sent'`,
      [scene.tenant.tenantId],
    );
    expect(audit).toEqual([{ details: { protocolVersion: 1, language: 'de' } }]);
    expect(JSON.stringify(audit)).not.toContain('zoe@');
  });

  it('tells the agent when the mail server refuses the address, in English too', async () => {
    const scene = await callScene(server);
    const agent = { cookie: scene.agent.cookie };
    expect((await request(agent, 'POST', scene.consultationId, '/protocol', {})).statusCode).toBe(201);
    const refused = await request(agent, 'POST', scene.consultationId, '/summary', {
      email: 'nobody@refused.example',
      language: 'en',
    });
    expect(refused.statusCode).toBe(502);
    expect(refused.json().detail).toMatch(/could not be sent/);
    const sent = await request(agent, 'POST', scene.consultationId, '/summary', {
      email: 'zoe@example.org',
      language: 'en',
    });
    expect(sent.statusCode).toBe(204);
    expect(readMail(smtp.received.at(-1)!.raw).subject).toMatch(
      /^Summary of your video call on .* – Stadt Musterhausen$/,
    );
  });
});
