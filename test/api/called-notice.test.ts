import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CALLED_NOTICE_JOB } from '../../src/server/modules/visits/called-notice';
import { describeEachDb } from '../support/each-db';
import { connectSocket } from '../support/realtime';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { BOOKED_START, bookOnline } from './booking-fixtures';
import { deliveredOutboxMailTo } from './outbox-fixtures';
import { enter } from './visits-fixtures';

const POLL = { timeout: 5000, interval: 20 };
const START = Temporal.Instant.from(BOOKED_START);

/** "Sie wurden aufgerufen" by mail or SMS: on a recall, and on a call no page of the citizen's would show. */
describeEachDb('called notices', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { listen: true });
  });
  afterAll(() => server.close());

  const at = (minutes: number) => {
    server.ctx.clock = () => START.add({ minutes });
  };
  const staff = (cookie: string, path: string) =>
    server.app.inject({ method: 'POST', url: `/api/staff${path}`, headers: { cookie } });
  const ok = async (response: Promise<{ statusCode: number; body: string; json(): unknown }>) => {
    const done = await response;
    expect(done.statusCode, done.body).toBe(200);
    return done.json() as { visitId: string; consultationId: string };
  };
  const joinWith = (link: string) =>
    server.app.inject({
      method: 'POST',
      url: '/api/public/appointment/join',
      headers: { authorization: `Bearer ${link.split('#')[1]}` },
    });
  /** A tab of the citizen, counted as connected by the database (what the call checks). */
  const tab = async (visitToken: string, visitId: string) => {
    const socket = await connectSocket(server.baseUrl);
    socket.send({ type: 'hello', as: 'citizen', visitToken });
    await socket.next('visit.state');
    await expect
      .poll(
        async () =>
          (await server.ctx.db.query('SELECT 1 FROM citizen_sockets WHERE visit_id = $1', [visitId])).length,
        POLL,
      )
      .toBe(1);
    return socket;
  };
  /** The tenant's outbox rows besides the booking's confirmation, after the due jobs ran. */
  const notices = async (tenantId: string) => {
    await server.ctx.jobs.runDue();
    return server.ctx.db.query<{ channel: string; subject: string; body: string }>(
      `SELECT channel, subject, body FROM outbox_messages
        WHERE tenant_id = $1 AND subject NOT LIKE 'Terminbestätigung%'
          AND subject NOT LIKE 'Appointment confirmed%' ORDER BY created_at, id`,
      [tenantId],
    );
  };
  const noticeJobs = async (consultationId: string) =>
    (
      await server.ctx.db.query(`SELECT 1 FROM jobs WHERE kind = $1 AND payload->>'consultationId' = $2`, [
        CALLED_NOTICE_JOB,
        consultationId,
      ])
    ).length;

  it('mails a recalled citizen once per recall, with a link that brings the visit back, also after the slot', async () => {
    server.ctx.config.queue.recalls = 3;
    server.ctx.config.queue.recallPauseMinutes = 5;
    const tenant = await createTestTenant(server);
    const { office, agent, booked } = await bookOnline(server, tenant, 'aufruf', {
      email: 'erika@example.org',
    });
    at(0);
    const joined = await joinWith(booked.joinUrl!);
    expect(joined.statusCode, joined.body).toBe(200);
    const visitId = (
      await server.ctx.db.query<{ id: string }>('SELECT visit_id AS id FROM appointments WHERE id = $1', [
        booked.appointmentId,
      ])
    )[0]!.id;
    const page = await tab(joined.json().visitToken, visitId);

    // The first call reaches a connected page: the waiting room says it, no message goes out.
    const first = await ok(staff(agent.cookie, `/offices/${office.id}/call-next`));
    expect(first.visitId).toBe(visitId);
    expect(await noticeJobs(first.consultationId)).toBe(0);
    expect(await notices(tenant.tenantId)).toEqual([]);
    await ok(staff(agent.cookie, `/consultations/${first.consultationId}/not-appeared`));

    // The recall after the pause: one mail, though her page is still connected (it did not answer).
    at(5);
    const recall = await ok(staff(agent.cookie, `/offices/${office.id}/call-next`));
    expect(recall.visitId).toBe(visitId);
    const sent = await notices(tenant.tenantId);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ channel: 'email', subject: 'Sie wurden aufgerufen: Büro aufruf' });
    expect(await notices(tenant.tenantId)).toHaveLength(1);
    const mail = await deliveredOutboxMailTo(server, tenant.tenantId, 'erika@example.org');
    expect(mail.text).toContain('Sie wurden noch einmal aufgerufen. Büro: Büro aufruf (Teststadt).');
    const link = mail.text.match(/https?:\/\/\S+\/termin\/beitreten#[A-Za-z0-9_-]{43}/)?.[0];
    expect(link).toBeTruthy();

    // Opened on her phone: the same visit, in the call, taken over from the old page.
    const phone = await joinWith(link!);
    expect(phone.statusCode, phone.body).toBe(200);
    await page.next('visit.taken-over');
    const view = await server.app.inject({
      url: '/api/public/visit',
      headers: { authorization: `Bearer ${phone.json().visitToken}` },
    });
    expect(view.json()).toMatchObject({ visitId, status: 'in_consultation' });

    // Missed again; recalled after her slot ended (09:30): one more mail, and its link still works.
    await ok(staff(agent.cookie, `/consultations/${recall.consultationId}/not-appeared`));
    at(40);
    const again = await ok(staff(agent.cookie, `/visits/${visitId}/call`));
    expect(await noticeJobs(again.consultationId)).toBe(1);
    expect(await notices(tenant.tenantId)).toHaveLength(2);
    const second = await deliveredOutboxMailTo(server, tenant.tenantId, 'erika@example.org');
    const late = second.text.match(/https?:\/\/\S+\/termin\/beitreten#[A-Za-z0-9_-]{43}/)![0];
    expect((await joinWith(late)).statusCode).toBe(200);
    page.close();
  });

  it('texts a citizen whose page is closed when called, in their language; one message per call', async () => {
    const tenant = await createTestTenant(server);
    const { office, agent, booked } = await bookOnline(server, tenant, 'geschlossen', {
      email: 'erika@example.org',
      phone: '0171 1234567',
      language: 'en',
    });
    at(0);
    expect((await joinWith(booked.joinUrl!)).statusCode).toBe(200);
    // Checked in, but no page of hers is connected.
    const call = await ok(staff(agent.cookie, `/offices/${office.id}/call-next`));
    expect(await noticeJobs(call.consultationId)).toBe(1);
    const sent = await notices(tenant.tenantId);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.channel).toBe('sms');
    expect(sent[0]!.body).toMatch(
      /^You have been called: Büro geschlossen \(Teststadt\)\. .*\/termin\/beitreten#…/,
    );
  });

  it('sends nothing for a walk-in, who gave no address, however often called', async () => {
    server.ctx.config.queue.recalls = 3;
    const tenant = await createTestTenant(server);
    const { agent } = await bookOnline(server, tenant, 'spontan', { email: 'erika@example.org' });
    at(0);
    // Never connected: the page would not show the call either.
    const walkIn = await enter(server, tenant.slug, 'spontan', 'Otto');
    const call = await ok(staff(agent.cookie, `/visits/${walkIn.visitId}/call`));
    await ok(staff(agent.cookie, `/consultations/${call.consultationId}/not-appeared`));
    at(6);
    const recall = await ok(staff(agent.cookie, `/visits/${walkIn.visitId}/call`));
    expect(await noticeJobs(call.consultationId)).toBe(0);
    expect(await noticeJobs(recall.consultationId)).toBe(0);
    expect(await notices(tenant.tenantId)).toEqual([]);
  });
});
