import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseIcs, readMail, smtpListener } from '../support/mail';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { bookOnline } from './booking-fixtures';

describe('booking mails through a real SMTP server', () => {
  const smtp = smtpListener();
  let server: TestServer;
  beforeAll(async () => {
    const smtpUrl = await smtp.start();
    server = await startTestServer('pglite', {
      env: { SMTP_URL: smtpUrl, MAIL_FROM: 'Teststadt <termine@teststadt.example>' },
    });
  });
  afterAll(async () => {
    await server.close();
    await smtp.stop();
  });

  it('confirms with working links and an .ics at the booked instant; a cancellation retracts it and silences the reminder', async () => {
    const tenant = await createTestTenant(server);
    await bookOnline(server, tenant, 'mailtest');
    expect(await server.ctx.jobs.runDue()).toBe(1); // the confirmation; the reminder waits for its time

    expect(smtp.received).toHaveLength(1);
    const mail = readMail(smtp.received[0]!.raw);
    expect(smtp.received[0]!.to).toEqual(['erika@example.org']);
    expect(mail.text).toContain('Personalausweis');
    const manage = mail.text.match(/https?:\/\/\S+\/termin#([A-Za-z0-9_-]{43})/)?.[1];
    const join = mail.text.match(/https?:\/\/\S+\/termin\/beitreten#([A-Za-z0-9_-]{43})/)?.[1];
    expect(manage && join).toBeTruthy();
    const view = await server.app.inject({
      url: '/api/public/appointment',
      headers: { authorization: `Bearer ${manage}` },
    });
    expect(view.json()).toMatchObject({ status: 'booked', start: '2026-12-02T09:00:00.000Z' });
    const { vevent } = parseIcs(mail.ics);
    expect(vevent.getFirstPropertyValue('dtstart')!.toString()).toMatch(/^2026-12-02T10:00:00/);
    expect(
      (vevent.getFirstPropertyValue('dtstart') as unknown as { toJSDate(): Date }).toJSDate().toISOString(),
    ).toBe('2026-12-02T09:00:00.000Z');
    expect(vevent.getFirstProperty('dtstart')!.getParameter('tzid')).toBe('Europe/Berlin');

    expect(
      (
        await server.app.inject({
          method: 'DELETE',
          url: '/api/public/appointment',
          headers: { authorization: `Bearer ${manage}` },
        })
      ).statusCode,
    ).toBe(204);
    await server.ctx.jobs.runDue();
    expect(smtp.received).toHaveLength(2);
    const cancelled = readMail(smtp.received[1]!.raw);
    expect(parseIcs(cancelled.ics).calendar.getFirstPropertyValue('method')).toBe('CANCEL');
    // The reminder job comes due and finds the appointment cancelled: nothing is sent.
    await server.ctx.db.query(`UPDATE jobs SET run_at = now() WHERE payload->>'event' = 'reminder'`);
    expect(await server.ctx.jobs.runDue()).toBe(1);
    expect(smtp.received).toHaveLength(2);
  });
});
