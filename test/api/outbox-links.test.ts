import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maskLinks, type OutboxMessage } from '../../src/server/modules/notifications/outbox';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { bookOnline } from './booking-fixtures';
import { deliveredOutboxMail } from './outbox-fixtures';

/** Every piece of the token long enough to guess the rest from: none may appear where links are masked. */
function expectNoPieceOf(token: string, text: string, where: string) {
  for (let i = 0; i + 8 <= token.length; i++) {
    expect(text.includes(token.slice(i, i + 8)), `${where} holds ${token.slice(i, i + 8)}…`).toBe(false);
  }
}

describe('the outbox shows and stores links masked', () => {
  let server: TestServer;
  beforeAll(async () => {
    // No SMTP_URL, no SMS_GATEWAY_URL: mails and SMS go to the outbox.
    server = await startTestServer('pglite');
  });
  afterAll(() => server.close());

  it('a booking confirmation and its reminders hold no working manage or join token in the admin API or the table', async () => {
    const tenant = await createTestTenant(server);
    const admin = await tenant.staff('admin');
    await bookOnline(server, tenant, 'maskiert');
    expect(await server.ctx.jobs.runDue()).toBe(1); // the confirmation
    // The reminder (mail and SMS) comes due now.
    await server.ctx.db.query(`UPDATE jobs SET run_at = now() WHERE payload->>'event' = 'reminder'`);
    expect(await server.ctx.jobs.runDue()).toBe(1);

    const [stored] = await server.ctx.db.query<{ id: string }>(
      `SELECT id FROM outbox_messages WHERE tenant_id = $1 AND subject LIKE 'Terminbestätigung%'`,
      [tenant.tenantId],
    );
    expect(stored).toBeDefined();

    // The mail as delivered (the .eml file) carries the working links: they open the appointment.
    const delivered = await deliveredOutboxMail(server, tenant.tenantId, stored!.id);
    const manage = delivered.text.match(/https?:\/\/\S+\/termin#([A-Za-z0-9_-]{43})/)?.[1];
    const join = delivered.text.match(/https?:\/\/\S+\/termin\/beitreten#([A-Za-z0-9_-]{43})/)?.[1];
    expect(manage && join, delivered.text).toBeTruthy();
    const view = await server.app.inject({
      url: '/api/public/appointment',
      headers: { authorization: `Bearer ${manage}` },
    });
    expect(view.statusCode, view.body).toBe(200);

    // What the administrator gets from the API: the links masked to "…" and their last four characters.
    const listed = await server.app.inject({ url: '/api/admin/outbox', headers: { cookie: admin.cookie } });
    expect(listed.statusCode, listed.body).toBe(200);
    const messages = listed.json() as OutboxMessage[];
    expect(messages.map((m) => m.channel).sort()).toEqual(['email', 'email', 'sms']);
    for (const token of [manage!, join!]) expectNoPieceOf(token, listed.body, 'the admin API');
    const confirmation = messages.find((m) => m.id === stored!.id)!;
    expect(confirmation.body).toMatch(new RegExp(`/termin#…${literal(manage!.slice(-4))}(\\s|$)`));
    expect(confirmation.body).toMatch(new RegExp(`/termin/beitreten#…${literal(join!.slice(-4))}(\\s|$)`));
    // The calendar file is still there, its link masked too (unfolded first: RFC 5545 folds inside it).
    expect(confirmation.attachments.map((a) => a.filename)).toEqual(['termin.ics']);
    expect(confirmation.attachments[0]!.content).toContain(`/termin/beitreten#…${join!.slice(-4)}`);

    // What the table holds: every column of every row of the tenant, as text.
    const rows = await server.ctx.db.query<{ row: string }>(
      'SELECT row_to_json(o)::text AS row FROM outbox_messages o WHERE tenant_id = $1',
      [tenant.tenantId],
    );
    expect(rows).toHaveLength(3);
    for (const { row } of rows) {
      for (const token of [manage!, join!]) expectNoPieceOf(token, row, 'the outbox table');
    }

    // A masked link opens nothing.
    const masked = confirmation.body.match(/\/termin#(\S+)/)?.[1];
    const refused = await server.app.inject({
      url: '/api/public/appointment',
      headers: { authorization: `Bearer ${masked}` },
    });
    expect(refused.statusCode).toBeGreaterThanOrEqual(400);
  });

  it('masks fragment and query tokens and random runs, keeps slugs, ids and words, and is idempotent', () => {
    const token = 'Zk3_q9xWm2Vb7Lr1Pn8Tc4Hy6_a2QsE0Ju5Kd9Fg3Ro7';
    const text = [
      `Verwalten: https://termine.example.de/musterstadt/termin#${token}`,
      `Gast: https://termine.example.de/musterstadt/gast#${token.slice(0, 22)}`,
      `Alt: https://termine.example.de/x?token=${token}&lang=de`,
      `Code: ${token}`,
      'Dienstleistung: https://termine.example.de/musterstadt/personalausweis-beantragen-und-abholen',
      'Vorgang 3f2b8c1e-9d4a-4b7e-8c2f-1a2b3c4d5e6f, #Abschnitt-2',
    ].join('\n');
    const masked = maskLinks(text);
    expect(masked).toBe(
      [
        `Verwalten: https://termine.example.de/musterstadt/termin#…${token.slice(-4)}`,
        `Gast: https://termine.example.de/musterstadt/gast#…${token.slice(18, 22)}`,
        `Alt: https://termine.example.de/x?token=…${token.slice(-4)}&lang=de`,
        `Code: …${token.slice(-4)}`,
        'Dienstleistung: https://termine.example.de/musterstadt/personalausweis-beantragen-und-abholen',
        'Vorgang 3f2b8c1e-9d4a-4b7e-8c2f-1a2b3c4d5e6f, #Abschnitt-2',
      ].join('\n'),
    );
    expect(maskLinks(masked)).toBe(masked);
  });
});

const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
