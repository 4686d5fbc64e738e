import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyChain } from '../../src/server/modules/audit/audit-log';
import type { ServerMessage } from '../../src/shared/realtime';
import { describeEachDb } from '../support/each-db';
import { proofOfWork } from '../support/proof-of-work';
import { connectSocket, type TestSocket } from '../support/realtime';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { agentFor, openOffice, runDisconnectSweep } from './visits-fixtures';

const POLL = { timeout: 5000, interval: 25 };
type QueuesState = Extract<ServerMessage, { type: 'queues.state' }>;
const waitingOf = (message: QueuesState, officeId: string) =>
  message.offices.find((o) => o.officeId === officeId)?.waiting ?? [];

/** A walk-in office under attack: entries that hold no place, too many from one client, bulk removal. */
describeEachDb('walk-in entries that cannot hold places', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { listen: true });
  });
  afterAll(() => server.close());
  const db = () => server.ctx.db;

  /** A citizen's entry from a client address of its own (the test server sees them all as 127.0.0.1). */
  const enterFrom = async (address: string, tenantSlug: string, officeSlug: string, displayName: string) => {
    const url = `/api/public/tenants/${tenantSlug}/offices/${officeSlug}/visits`;
    return server.app.inject({
      method: 'POST',
      url,
      remoteAddress: address,
      payload: { displayName },
      headers: await proofOfWork(server.app, url),
    });
  };
  const entered = async (address: string, tenantSlug: string, officeSlug: string, displayName: string) => {
    const response = await enterFrom(address, tenantSlug, officeSlug, displayName);
    expect(response.statusCode, response.body).toBe(201);
    return response.json() as { visitId: string; visitToken: string };
  };
  const openTab = async (visitToken: string) => {
    const socket = await connectSocket(server.baseUrl);
    socket.send({ type: 'hello', as: 'citizen', visitToken });
    await socket.next('visit.state');
    return socket;
  };
  const visitRow = async (visitId: string) =>
    (
      await db().query<{
        status: string;
        leftReason: string | null;
        connectBy: Date | null;
        clientKey: string | null;
      }>(
        `SELECT status, left_reason AS "leftReason", connect_by AS "connectBy", client_key AS "clientKey"
           FROM visits WHERE id = $1`,
        [visitId],
      )
    )[0]!;
  const viewOf = async (visitToken: string) =>
    (
      await server.app.inject({
        url: '/api/public/visit',
        headers: { authorization: `Bearer ${visitToken}` },
      })
    ).json();
  const staffSocket = async (cookie: string) => {
    const socket = await connectSocket(server.baseUrl, { cookie });
    socket.send({ type: 'hello', as: 'staff' });
    await socket.next('ready');
    return socket;
  };
  const closeAll = (...sockets: TestSocket[]) => {
    for (const socket of sockets) socket.close();
  };

  it('lets an entry whose page never connects hold a place only for the grace, then removes it', async () => {
    const tenant = await createTestTenant(server);
    const office = await openOffice(server, tenant, 'voll', 2);
    const agent = await agentFor(server, tenant, [office.id]);
    const staff = await staffSocket(agent.cookie);
    const real = await entered('192.0.2.1', tenant.slug, 'voll', 'Anna');
    const realTab = await openTab(real.visitToken);
    // A script's entry: no page, no socket.
    const fake = await entered('198.51.100.9', tenant.slug, 'voll', 'Bot');
    const grace = server.ctx.config.queue.connectGraceSeconds;
    const [{ seconds } = { seconds: 0 }] = await db().query<{ seconds: number }>(
      'SELECT extract(epoch FROM connect_by - arrived_at)::float8 AS seconds FROM visits WHERE id = $1',
      [fake.visitId],
    );
    expect(seconds).toBeCloseTo(grace, 0);
    await expect.poll(async () => (await visitRow(real.visitId)).connectBy, POLL).toBeNull();

    // Within the grace the entry holds its place: the office (capacity 2) is full.
    const refused = await enterFrom('203.0.113.5', tenant.slug, 'voll', 'Cem');
    expect(refused.statusCode).toBe(409);
    expect(refused.json().reason).toBe('full');

    // The grace is over (in database time, which the sweep and the capacity use).
    await db().query(`UPDATE visits SET connect_by = now() - interval '1 second' WHERE id = $1`, [
      fake.visitId,
    ]);
    const cem = await entered('203.0.113.5', tenant.slug, 'voll', 'Cem');
    const listed = (await server.app.inject({ url: `/api/public/tenants/${tenant.slug}` })).json();
    expect(listed.offices[0]).toMatchObject({ waiting: 3, full: true });
    const workspace = (
      await server.app.inject({ url: '/api/staff/workspace', headers: { cookie: agent.cookie } })
    ).json();
    expect(
      workspace.queues[0].waiting.map((w: { displayName: string; holdsPlace: boolean }) => [
        w.displayName,
        w.holdsPlace,
      ]),
    ).toEqual([
      ['Anna', true],
      ['Bot', false],
      ['Cem', true],
    ]);

    // Call-next skips the entry that holds no place.
    const call = (path: string) =>
      server.app.inject({ method: 'POST', url: `/api/staff${path}`, headers: { cookie: agent.cookie } });
    const first = (await call(`/offices/${office.id}/call-next`)).json();
    expect(first.visitId).toBe(real.visitId);
    await call(`/consultations/${first.consultationId}/end`);
    expect((await call(`/offices/${office.id}/call-next`)).json().visitId).toBe(cem.visitId);

    // The sweep takes it out of the queue, audited, and its page (if one ever comes) learns why.
    expect(await runDisconnectSweep(server)).toBe(1);
    expect(await visitRow(fake.visitId)).toMatchObject({
      status: 'left',
      leftReason: 'never_connected',
      clientKey: null,
    });
    expect(await viewOf(fake.visitToken)).toMatchObject({ status: 'left', leftReason: 'never_connected' });
    await staff.next('queues.state', (m) => !waitingOf(m, office.id).some((w) => w.visitId === fake.visitId));
    const [event] = await db().query<{ actor: string; details: unknown }>(
      `SELECT actor, details FROM audit_events WHERE tenant_id = $1 AND action = 'visit.left' AND object = $2`,
      [tenant.tenantId, `visit:${fake.visitId}`],
    );
    expect(event).toEqual({ actor: 'system', details: { reason: 'never_connected' } });
    closeAll(realTab, staff);
  });

  it('keeps a late page: an entry that connects after its deadline holds its place again', async () => {
    const tenant = await createTestTenant(server);
    await openOffice(server, tenant, 'spaet', 1);
    const late = await entered('192.0.2.2', tenant.slug, 'spaet', 'Lena');
    await db().query(`UPDATE visits SET connect_by = now() - interval '1 second' WHERE id = $1`, [
      late.visitId,
    ]);
    const tab = await openTab(late.visitToken);
    await expect.poll(async () => (await visitRow(late.visitId)).connectBy, POLL).toBeNull();
    await runDisconnectSweep(server);
    expect((await visitRow(late.visitId)).status).toBe('waiting');
    expect((await enterFrom('192.0.2.3', tenant.slug, 'spaet', 'Max')).json().reason).toBe('full');
    tab.close();
  });

  it('refuses more waiting entries from one client than the limit, counting an IPv6 /64 as one client', async () => {
    const limits = server.ctx.config.queue;
    const before = limits.entriesPerAddress;
    limits.entriesPerAddress = 3;
    try {
      const tenant = await createTestTenant(server);
      await openOffice(server, tenant, 'grenze');
      await openOffice(server, tenant, 'nebenan');
      for (const suffix of ['a', 'b', 'c'])
        await entered(`2001:db8:5:6::${suffix}`, tenant.slug, 'grenze', suffix);
      const fourth = await enterFrom('2001:db8:5:6:ffff::1', tenant.slug, 'grenze', 'd');
      expect(fourth.statusCode).toBe(409);
      expect(fourth.headers['content-type']).toMatch(/problem\+json/);
      expect(fourth.json()).toMatchObject({ reason: 'client-limit', limit: 3 });
      // Another client, and the same client in another office, enter.
      await entered('2001:db8:5:7::a', tenant.slug, 'grenze', 'e');
      await entered('2001:db8:5:6::a', tenant.slug, 'nebenan', 'f');
      // The stored key is a keyed hash: neither the address nor its prefix.
      const keys = await db().query<{ key: string }>(
        `SELECT client_key AS key FROM visits v JOIN offices o ON o.id = v.office_id WHERE o.tenant_id = $1`,
        [tenant.tenantId],
      );
      expect(keys).toHaveLength(5);
      for (const { key } of keys) {
        expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
        expect(key).not.toMatch(/2001|db8/);
      }
      expect(new Set(keys.map((k) => k.key)).size).toBe(2);
    } finally {
      limits.entriesPerAddress = before;
    }
  });

  it('marks entries from one client for staff, who remove them in bulk: audited, the citizens told', async () => {
    const tenant = await createTestTenant(server);
    const office = await openOffice(server, tenant, 'markiert');
    const agent = await agentFor(server, tenant, [office.id]);
    const stranger = await (await createTestTenant(server, 'Andere')).staff('agent');
    const staff = await staffSocket(agent.cookie);
    const script = [];
    for (const name of ['X1', 'X2', 'X3'])
      script.push(await entered('198.51.100.7', tenant.slug, 'markiert', name));
    const anna = await entered('192.0.2.10', tenant.slug, 'markiert', 'Anna');
    const scriptTab = await openTab(script[0]!.visitToken);

    const marked = await staff.next('queues.state', (m) => waitingOf(m, office.id).length === 4);
    expect(waitingOf(marked, office.id).map((w) => [w.displayName, w.sameClient])).toEqual([
      ['X1', 3],
      ['X2', 3],
      ['X3', 3],
      ['Anna', null],
    ]);
    // Nothing of the address reaches the agent.
    expect(JSON.stringify(marked)).not.toContain('198.51');

    const remove = (cookie: string, visitIds: unknown) =>
      server.app.inject({
        method: 'POST',
        url: `/api/staff/offices/${office.id}/remove-visits`,
        headers: { cookie },
        payload: { visitIds },
      });
    expect((await remove(stranger.cookie, [anna.visitId])).statusCode).toBe(404);
    const empty = await remove(agent.cookie, []);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0].field).toBe('body.visitIds');
    expect((await remove(agent.cookie, ['kein-uuid'])).statusCode).toBe(400);

    const removed = await remove(
      agent.cookie,
      script.map((v) => v.visitId),
    );
    expect(removed.statusCode, removed.body).toBe(200);
    expect(removed.json().visitIds.sort()).toEqual(script.map((v) => v.visitId).sort());
    // Removing again changes nothing: they no longer wait.
    expect((await remove(agent.cookie, [script[0]!.visitId])).json()).toEqual({ visitIds: [] });

    const told = await scriptTab.next('visit.state', (m) => m.visit.status === 'left');
    expect(told.visit).toMatchObject({ leftReason: 'removed_by_staff', position: null });
    const after = await staff.next('queues.state', (m) => waitingOf(m, office.id).length === 1);
    expect(waitingOf(after, office.id)[0]).toMatchObject({ displayName: 'Anna', sameClient: null });
    for (const visit of script) {
      expect(await visitRow(visit.visitId)).toMatchObject({
        status: 'left',
        leftReason: 'removed_by_staff',
        clientKey: null,
      });
    }
    const events = await db().query<{ actor: string; object: string; details: unknown }>(
      `SELECT actor, object, details FROM audit_events WHERE tenant_id = $1 AND action = 'visit.removed' ORDER BY seq`,
      [tenant.tenantId],
    );
    expect(events.map((e) => e.object).sort()).toEqual(script.map((v) => `visit:${v.visitId}`).sort());
    for (const event of events) {
      expect(event).toMatchObject({ actor: `staff:${agent.id}`, details: { officeId: office.id, count: 3 } });
    }
    expect((await verifyChain(db(), tenant.tenantId)).broken).toBeNull();
    closeAll(scriptTab, staff);
  });
});
