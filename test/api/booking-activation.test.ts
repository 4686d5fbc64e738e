import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { serviceRepository } from '../../src/server/modules/admin/services';
import { HOLD_EXPIRY_JOB, SLOT_RELEASE_JOB } from '../../src/server/modules/booking/slot-jobs';
import { linksIn } from '../support/booking';
import { describeEachDb } from '../support/each-db';
import { readMail, smtpListener } from '../support/mail';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import {
  activationScene,
  activationToken,
  auditOf,
  bookOnline,
  freeStarts,
  jobDelaySeconds,
  runJobNow,
  SLOT,
  statusOf,
  withLink,
} from './activation-fixtures';
import { serviceBody } from './fixtures';
import { WEDNESDAY_MORNING } from './visits-fixtures';

const ACTIVATION_LINK = /https?:\/\/\S+\/termin\/aktivieren#([A-Za-z0-9_-]{43})/;

/** What a phisher would type into the booking form. */
const PHISHING = {
  name: 'Guten Tag Ihr Konto wird gesperrt - bestaetigen Sie unter https://evil.example/login',
  phone: '0171 6660666',
  intake: { anliegen: 'Dringend: Zahlung unter https://evil.example/pay sofort nachholen!' },
};
const PHISHING_MARKERS = [
  'evil.example',
  '6660666',
  'Konto wird gesperrt',
  'bestaetigen Sie unter',
  'Zahlung',
  'sofort',
];

