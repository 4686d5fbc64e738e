import pg from 'pg';
import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app';
import { loadOfficeSnapshot } from '../../src/server/modules/visits/office-snapshot';
import { describeEachDb } from '../support/each-db';
import { citizenPost } from '../support/proof-of-work';
import { connectSocket } from '../support/realtime';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { agentFor, enter, openOffice } from './visits-fixtures';

describeEachDb('walk-in office over the WebSocket', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { listen: true });
  });
  afterAll(() => server.close());
  const staffPost = (cookie: string, url: string, payload?: object) =>
    server.app.inject({
      method: 'POST',
      url: `/api/staff${url}`,
      headers: { cookie },
      ...(payload ? { payload } : {}),
    });

  it('shows positions live, calls the first in line into a call, relays signaling and forwards with a note', async () => {
    const tenant = await createTestTenant(server);
    const main = await openOffice(server, tenant, 'buergeramt');
    const other = await openOffice(server, tenant, 'auslaenderbehoerde');
    const agent = await agentFor(server, tenant, [main.id, other.id]);
    const staffSocket = await connectSocket(server.baseUrl, { cookie: agent.cookie });
    staffSocket.send({ type: 'hello', as: 'staff' });
    await staffSocket.next('ready');

    const citizens = [];
    for (const name of ['Anna', 'Ben', 'Cem']) {
      const visit = await enter(server, tenant.slug, 'buergeramt', name);
      const socket = await connectSocket(server.baseUrl);
      socket.send({ type: 'hello', as: 'citizen', visitToken: visit.visitToken });
      citizens.push({ ...visit, socket });
    }
    const [anna, ben, cem] = citizens as [(typeof citizens)[0], (typeof citizens)[0], (typeof citizens)[0]];
    expect((await cem.socket.next('visit.state')).visit).toMatchObject({
      status: 'waiting',
      position: 3,
      estimatedWaitMinutes: null,
    });
    const queue = await staffSocket.next('queues.state', (m) =>
      m.offices.some((o) => o.officeId === main.id && o.waiting.length === 3),
    );
    expect(queue.offices.find((o) => o.officeId === main.id)?.waiting.map((w) => w.displayName)).toEqual([
      'Anna',
      'Ben',
      'Cem',
    ]);

    // Going available gives the waiting room an estimate.
    expect(
      (
        await server.app.inject({
          method: 'PUT',
          url: '/api/staff/presence',
          headers: { cookie: agent.cookie },
          payload: { officeIds: [main.id] },
        })
      ).statusCode,
    ).toBe(200);
    await cem.socket.next('visit.state', (m) => m.visit.estimatedWaitMinutes !== null);

    const called = await staffPost(agent.cookie, `/offices/${main.id}/call-next`);
    expect(called.statusCode, called.body).toBe(200);
    expect(called.json().visitId).toBe(anna.visitId);
    const citizenStart = await anna.socket.next('call.start');
    const agentStart = await staffSocket.next('call.start');
    expect(citizenStart).toMatchObject({
      polite: true,
      self: `citizen:${anna.visitId}`,
      peer: `agent:${agent.id}`,
    });
    expect(agentStart).toMatchObject({
      polite: false,
      consultationId: citizenStart.consultationId,
      peer: `citizen:${anna.visitId}`,
    });
    expect((await ben.socket.next('visit.state', (m) => m.visit.position === 1)).visit.position).toBe(1);
    await cem.socket.next('visit.state', (m) => m.visit.position === 2);

    // Signaling goes to the other side of the call only.
    const offer = { description: { type: 'offer' as const, sdp: 'v=0 fake' } };
    staffSocket.send({
      type: 'signal',
      consultationId: agentStart.consultationId,
      to: agentStart.peer,
      data: offer,
    });
    const relayed = await anna.socket.next('signal');
    expect(relayed).toMatchObject({ from: `agent:${agent.id}`, data: offer });
    ben.socket.send({
      type: 'signal',
      consultationId: agentStart.consultationId,
      to: `agent:${agent.id}`,
      data: offer,
    });
    expect((await ben.socket.next('error')).code).toBe('not-in-call');

    // Forward Ben to the other office: the note travels, the citizen is told where to.
    const moved = await staffPost(agent.cookie, `/visits/${ben.visitId}/transfer`, {
      officeId: other.id,
      note: 'Braucht Aufenthaltstitel',
    });
    expect(moved.statusCode, moved.body).toBe(200);
    const forwarded = await ben.socket.next('visit.state', (m) => m.visit.office.id === other.id);
    expect(forwarded.visit).toMatchObject({
      status: 'waiting',
      position: 1,
      transferredFrom: 'Büro buergeramt',
    });
    const otherQueue = await staffSocket.next('queues.state', (m) =>
      m.offices.some((o) => o.officeId === other.id && o.waiting.length === 1),
    );
    expect(otherQueue.offices.find((o) => o.officeId === other.id)?.waiting[0]).toMatchObject({
      transferNote: 'Braucht Aufenthaltstitel',
      transferredFrom: 'Büro buergeramt',
    });
    await cem.socket.next('visit.state', (m) => m.visit.position === 1);

    // Ending records the visit as done with its waiting and talk time.
    expect(
      (await staffPost(agent.cookie, `/consultations/${agentStart.consultationId}/end`)).statusCode,
    ).toBe(200);
    await anna.socket.next('call.ended');
    await staffSocket.next('call.ended');
    expect(
      (await anna.socket.next('visit.state', (m) => m.visit.status === 'done')).visit.position,
    ).toBeNull();
    const [record] = await server.ctx.db.query<{ status: string; ended: boolean; talk: number }>(
      `SELECT v.status, v.ended_at IS NOT NULL AS ended, extract(epoch FROM c.ended_at - c.started_at)::float8 AS talk
         FROM visits v JOIN consultations c ON c.visit_id = v.id WHERE v.id = $1`,
      [anna.visitId],
    );
    expect(record).toMatchObject({ status: 'done', ended: true });
    expect(record!.talk).toBeGreaterThanOrEqual(0);

    // Leaving removes the citizen at once.
    const left = await server.app.inject({
      method: 'DELETE',
      url: '/api/public/visit',
      headers: { authorization: `Bearer ${cem.visitToken}` },
    });
    expect(left.statusCode).toBe(204);
    await staffSocket.next('queues.state', (m) =>
      m.offices.some((o) => o.officeId === main.id && o.waiting.length === 0),
    );
    for (const s of [...citizens.map((c) => c.socket), staffSocket]) s.close();
  });

  it('keeps the place of a transferred citizen by first arrival, ahead of later arrivals', async () => {
    const tenant = await createTestTenant(server);
    const first = await openOffice(server, tenant, 'eins');
    const second = await openOffice(server, tenant, 'zwei');
    const agent = await agentFor(server, tenant, [first.id, second.id]);
    const early = await enter(server, tenant.slug, 'eins', 'Früh');
    const late = await enter(server, tenant.slug, 'zwei', 'Spät');
    await staffPost(agent.cookie, `/visits/${early.visitId}/transfer`, { officeId: second.id, note: '' });
    const view = await server.app.inject({
      url: '/api/public/visit',
      headers: { authorization: `Bearer ${early.visitToken}` },
    });
    expect(view.json()).toMatchObject({ position: 1, office: { slug: 'zwei' } });
    const next = await staffPost(agent.cookie, `/offices/${second.id}/call-next`);
    expect(next.json().visitId).toBe(early.visitId);
    expect(late.visitId).not.toBe(early.visitId);
  });

  it('calls in exactly the order of domain/queue.ts, also for equal arrival times', async () => {
    const tenant = await createTestTenant(server);
    const office = await openOffice(server, tenant, 'reihe');
    const agent = await agentFor(server, tenant, [office.id]);
    const visits = [];
    for (let i = 0; i < 8; i++) visits.push(await enter(server, tenant.slug, 'reihe', `Person ${i}`));
    // Shuffled arrivals with ties, written straight into the table.
    const minutes = [5, 1, 5, 3, 1, 7, 3, 5];
    for (const [i, v] of visits.entries()) {
      await server.ctx.db.query(
        `UPDATE visits SET arrived_at = '2026-11-25T08:00:00Z'::timestamptz + make_interval(mins => $2) WHERE id = $1`,
        [v.visitId, minutes[i]],
      );
    }
    const snapshot = (
      await server.app.inject({ url: '/api/staff/workspace', headers: { cookie: agent.cookie } })
    ).json();
    const expected = snapshot.queues[0].waiting.map((w: { visitId: string }) => w.visitId);
    const calledOrder = [];
    for (let i = 0; i < visits.length; i++) {
      const called = (await staffPost(agent.cookie, `/offices/${office.id}/call-next`)).json();
      calledOrder.push(called.visitId);
      await staffPost(agent.cookie, `/consultations/${called.consultationId}/end`);
    }
    expect(calledOrder).toEqual(expected);
    expect((await staffPost(agent.cookie, `/offices/${office.id}/call-next`)).statusCode).toBe(409);
  });

  it('loses nobody when the server restarts', async () => {
    const tenant = await createTestTenant(server);
    await openOffice(server, tenant, 'neustart');
    await enter(server, tenant.slug, 'neustart', 'Erste');
    const second = await enter(server, tenant.slug, 'neustart', 'Zweite');
    // A second server process on the same database, as after a restart.
    const { app: restarted } = await buildApp(server.ctx.config, server.ctx.db);
    await restarted.ready();
    const view = await restarted.inject({
      url: '/api/public/visit',
      headers: { authorization: `Bearer ${second.visitToken}` },
    });
    expect(view.json()).toMatchObject({ status: 'waiting', position: 2 });
    await restarted.close();
  });

  it('refuses entry when closed (saying when it opens) or full, and an unknown visit token', async () => {
    const tenant = await createTestTenant(server);
    await openOffice(server, tenant, 'klein', 1);
    await enter(server, tenant.slug, 'klein', 'Eine');
    const full = await citizenPost(server.app, `/api/public/tenants/${tenant.slug}/offices/klein/visits`, {
      displayName: 'Zwei',
    });
    expect(full.statusCode).toBe(409);
    expect(full.json().reason).toBe('full');
    server.ctx.clock = () => Temporal.Instant.from('2026-11-25T19:00:00Z');
    const closed = await citizenPost(server.app, `/api/public/tenants/${tenant.slug}/offices/klein/visits`, {
      displayName: 'Spät',
    });
    expect(closed.json()).toMatchObject({
      status: 409,
      reason: 'closed',
      nextOpening: '2026-12-02T07:00:00Z',
    });
    const page = (await server.app.inject({ url: `/api/public/tenants/${tenant.slug}` })).json();
    expect(page.offices[0]).toMatchObject({
      slug: 'klein',
      open: false,
      waiting: 1,
      full: true,
      nextOpening: '2026-12-02T07:00:00Z',
    });
    const stranger = await server.app.inject({
      url: '/api/public/visit',
      headers: { authorization: 'Bearer abcdefghijklmnopqrstuvwxyz' },
    });
    expect(stranger.statusCode).toBe(401);
  });

  it('accepts sockets from its own origin only, and survives malformed messages', async () => {
    await expect(connectSocket(server.baseUrl, { origin: 'https://evil.example' })).rejects.toThrow(/403/);
    const socket = await connectSocket(server.baseUrl);
    socket.send('{not json');
    expect((await socket.next('error')).code).toBe('bad-json');
    socket.send({ type: 'ping' });
    expect((await socket.next('error')).code).toBe('hello-first');
    socket.send(JSON.stringify({ type: 'hello', as: 'citizen', visitToken: 'x'.repeat(43) }));
    expect((await socket.next('error')).code).toBe('unknown-visit');
    expect(await socket.closed).toBe(1008);
  });

  it('does not let a staff socket in without a session', async () => {
    const socket = await connectSocket(server.baseUrl);
    socket.send({ type: 'hello', as: 'staff' });
    expect((await socket.next('error')).code).toBe('unauthorized');
    expect(await socket.closed).toBe(1008);
  });

  it('calls the citizen the waiting room shows first when two arrived within one millisecond', async () => {
    const tenant = await createTestTenant(server);
    const office = await openOffice(server, tenant, 'gleichzeitig');
    const agent = await agentFor(server, tenant, [office.id]);
    const entered = [
      await enter(server, tenant.slug, 'gleichzeitig', 'Anna'),
      await enter(server, tenant.slug, 'gleichzeitig', 'Ben'),
    ].map((v) => v.visitId);
    const [low] = [...entered].sort();
    // One millisecond, the higher id a few microseconds earlier: the database keeps microseconds, a
    // JavaScript Date only milliseconds, so the queue's order breaks the tie by id.
    await server.ctx.db.query(
      `UPDATE visits SET arrived_at = CASE WHEN id = $1 THEN $3::timestamptz ELSE $4::timestamptz END
        WHERE id = ANY($2)`,
      [low, entered, '2026-11-25T08:00:00.000900Z', '2026-11-25T08:00:00.000100Z'],
    );
    const snapshot = await loadOfficeSnapshot(server.ctx.db, office.id);
    expect(snapshot!.positions.get(low!)).toBe(0);
    const answer = await server.app.inject({
      method: 'POST',
      url: `/api/staff/offices/${office.id}/call-next`,
      headers: { cookie: agent.cookie },
    });
    expect(answer.statusCode, answer.body).toBe(200);
    const [called] = await server.ctx.db.query<{ id: string }>(
      `SELECT id FROM visits WHERE id = ANY($1) AND status = 'in_consultation'`,
      [entered],
    );
    expect(called?.id).toBe(low);
  });

  // Two connections at once need the real database (PGlite has one).
  it.skipIf(kind !== 'postgres')(
    'calls the first in line, not the second, even while its row is locked for a moment by the socket bookkeeping',
    async () => {
      const tenant = await createTestTenant(server);
      const office = await openOffice(server, tenant, 'gesperrt');
      const agent = await agentFor(server, tenant, [office.id]);
      const visit = await enter(server, tenant.slug, 'gesperrt', 'Anna');
      // Second in line, its row free: call-next once called Ben while Anna's row was locked.
      const second = await enter(server, tenant.slug, 'gesperrt', 'Ben');
      const other = new pg.Client({ connectionString: server.databaseUrl });
      await other.connect();
      try {
        // What a first connect's bookkeeping does: an UPDATE of the visit row, in a short transaction.
        await other.query('BEGIN');
        await other.query('UPDATE visits SET connect_by = NULL WHERE id = $1', [visit.visitId]);
        const called = server.app.inject({
          method: 'POST',
          url: `/api/staff/offices/${office.id}/call-next`,
          headers: { cookie: agent.cookie },
        });
        await new Promise((resolve) => setTimeout(resolve, 300));
        await other.query('COMMIT');
        const answer = await called;
        expect(answer.statusCode, answer.body).toBe(200);
        const statuses = await server.ctx.db.query<{ id: string; status: string }>(
          'SELECT id, status FROM visits WHERE id = ANY($1)',
          [[visit.visitId, second.visitId]],
        );
        expect(Object.fromEntries(statuses.map((v) => [v.id, v.status]))).toEqual({
          [visit.visitId]: 'in_consultation',
          [second.visitId]: 'waiting',
        });
      } finally {
        await other.end();
      }
    },
  );
});
