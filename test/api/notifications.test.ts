import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import cookie from '@fastify/cookie';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/server/db/client';
import { registerProblemHandlers } from '../../src/server/http/problem';
import { appointmentIcs, icsAttachment } from '../../src/server/modules/notifications/ics';
import { createMailer, type MailMessage } from '../../src/server/modules/notifications/mailer';
import { listOutbox, type OutboxMessage } from '../../src/server/modules/notifications/outbox';
import { outboxRoutes } from '../../src/server/modules/notifications/outbox-routes';
import { DeliveryError } from '../../src/server/modules/notifications/settings';
import { createSmsTransport } from '../../src/server/modules/notifications/sms';
import { confirmationMail } from '../../src/server/modules/notifications/templates';
import { describeEachDb } from '../support/each-db';
import { parseIcs, readMail, smtpListener } from '../support/mail';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';

// ---------------------------------------------------------------------------------------------------------
// A confirmation as the booking will send it.

const JOIN = 'https://amtsraum.example/j/Zk3_q9xWm2Vb7Lr1Pn8Tc4';
const MANAGE = 'https://amtsraum.example/m/Hy6_a2QsE0Ju5Kd9Fg3Ro7';

function confirmation(start: Date, to = 'erika.mustermann@example.org'): MailMessage {
  const mail = confirmationMail({
    authorityName: 'Stadt Musterstadt',
    timeZone: 'Europe/Berlin',
    serviceName: 'Personalausweis beantragen',
    start,
    durationMinutes: 30,
    citizenName: 'Erika Mustermann',
    documents: ['Alter Ausweis', 'Biometrisches Passfoto'],
    manageUrl: MANAGE,
    channel: 'video',
    joinUrl: JOIN,
  });
  const ics = appointmentIcs({
    uid: `appointment-${start.getTime()}@amtsraum.example`,
    start,
    end: new Date(start.getTime() + 30 * 60_000),
    timeZone: 'Europe/Berlin',
    summary: 'Personalausweis beantragen – Stadt Musterstadt',
    description: 'Videotermin. Bitte halten Sie bereit: Alter Ausweis, Biometrisches Passfoto.',
    url: JOIN,
    organizerName: 'Stadt Musterstadt',
    organizerEmail: 'no-reply@amtsraum.example',
    attendee: { name: 'Erika Mustermann', email: to },
  });
  return { to, ...mail, attachments: [icsAttachment(ics)] };
}

function expectConfirmation(raw: string, start: Date) {
  const mail = readMail(raw);
  expect(mail.subject).toBe('Terminbestätigung: Personalausweis beantragen am 26.10.2026, 09:00 Uhr');
  expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
  for (const part of [mail.text, mail.html]) {
    expect(part).toContain(JOIN);
    expect(part).toContain(MANAGE);
    expect(part).toContain('09:00 Uhr (MEZ)');
  }
  expect(mail.html).toContain(`href="${JOIN}"`);
  expect(mail.calendar?.headers.get('content-type')).toMatch(/text\/calendar.*method=REQUEST/i);
  expect(mail.calendar?.headers.get('content-disposition')).toMatch(/attachment.*termin\.ics/);
  const { calendar, vevent } = parseIcs(mail.ics);
  expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
  expect(vevent.getFirstProperty('dtstart')?.getParameter('tzid')).toBe('Europe/Berlin');
  const dtstart = vevent.getFirstPropertyValue('dtstart') as ICAL.Time;
  expect(dtstart.zone?.tzid).toBe('Europe/Berlin');
  expect(dtstart.toJSDate().toISOString()).toBe(start.toISOString());
  expect(vevent.getFirstPropertyValue('url')).toBe(JOIN);
  expect(String(vevent.getFirstPropertyValue('description'))).toContain(JOIN);
  return mail;
}

// Monday after the change to winter time on Sunday 25 October 2026: 09:00 in Berlin is 08:00 UTC.
const AFTER_DST = new Date('2026-10-26T08:00:00Z');

/** The SMTP path must never touch the database. */
const noDb = new Proxy({} as Db, {
  get: () => {
    throw new Error('the SMTP mailer used the database');
  },
});

