import { randomUUID } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createMailer } from '../../src/server/modules/notifications/mailer';
import {
  createRetentionJob,
  RETENTION_JOB,
  scheduleRetention,
} from '../../src/server/modules/retention/retention-job';
import { describeEachDb } from '../support/each-db';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { agentFor, enter, openOffice } from './visits-fixtures';

describeEachDb('retention', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.close());

  it('removes personal data after the retention days, keeps the rest, and writes the deletion to the audit trail', async () => {
    const tenant = await createTestTenant(server);
    const office = await openOffice(server, tenant, 'vergessen');
    const agent = await agentFor(server, tenant, [office.id]);
    const old = await enter(server, tenant.slug, 'vergessen', 'Alte Besucherin');
    const recent = await enter(server, tenant.slug, 'vergessen', 'Neuer Besucher');
    for (const visit of [old, recent]) {
      const called = await server.app.inject({
        method: 'POST',
        url: `/api/staff/visits/${visit.visitId}/call`,
        headers: { cookie: agent.cookie },
      });
      await server.app.inject({
        method: 'POST',
        url: `/api/staff/consultations/${called.json().consultationId}/end`,
        headers: { cookie: agent.cookie },
      });
    }
    const mailer = createMailer(
      { mailFrom: 'a@b.example', dataDir: server.ctx.config.dataDir },
      server.ctx.db,
    );
    await mailer.send(tenant.tenantId, { to: 'alte@example.org', subject: 'Ihr Termin', text: 'Hallo' });
    await server.ctx.db.query(
      `UPDATE outbox_messages SET created_at = now() - interval '100 days' WHERE tenant_id = $1`,
      [tenant.tenantId],
    );
    await server.ctx.db.query(`UPDATE visits SET ended_at = now() - interval '91 days' WHERE id = $1`, [
      old.visitId,
    ]);

    // Protocols follow their own, longer period: one issued 91 days ago stays, one of 11 years goes.
    const protocols: string[] = [];
    for (const [visit, age] of [
      [old, '91 days'],
      [recent, '11 years'],
    ] as const) {
      const [consultation] = await server.ctx.db.query<{ id: string }>(
        'SELECT id FROM consultations WHERE visit_id = $1',
        [visit.visitId],
      );
      const issued = await server.app.inject({
        method: 'POST',
        url: `/api/consultations/${consultation!.id}/protocol`,
        headers: { cookie: agent.cookie },
      });
      expect(issued.statusCode, issued.body).toBe(201);
      await server.ctx.db.query(
        `UPDATE consultation_protocols SET issued_at = now() - $2::interval WHERE consultation_id = $1`,
        [consultation!.id, age],
      );
      protocols.push(consultation!.id);
    }

    await server.ctx.db.query(
      `INSERT INTO proof_of_work_spent (signature, scope, spent_at)
       VALUES ('old-proof', 'office:x', now() - interval '2 days'), ('new-proof', 'office:x', now())`,
    );

    await scheduleRetention(server.ctx.db);
    await scheduleRetention(server.ctx.db); // a second process asking changes nothing
    const [pending] = await server.ctx.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM jobs WHERE kind = $1 AND done_at IS NULL`,
      [RETENTION_JOB],
    );
    expect(pending!.n).toBe(1);
    expect(await server.ctx.jobs.runDue()).toBe(1);

    const visits = await server.ctx.db.query<{
      id: string;
      display_name: string;
      concern: string;
      status: string;
    }>('SELECT id, display_name, concern, status FROM visits WHERE tenant_id = $1', [tenant.tenantId]);
    expect(visits.find((v) => v.id === old.visitId)).toMatchObject({
      display_name: '–',
      concern: '',
      status: 'done',
    });
    expect(visits.find((v) => v.id === recent.visitId)).toMatchObject({ display_name: 'Neuer Besucher' });
    expect(
      await server.ctx.db.query('SELECT 1 FROM outbox_messages WHERE tenant_id = $1', [tenant.tenantId]),
    ).toEqual([]);
    expect(await readdir(join(server.ctx.config.dataDir, 'outbox', tenant.tenantId))).toEqual([]);
    const [event] = await server.ctx.db.query<{ actor: string; details: Record<string, number> }>(
      `SELECT actor, details FROM audit_events WHERE tenant_id = $1 AND action = 'retention.deleted'`,
      [tenant.tenantId],
    );
    expect(event).toMatchObject({
      actor: 'system',
      details: {
        visits: 1,
        appointments: 0,
        chatMessages: 0,
        outboxMessages: 1,
        protocols: 1,
        retentionDays: 90,
        protocolRetentionDays: 3650,
      },
    });
    const kept = await server.ctx.db.query<{ id: string }>(
      'SELECT consultation_id AS id FROM consultation_protocols WHERE tenant_id = $1',
      [tenant.tenantId],
    );
    expect(kept.map((p) => p.id)).toEqual([protocols[0]]);
    const proofs = await server.ctx.db.query<{ signature: string }>(
      `SELECT signature FROM proof_of_work_spent WHERE scope = 'office:x'`,
    );
    expect(proofs.map((p) => p.signature)).toEqual(['new-proof']);
    // The sweep planned its successor for tomorrow.
    const [next] = await server.ctx.db.query<{ hours: number }>(
      `SELECT extract(epoch FROM run_at - now()) / 3600 AS hours FROM jobs WHERE kind = $1 AND done_at IS NULL`,
      [RETENTION_JOB],
    );
    expect(Number(next!.hours)).toBeGreaterThan(23);
  });

  it('removes the questions and seats of events over for the retention days; the events stay', async () => {
    const tenant = await createTestTenant(server);
    const events: Record<'old' | 'recent', string> = { old: randomUUID(), recent: randomUUID() };
    for (const [which, endedAgo] of [
      ['old', '91 days'],
      ['recent', '1 day'],
    ] as const) {
      const id = events[which];
      await server.ctx.db.query(
        `INSERT INTO events (id, tenant_id, title, starts_at, ends_at, max_audience, public)
         VALUES ($1, $2, 'Infoabend', now() - $3::interval - interval '1 hour', now() - $3::interval, 50, true)`,
        [id, tenant.tenantId, endedAgo],
      );
      const seat = randomUUID();
      await server.ctx.db.query(
        `INSERT INTO event_audience (id, event_id, token_hash, admitted_at, hand_name)
         VALUES ($1, $2, $3, now() - $4::interval, 'Anna')`,
        [seat, id, `hash-${seat}`, endedAgo],
      );
      await server.ctx.db.query(
        `INSERT INTO event_questions (id, tenant_id, event_id, seat_id, text, asked_at)
         VALUES ($1, $2, $3, $4, 'Wann beginnt der Bau?', now() - $5::interval)`,
        [randomUUID(), tenant.tenantId, id, seat, endedAgo],
      );
    }
    await createRetentionJob({ db: server.ctx.db, dataDir: server.ctx.config.dataDir })(
      {},
      { signal: new AbortController().signal },
    );
    const left = async (table: 'event_questions' | 'event_audience') =>
      (
        await server.ctx.db.query<{ eventId: string }>(
          `SELECT event_id AS "eventId" FROM ${table} WHERE event_id = ANY ($1::uuid[])`,
          [Object.values(events)],
        )
      ).map((row) => row.eventId);
    expect(await left('event_questions')).toEqual([events.recent]);
    expect(await left('event_audience')).toEqual([events.recent]);
    const kept = await server.ctx.db.query('SELECT 1 FROM events WHERE tenant_id = $1', [tenant.tenantId]);
    expect(kept).toHaveLength(2);
    const [audit] = await server.ctx.db.query<{ details: Record<string, number> }>(
      `SELECT details FROM audit_events WHERE tenant_id = $1 AND action = 'retention.deleted'`,
      [tenant.tenantId],
    );
    expect(audit?.details).toMatchObject({ eventQuestions: 1, eventSeats: 1 });
  });
});
