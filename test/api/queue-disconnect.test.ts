import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyChain } from '../../src/server/modules/audit/audit-log';
import { createCitizenConnections } from '../../src/server/modules/visits/citizen-connections';
import { DISCONNECT_SWEEP_JOB } from '../../src/server/modules/visits/disconnect-sweep';
import { EVERYONE_AWAY } from '../../src/shared/queue-details';
import type { ServerMessage } from '../../src/shared/realtime';
import { describeEachDb } from '../support/each-db';
import { connectSocket } from '../support/realtime';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { agentFor, enter, openOffice, runDisconnectSweep } from './visits-fixtures';

/** Effects the server writes after answering (e.g. a socket's close) are polled for this long. */
const POLL = { timeout: 5000, interval: 25 };

type QueuesState = Extract<ServerMessage, { type: 'queues.state' }>;
const entryOf = (message: QueuesState, visitId: string) =>
  message.offices.flatMap((o) => o.waiting).find((w) => w.visitId === visitId);
/** The agent's queue shows the visit, connected (null) or disconnected (an instant). */
const shows = (visitId: string, connected: boolean) => (message: QueuesState) => {
  const entry = entryOf(message, visitId);
  return entry !== undefined && (entry.disconnectedAt === null) === connected;
};

describeEachDb('citizens who close their tab while waiting', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { listen: true });
  });
  afterAll(() => server.close());

  const db = () => server.ctx.db;
  const openTab = async (visitToken: string) => {
    const socket = await connectSocket(server.baseUrl);
    socket.send({ type: 'hello', as: 'citizen', visitToken });
    await socket.next('visit.state');
    return socket;
  };
  /** How many sockets the server processes hold of the visit, per the database. */
  const openSockets = async (visitId: string) =>
    (
      await db().query<{ n: number }>(
        'SELECT coalesce(sum(open_sockets), 0)::int AS n FROM citizen_sockets WHERE visit_id = $1',
        [visitId],
      )
    )[0]!.n;
  const visitRow = async (visitId: string) =>
    (
      await db().query<{ status: string; disconnectedAt: Date | null }>(
        'SELECT status, disconnected_at AS "disconnectedAt" FROM visits WHERE id = $1',
        [visitId],
      )
    )[0]!;
  const disconnectedFor = (visitId: string, minutes: number) =>
    db().query(`UPDATE visits SET disconnected_at = now() - make_interval(mins => $2) WHERE id = $1`, [
      visitId,
      minutes,
    ]);
  const sweep = async () => expect(await runDisconnectSweep(server)).toBe(1);

  /** An open office whose agent watches the queue over the socket. */
  async function officeWithAgent(slug: string) {
    const tenant = await createTestTenant(server);
    const office = await openOffice(server, tenant, slug);
    const agent = await agentFor(server, tenant, [office.id]);
    const staff = await connectSocket(server.baseUrl, { cookie: agent.cookie });
    staff.send({ type: 'hello', as: 'staff' });
    await staff.next('ready');
    const citizen = async (name: string) => {
      const visit = await enter(server, tenant.slug, slug, name);
      const socket = await openTab(visit.visitToken);
      await expect.poll(() => openSockets(visit.visitId), POLL).toBe(1);
      return { ...visit, socket };
    };
    return { tenant, office, agent, staff, citizen };
  }

  it('shows the agent when the only tab closed, and a citizen who comes back continues at the same place', async () => {
    const { staff, citizen } = await officeWithAgent('getrennt');
    const anna = await citizen('Anna');
    const ben = await citizen('Ben');
    await staff.next('queues.state', (m) => shows(anna.visitId, true)(m) && shows(ben.visitId, true)(m));

    ben.socket.close();
    const gone = await staff.next('queues.state', shows(ben.visitId, false));
    expect(entryOf(gone, anna.visitId)?.disconnectedAt).toBeNull();
    const stored = await visitRow(ben.visitId);
    expect(stored.status).toBe('waiting');
    expect(entryOf(gone, ben.visitId)?.disconnectedAt).toBe(stored.disconnectedAt?.toISOString());

    // A reload or a network drop within the grace period: the same place, connected again.
    const back = await connectSocket(server.baseUrl);
    back.send({ type: 'hello', as: 'citizen', visitToken: ben.visitToken });
    // The hello's view is the only one: the reconnect changes no citizen's view, so none is pushed.
    expect((await back.next('visit.state')).visit.position).toBe(2);
    await staff.next('queues.state', shows(ben.visitId, true));
    expect((await visitRow(ben.visitId)).disconnectedAt).toBeNull();
    for (const socket of [anna.socket, back, staff]) socket.close();
  });

  it('passes over a citizen whose page is closed, who keeps the place; says so when only closed pages wait; a call to a closed page says so at once and live', async () => {
    const { agent, office, staff, citizen } = await officeWithAgent('uebersprungen');
    const post = (url: string) =>
      server.app.inject({ method: 'POST', url: `/api/staff${url}`, headers: { cookie: agent.cookie } });
    const anna = await citizen('Anna');
    const ben = await citizen('Ben');
    anna.socket.close();
    await staff.next('queues.state', shows(anna.visitId, false));

    // Next is Ben, who is there; Anna keeps the first place.
    const first = await post(`/offices/${office.id}/call-next`);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ visitId: ben.visitId, skippedAway: 1 });
    const benStart = await staff.next('call.start');
    expect(benStart.citizenAwaySince).toBeNull();
    expect(await post(`/consultations/${first.json().consultationId}/end`)).toMatchObject({
      statusCode: 200,
    });
    expect((await visitRow(anna.visitId)).status).toBe('waiting');

    // Only Anna waits, with her page closed: nobody is called, and the answer says why.
    const none = await post(`/offices/${office.id}/call-next`);
    expect(none.statusCode).toBe(409);
    expect(none.json().detail).toBe(EVERYONE_AWAY);
    expect((await visitRow(anna.visitId)).status).toBe('waiting');

    // The clerk calls her by name: the call says at once since when her page is closed.
    const since = (await visitRow(anna.visitId)).disconnectedAt!.toISOString();
    expect((await post(`/visits/${anna.visitId}/call`)).statusCode).toBe(200);
    const annaStart = await staff.next('call.start');
    expect(annaStart.citizenAwaySince).toBe(since);
    // Her page comes back: the call hears it; it closes again: the call hears that too.
    const back = await openTab(anna.visitToken);
    const open = await staff.next('call.peer-presence');
    expect(open).toMatchObject({ consultationId: annaStart.consultationId, awaySince: null });
    back.close();
    const closed = await staff.next('call.peer-presence');
    expect(closed.awaySince).toBe((await visitRow(anna.visitId)).disconnectedAt?.toISOString());
    expect(closed.awaySince).not.toBeNull();
    staff.close();
  });

  it('keeps a citizen with two tabs connected until the last one closes', async () => {
    const { staff, citizen } = await officeWithAgent('zwei-tabs');
    const cem = await citizen('Cem');
    const second = await openTab(cem.visitToken);
    await expect.poll(() => openSockets(cem.visitId), POLL).toBe(2);

    cem.socket.close();
    await expect.poll(() => openSockets(cem.visitId), POLL).toBe(1);
    expect((await visitRow(cem.visitId)).disconnectedAt).toBeNull();

    second.close();
    await staff.next('queues.state', shows(cem.visitId, false));
    expect(await openSockets(cem.visitId)).toBe(0);
    staff.close();
  });

  it('removes a citizen disconnected longer than the grace period: the others move up, the audit trail says why', async () => {
    const { tenant, office, staff, citizen } = await officeWithAgent('geister');
    const [anna, ben, cem, dana] = [
      await citizen('Anna'),
      await citizen('Ben'),
      await citizen('Cem'),
      await citizen('Dana'),
    ];
    for (const gone of [ben, dana]) {
      gone.socket.close();
      await staff.next('queues.state', shows(gone.visitId, false));
    }
    const grace = server.ctx.config.disconnectGraceMinutes;
    await disconnectedFor(ben.visitId, grace + 1);
    await disconnectedFor(dana.visitId, grace - 2); // still within it

    await sweep();
    expect((await visitRow(ben.visitId)).status).toBe('left');
    // Ben, coming back, learns why his place is gone; Dana sees how long a closed tab keeps hers.
    const asBen = await server.app.inject({
      url: '/api/public/visit',
      headers: { authorization: `Bearer ${ben.visitToken}` },
    });
    expect(asBen.json()).toMatchObject({ status: 'left', leftReason: 'disconnected', position: null });
    const asDana = await server.app.inject({
      url: '/api/public/visit',
      headers: { authorization: `Bearer ${dana.visitToken}` },
    });
    expect(asDana.json()).toMatchObject({
      status: 'waiting',
      leftReason: null,
      disconnectGraceMinutes: grace,
    });
    expect((await visitRow(dana.visitId)).status).toBe('waiting');
    expect((await cem.socket.next('visit.state', (m) => m.visit.position === 2)).visit.status).toBe(
      'waiting',
    );
    const queue = await staff.next('queues.state', (m) => entryOf(m, ben.visitId) === undefined);
    expect(queue.offices.find((o) => o.officeId === office.id)?.waiting.map((w) => w.displayName)).toEqual([
      'Anna',
      'Cem',
      'Dana',
    ]);

    const events = await db().query<{ actor: string; object: string; details: unknown }>(
      `SELECT actor, object, details FROM audit_events WHERE tenant_id = $1 AND action = 'visit.left'`,
      [tenant.tenantId],
    );
    expect(events).toEqual([
      { actor: 'system', object: `visit:${ben.visitId}`, details: { reason: 'disconnected' } },
    ]);
    expect((await verifyChain(db(), tenant.tenantId)).broken).toBeNull();
    // The sweep plans its next round itself.
    const [next] = await db().query<{ later: boolean }>(
      `SELECT run_at > now() AS later FROM jobs WHERE kind = $1 AND done_at IS NULL AND failed_at IS NULL`,
      [DISCONNECT_SWEEP_JOB],
    );
    expect(next?.later).toBe(true);
    for (const socket of [anna.socket, cem.socket, staff]) socket.close();
  });

  it('leaves a citizen in a call alone, however long their tab is gone', async () => {
    const { agent, office, staff, citizen } = await officeWithAgent('im-gespraech');
    const anna = await citizen('Anna');
    const called = await server.app.inject({
      method: 'POST',
      url: `/api/staff/offices/${office.id}/call-next`,
      headers: { cookie: agent.cookie },
    });
    expect(called.json().visitId).toBe(anna.visitId);
    anna.socket.close();
    await expect.poll(async () => (await visitRow(anna.visitId)).disconnectedAt, POLL).not.toBeNull();
    await disconnectedFor(anna.visitId, 60);

    await sweep();
    expect((await visitRow(anna.visitId)).status).toBe('in_consultation');
    const [live] = await db().query('SELECT 1 FROM consultations WHERE visit_id = $1 AND ended_at IS NULL', [
      anna.visitId,
    ]);
    expect(live).toBeDefined();
    staff.close();
  });

  it('stops counting the sockets of a crashed process, and a live process taken for dead counts its own again', async () => {
    const { tenant, staff } = await officeWithAgent('absturz');
    // Left behind by a process that crashed: a stale heartbeat and a socket that will never close.
    const stranded = await enter(server, tenant.slug, 'absturz', 'Stefan');
    const crashed = randomUUID();
    await db().query(
      `INSERT INTO server_processes (id, heartbeat_at) VALUES ($1, now() - interval '5 minutes')`,
      [crashed],
    );
    await db().query('INSERT INTO citizen_sockets (visit_id, process_id, open_sockets) VALUES ($1, $2, 1)', [
      stranded.visitId,
      crashed,
    ]);
    // Entered, but no tab ever said hello.
    const silent = await enter(server, tenant.slug, 'absturz', 'Selma');
    // Another process holds Lea's socket; it is driven by hand here, so no timer of its own beats.
    const lea = await enter(server, tenant.slug, 'absturz', 'Lea');
    const errors: unknown[] = [];
    const other = createCitizenConnections({
      db: db(),
      citizenFlipped: server.ctx.visitEvents.citizenFlipped,
      onError: (error) => errors.push(error),
    });
    await other.beat(); // registers it
    other.opened(lea.visitId);
    await expect.poll(() => openSockets(lea.visitId), POLL).toBe(1);
    // ... and then misses its heartbeats (e.g. the database was out of its reach for minutes).
    await db().query(
      `UPDATE server_processes SET heartbeat_at = now() - interval '5 minutes' WHERE id = $1`,
      [other.processId],
    );

    await sweep();
    const after = await staff.next(
      'queues.state',
      (m) =>
        shows(stranded.visitId, false)(m) && shows(silent.visitId, false)(m) && shows(lea.visitId, false)(m),
    );
    expect(after.offices[0]?.waiting).toHaveLength(3);
    expect(
      await db().query('SELECT 1 FROM server_processes WHERE id = ANY($1)', [[crashed, other.processId]]),
    ).toEqual([]);

    // Its next heartbeat finds itself gone and writes its counts again: Lea's tab is still open there.
    await other.beat();
    const restored = await staff.next('queues.state', shows(lea.visitId, true));
    expect(entryOf(restored, stranded.visitId)?.disconnectedAt).not.toBeNull();
    expect(await openSockets(lea.visitId)).toBe(1);

    // Shutting down, it hands its citizens over as disconnected.
    await other.stop();
    await staff.next('queues.state', shows(lea.visitId, false));
    expect(errors).toEqual([]);
    staff.close();
  });
});