describe('mail through SMTP', () => {
  const smtp = smtpListener();
  const received = smtp.received;
  let smtpUrl = '';
  beforeAll(async () => {
    smtpUrl = await smtp.start();
  });
  afterAll(() => smtp.stop());

  it('delivers the confirmation: subject, links, and an .ics that parses to the right instant', async () => {
    const mailer = createMailer(
      { smtpUrl, mailFrom: 'Stadt Musterstadt <termine@amtsraum.example>', dataDir: '/nonexistent' },
      noDb,
    );
    await mailer.send('00000000-0000-4000-8000-000000000001', confirmation(AFTER_DST));
    expect(received).toHaveLength(1);
    expect(received[0]!.from).toBe('termine@amtsraum.example');
    expect(received[0]!.to).toEqual(['erika.mustermann@example.org']);
    const mail = expectConfirmation(received[0]!.raw, AFTER_DST);
    expect(mail.headers.get('from')).toBe('Stadt Musterstadt <termine@amtsraum.example>');
  });

  it('writes the summer-time appointment before the change with its own offset', async () => {
    const summer = new Date('2026-10-23T07:00:00Z');
    await createMailer({ smtpUrl, mailFrom: 'no-reply@amtsraum.example', dataDir: '/x' }, noDb).send(
      't',
      confirmation(summer),
    );
    const mail = readMail(received.at(-1)!.raw);
    expect(mail.text).toContain('09:00 Uhr (MESZ)');
    const dtstart = parseIcs(mail.ics).vevent.getFirstPropertyValue('dtstart') as ICAL.Time;
    expect(dtstart.toString()).toBe('2026-10-23T09:00:00');
    expect(dtstart.toJSDate().toISOString()).toBe('2026-10-23T07:00:00.000Z');
  });

  it('throws a DeliveryError that names the reply code but not the address', async () => {
    const mailer = createMailer({ smtpUrl, mailFrom: 'no-reply@amtsraum.example', dataDir: '/x' }, noDb);
    const error = await mailer.send('t', confirmation(AFTER_DST, 'max@refused.example')).catch((e) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.message).toMatch(/SMTP delivery failed.*550/);
    expect(error.message).not.toContain('refused.example');
    expect(error.permanent).toBe(true);
  });

  it('throws a retryable DeliveryError when no server answers', async () => {
    const mailer = createMailer(
      { smtpUrl: 'smtp://127.0.0.1:1', mailFrom: 'no-reply@amtsraum.example', dataDir: '/x' },
      noDb,
    );
    const error = await mailer.send('t', confirmation(AFTER_DST)).catch((e) => e);
    expect(error).toBeInstanceOf(DeliveryError);
    expect(error.permanent).toBe(false);
  });
});