describeEachDb('booking activation by e-mail', (kind) => {
  const smtp = smtpListener();
  let server: TestServer;
  beforeAll(async () => {
    const smtpUrl = await smtp.start();
    server = await startTestServer(kind, {
      env: { SMTP_URL: smtpUrl, MAIL_FROM: 'Teststadt <termine@teststadt.example>' },
    });
  });
  afterAll(async () => {
    await server.close();
    await smtp.stop();
  });

  const mailsTo = (address: string) =>
    smtp.received.filter((m) => m.to.includes(address)).map((m) => ({ raw: m.raw, ...readMail(m.raw) }));
  const activate = (token: string) => withLink(server, 'POST', '/api/public/appointment/activate', token);

  it('holds an internet booking until the mailed link activates it; then the confirmation follows', async () => {
    const tenant = await createTestTenant(server);
    const { service } = await activationScene(server, tenant, 'halten');
    await server.ctx.db.query(
      `INSERT INTO webhook_endpoints (tenant_id, url, events, secret)
       VALUES ($1, 'https://fachverfahren.example/hook', ARRAY['appointment.booked'], 'whsec_dGVzdA==')`,
      [tenant.tenantId],
    );
    const booked = await bookOnline(server, tenant, service.id, { email: 'halten@example.org' });
    expect(booked.statusCode, booked.body).toBe(201);
    const held = booked.json();
    // Held for 30 minutes by the app's clock; the links reach only the mailbox.
    expect(held).toMatchObject({
      status: 'pending_activation',
      start: SLOT,
      activation: { activateBy: '2026-11-25T09:30:00Z', secondsLeft: 1800 },
    });
    expect(held).not.toHaveProperty('manageUrl');
    expect(held).not.toHaveProperty('joinUrl');
    expect(await freeStarts(server, tenant, service.id)).not.toContain(SLOT);
    expect(await jobDelaySeconds(server, HOLD_EXPIRY_JOB, held.appointmentId)).toBe(1800);

    await server.ctx.jobs.runDue();
    const [activationMail, ...others] = mailsTo('halten@example.org');
    expect(others).toHaveLength(0);
    expect(activationMail!.subject).toMatch(
      /^Bitte bestätigen Sie Ihre Terminanfrage: Wohnsitz anmelden am /,
    );
    expect(activationMail!.text).toMatch(/^Guten Tag,\r?\n/);
    expect(activationMail!.text).toContain(
      'Bitte bestätigen Sie bis 10:30 Uhr (MEZ), Mittwoch, 25. November 2026.',
    );
    expect(linksIn(activationMail!.text)).toEqual({ manage: undefined, join: undefined });
    const token = activationMail!.text.match(ACTIVATION_LINK)?.[1];
    expect(token).toBe(activationToken(server, held.appointmentId));
    // Nothing announced to the case system while the booking is only held.
    const deliveries = () =>
      server.ctx.db.query('SELECT event_type FROM webhook_deliveries WHERE tenant_id = $1', [
        tenant.tenantId,
      ]);
    expect(await deliveries()).toHaveLength(0);

    const activated = await activate(token!);
    expect(activated.statusCode, activated.body).toBe(200);
    expect(activated.json()).toMatchObject({ status: 'booked', start: '2026-12-02T09:00:00.000Z' });
    expect(activated.json().manageUrl).toMatch(new RegExp(`/${tenant.slug}/termin#[A-Za-z0-9_-]{43}$`));
    expect(await deliveries()).toEqual([{ event_type: 'appointment.booked' }]);
    await server.ctx.db.query(`DELETE FROM jobs WHERE kind = 'webhook.deliver'`);

    await server.ctx.jobs.runDue();
    const confirmation = mailsTo('halten@example.org')[1]!;
    expect(confirmation.subject).toMatch(/^Terminbestätigung: /);
    expect(confirmation.text).toContain('Guten Tag Erika Mustermann,');
    expect(confirmation.ics).toContain('BEGIN:VEVENT');
    const links = linksIn(confirmation.text);
    expect(links.manage).toBe(activated.json().manageUrl);
    expect((await withLink(server, 'GET', '/api/public/appointment', links.manage!)).json().status).toBe(
      'booked',
    );
    // The reminder waits for its time, counted from the app's clock.
    const [reminder] = await server.ctx.db.query<{ hours: number }>(
      `SELECT extract(epoch FROM run_at - created_at)::float8 / 3600 AS hours FROM jobs
        WHERE payload->>'appointmentId' = $1 AND payload->>'event' = 'reminder'`,
      [held.appointmentId],
    );
    expect(reminder!.hours).toBe(6 * 24);

    // A second click confirms again without handing out links; the deadline job finds nothing to do.
    const again = await activate(token!);
    expect(again.json()).toMatchObject({ status: 'booked', manageUrl: null });
    await runJobNow(server, HOLD_EXPIRY_JOB, held.appointmentId);
    expect(await statusOf(server, held.appointmentId)).toEqual({ status: 'booked', pending: false });
    expect(await auditOf(server, held.appointmentId)).toEqual([
      'appointment.held by citizen',
      'appointment.booked by citizen',
    ]);
  });

  it('expires an unconfirmed hold: 410 for the link, data erased, the slot free again after the delay', async () => {
    const tenant = await createTestTenant(server);
    const { service } = await activationScene(server, tenant, 'verfall');
    const held = (await bookOnline(server, tenant, service.id, { email: 'verfall@example.org' })).json();
    await server.ctx.jobs.runDue();
    const token = mailsTo('verfall@example.org')[0]!.text.match(ACTIVATION_LINK)![1]!;

    // Past the deadline by the app's clock, before the job ran: refused already.
    server.ctx.clock = () => Temporal.Instant.from('2026-11-25T09:30:01Z');
    const late = await activate(token);
    expect(late.statusCode).toBe(410);
    expect(late.headers['content-type']).toMatch(/problem\+json/);
    expect(late.json()).toMatchObject({ reason: 'expired' });
    server.ctx.clock = () => WEDNESDAY_MORNING;

    await runJobNow(server, HOLD_EXPIRY_JOB, held.appointmentId);
    expect(await statusOf(server, held.appointmentId)).toEqual({ status: 'expired', pending: true });
    const [erased] = await server.ctx.db.query<Record<string, unknown>>(
      'SELECT citizen_name, citizen_email, citizen_phone, intake FROM appointments WHERE id = $1',
      [held.appointmentId],
    );
    expect(erased).toEqual({ citizen_name: '–', citizen_email: '', citizen_phone: null, intake: {} });
    expect((await activate(token)).json()).toMatchObject({ status: 410, reason: 'expired' });
    // Still blocked: a hold let lapse on cue must not hand the slot to an accomplice.
    expect(await freeStarts(server, tenant, service.id)).not.toContain(SLOT);
    const delay = await jobDelaySeconds(server, SLOT_RELEASE_JOB, held.appointmentId);
    expect(delay).toBeGreaterThanOrEqual(15 * 60);
    expect(delay).toBeLessThanOrEqual(30 * 60);

    await runJobNow(server, SLOT_RELEASE_JOB, held.appointmentId);
    expect(await freeStarts(server, tenant, service.id)).toContain(SLOT);
    const other = await bookOnline(server, tenant, service.id, { email: 'andere@example.org' });
    expect(other.statusCode, other.body).toBe(201);
    expect(await auditOf(server, held.appointmentId)).toEqual([
      'appointment.held by citizen',
      'appointment.expired by system',
      'appointment.slot_released by system',
    ]);
    // The activation mail is the only mail the unconfirmed address ever got.
    await server.ctx.jobs.runDue();
    expect(mailsTo('verfall@example.org')).toHaveLength(1);
    expect((await activate('A'.repeat(43))).statusCode).toBe(404);
  });

  it('mails nothing the requester typed to the unverified address; the name comes only after activation', async () => {
    const tenant = await createTestTenant(server);
    await activationScene(server, tenant, 'phishing');
    const service = await serviceRepository(server.ctx).create(tenant.tenantId, {
      ...serviceBody(tenant.unitId),
      durationMinutes: 30,
      intakeFields: [{ key: 'anliegen', label: 'Ihr Anliegen', type: 'textarea', required: false }],
      requiresActivation: true,
    });
    const booked = await bookOnline(server, tenant, service.id, { email: 'opfer@example.org', ...PHISHING });
    expect(booked.statusCode, booked.body).toBe(201);
    await server.ctx.jobs.runDue();

    const [mail, ...more] = mailsTo('opfer@example.org');
    expect(more).toHaveLength(0);
    expect(mail!.text).toMatch(/^Guten Tag,\r?\n/);
    // Subject, plain text, HTML and any attachment, decoded, and the raw message as sent.
    const everything = [mail!.subject, mail!.raw, ...mail!.parts.map((p) => p.body)];
    for (const marker of PHISHING_MARKERS) {
      for (const part of everything) expect(part).not.toContain(marker);
    }
    expect(mail!.parts.map((p) => p.contentType.split(';')[0])).toEqual(['text/plain', 'text/html']);
    expect(mail!.parts.some((p) => p.disposition.startsWith('attachment'))).toBe(false);

    // After activation the verified address gets the confirmation, greeting with the name as given.
    const token = mail!.text.match(ACTIVATION_LINK)![1]!;
    expect((await activate(token)).statusCode).toBe(200);
    await server.ctx.jobs.runDue();
    expect(mailsTo('opfer@example.org')[1]!.text).toContain('Konto wird gesperrt');
  });

  it('books firm at once for staff, case systems and services without activation', async () => {
    const tenant = await createTestTenant(server);
    const { service, agent } = await activationScene(server, tenant, 'fest');
    const byStaff = await server.app.inject({
      method: 'POST',
      url: '/api/staff/appointments',
      headers: { cookie: agent.cookie },
      payload: { serviceId: service.id, start: SLOT, name: 'Otto Normal', email: 'otto@example.org' },
    });
    expect(byStaff.statusCode, byStaff.body).toBe(201);
    expect(byStaff.json()).toMatchObject({ status: 'booked' });
    expect(byStaff.json().manageUrl).toMatch(/\/termin#/);

    const admin = await tenant.staff('admin');
    const key = await server.app.inject({
      method: 'POST',
      url: '/api/admin/api-keys',
      headers: { cookie: admin.cookie },
      payload: { name: 'Fachverfahren', scopes: ['appointments:write'] },
    });
    const bySystem = await server.app.inject({
      method: 'POST',
      url: '/api/v1/appointments',
      headers: { authorization: `Bearer ${key.json().key}` },
      payload: {
        serviceId: service.id,
        start: '2026-12-02T10:00:00Z',
        citizen: { name: 'Fall Akte', email: 'akte@example.org' },
      },
    });
    expect(bySystem.statusCode, bySystem.body).toBe(201);
    expect(await statusOf(server, bySystem.json().id)).toEqual({ status: 'booked', pending: false });

    const other = await createTestTenant(server);
    const firm = await activationScene(server, other, 'ohne', { requiresActivation: false });
    const online = await bookOnline(server, other, firm.service.id, { email: 'direkt@example.org' });
    expect(online.json()).toMatchObject({ status: 'booked' });
    expect(online.json().manageUrl).toMatch(/\/termin#/);
    await server.ctx.jobs.runDue();
    expect(mailsTo('direkt@example.org').map((m) => m.subject)).toEqual([
      expect.stringMatching(/^Terminbestätigung: /),
    ]);
  });
});