describeEachDb('notification outbox (no SMTP, no SMS gateway)', (kind) => {
  let server: TestServer;
  let dataDir: string;
  let admin: FastifyInstance;
  beforeAll(async () => {
    server = await startTestServer(kind);
    dataDir = await mkdtemp(join(tmpdir(), 'amtsraum-outbox-'));
    // The route is not registered in app.ts yet: a minimal app with the same pieces as app.ts.
    admin = Fastify();
    admin.setValidatorCompiler(validatorCompiler);
    admin.setSerializerCompiler(serializerCompiler);
    admin.decorateRequest('staff', null);
    registerProblemHandlers(admin);
    await admin.register(cookie);
    await admin.register(async (scope) => scope.register(outboxRoutes, server.ctx), { prefix: '/api/admin' });
    await admin.ready();
  });
  afterAll(async () => {
    await admin?.close();
    await server?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it("stores mail and SMS in the tenant's outbox and as files; only that tenant's admins can read it", async () => {
    const a = await createTestTenant(server, 'Stadt A');
    const b = await createTestTenant(server, 'Stadt B');
    const config = { mailFrom: 'Amtsraum <no-reply@localhost>', dataDir };
    await createMailer(config, server.ctx.db).send(a.tenantId, confirmation(AFTER_DST));
    await createSmsTransport(config, server.ctx.db).send(
      a.tenantId,
      '0171 1234567',
      'Erinnerung: morgen 09:00',
    );

    // The database rows, scoped to the tenant.
    const rows = await listOutbox(server.ctx.db, a.tenantId);
    expect(rows.map((r) => r.channel)).toEqual(['sms', 'email']);
    const [sms, email] = rows as [OutboxMessage, OutboxMessage];
    expect(sms).toMatchObject({ recipient: '+491711234567', subject: '', body: 'Erinnerung: morgen 09:00' });
    expect(email.recipient).toBe('erika.mustermann@example.org');
    expect(email.subject).toBe('Terminbestätigung: Personalausweis beantragen am 26.10.2026, 09:00 Uhr');
    expect(email.body).toContain(JOIN);
    expect(email.attachments).toHaveLength(1);
    expect(email.attachments[0]!.filename).toBe('termin.ics');
    expect(await listOutbox(server.ctx.db, b.tenantId)).toEqual([]);

    // The files: a real RFC 822 message (same checks as the one received over SMTP) and the SMS text.
    const dir = join(dataDir, 'outbox', a.tenantId);
    const files = (await readdir(dir)).sort();
    expect(files).toHaveLength(2);
    const eml = files.find((f) => f.endsWith(`-email-${email.id}.eml`));
    const txt = files.find((f) => f.endsWith(`-sms-${sms.id}.txt`));
    expect(eml && txt).toBeTruthy();
    const raw = await readFile(join(dir, eml!), 'utf8');
    expect(raw).toMatch(/^From: Amtsraum <no-reply@localhost>\r\n/m);
    expect(raw).toMatch(/^To: erika\.mustermann@example\.org\r\n/m);
    expect(raw).toMatch(/^Message-ID: </m);
    expectConfirmation(raw, AFTER_DST);
    expect(await readFile(join(dir, txt!), 'utf8')).toContain('Erinnerung: morgen 09:00');
    if (process.platform !== 'win32') expect((await stat(join(dir, eml!))).mode & 0o077).toBe(0);

    // The admin route: A's admin sees both, B's admin none of them, an agent is refused.
    const get = (cookieHeader?: string) =>
      admin.inject({ url: '/api/admin/outbox', headers: cookieHeader ? { cookie: cookieHeader } : {} });
    const asA = await get((await a.staff('admin')).cookie);
    expect(asA.statusCode, asA.body).toBe(200);
    expect(asA.json().map((m: OutboxMessage) => m.id)).toEqual([sms.id, email.id]);
    expect(asA.json()[1]).toMatchObject({ channel: 'email', recipient: 'erika.mustermann@example.org' });
    expect(Date.parse(asA.json()[1].createdAt)).not.toBeNaN();
    const asB = await get((await b.staff('admin')).cookie);
    expect(asB.statusCode).toBe(200);
    expect(asB.json()).toEqual([]);
    const asAgent = await get((await a.staff('agent')).cookie);
    expect(asAgent.statusCode).toBe(403);
    expect(asAgent.headers['content-type']).toMatch(/application\/problem\+json/);
    const asLead = await get((await a.staff('lead')).cookie);
    expect(asLead.statusCode).toBe(403);
    expect((await get()).statusCode).toBe(401);
  });

  it('lists at most 100, newest first, and drops the outbox with its tenant', async () => {
    const t = await createTestTenant(server, 'Stadt C');
    await server.ctx.db.query(
      `INSERT INTO outbox_messages (tenant_id, channel, recipient, subject, body, created_at)
       SELECT $1, 'sms', '+491711234567', '', 'n' || i, now() - i * interval '1 minute'
         FROM generate_series(1, 105) AS i`,
      [t.tenantId],
    );
    const list = await listOutbox(server.ctx.db, t.tenantId);
    expect(list).toHaveLength(100);
    expect(list[0]!.body).toBe('n1');
    expect(list[99]!.body).toBe('n100');
    await server.ctx.db.query('DELETE FROM tenants WHERE id = $1', [t.tenantId]);
    const left = await server.ctx.db.query('SELECT 1 FROM outbox_messages WHERE tenant_id = $1', [
      t.tenantId,
    ]);
    expect(left).toEqual([]);
  });

  it('keeps neither row nor file when the file cannot be written', async () => {
    const t = await createTestTenant(server, 'Stadt D');
    const blocked = join(dataDir, 'blocked');
    // A file where the outbox folder should be: mkdir fails, the insert is rolled back.
    await import('node:fs/promises').then((fs) => fs.writeFile(blocked, ''));
    const mailer = createMailer({ mailFrom: 'no-reply@localhost', dataDir: blocked }, server.ctx.db);
    await expect(mailer.send(t.tenantId, confirmation(AFTER_DST))).rejects.toThrow();
    expect(await listOutbox(server.ctx.db, t.tenantId)).toEqual([]);
  });
});
