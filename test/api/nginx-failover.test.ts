import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain } from '../../src/server/modules/audit/audit-log';
import { startMain } from '../support/main-process';
import { freePort, nginxAvailable, startNginx } from '../support/nginx';
import { challengeUrl, solveProofOfWork } from '../support/proof-of-work';
import { connectSocket, type TestSocket } from '../support/realtime';
import { REDIS_URL } from '../support/redis';
import { createTestTenant, startTestServer, type TestServer, type TestTenant } from '../support/server';
import { agentFor, openOffice, WEDNESDAY_MORNING } from './visits-fixtures';

/**
 * What every process of one installation shares, as production configures it: links made by one process
 * open on another, and they all extend one audit chain under one key.
 */
const SHARED_SECRETS = {
  LINK_SECRET: 'nginx-test-link-secret-0123456789abcdef',
  FILE_MASTER_KEY: 'nginx-test-file-master-key-0123456789ab',
  AUDIT_KEY: 'nginx-test-audit-key-0123456789abcdefgh',
};

/** Every tab that lost its process must be back in its place within this (the first retry is at once). */
const BACK_WITHIN_MS = 10_000;
const PROCESSES = 3;

type Process = ReturnType<typeof startMain> & { port: number };

/**
 * Several real Amtsraum processes behind Debian's nginx with deploy/nginx/amtsraum.conf, on the real
 * PostgreSQL and Redis: citizens and the agent land on different processes, then processes die.
 */
describe('several processes behind nginx', () => {
  let seed: TestServer;
  let tenant: TestTenant;
  let office: { id: string; slug: string };
  let agentCookie: string;
  let processes: Process[];
  let proxy: Awaited<ReturnType<typeof startNginx>>;
  const dataDir = mkdtempSync(join(tmpdir(), 'amtsraum-scale-'));

  beforeAll(async () => {
    if (!nginxAvailable()) throw new Error('nginx is missing: apt-get install nginx-light (.ci/run does)');
    // The database is seeded in this process; the servers are separate processes on it.
    seed = await startTestServer('postgres', { env: SHARED_SECRETS });
    tenant = await createTestTenant(seed);
    office = await openOffice(seed, tenant, 'buergeramt', 100);
    agentCookie = (await agentFor(seed, tenant, [office.id])).cookie;
    const proxyPort = await freePort();
    const ports = await Promise.all(Array.from({ length: PROCESSES }, () => freePort()));
    processes = ports.map((port) => ({
      port,
      ...startMain(
        {
          DATABASE_URL: seed.databaseUrl!,
          REDIS_URL,
          PORT: String(port),
          PUBLIC_URL: `http://127.0.0.1:${proxyPort}`,
          TRUSTED_PROXIES: '127.0.0.1',
          TEST_CLOCK_START: WEDNESDAY_MORNING.toString(),
          DATA_DIR: dataDir,
          DEMO_DATA: 'false',
          LOG_LEVEL: 'silent',
          POW_COST: '1',
          POW_ATTEMPTS: '1',
          RATE_LIMIT_FACTOR: '1000',
          QUEUE_ENTRIES_PER_ADDRESS: '100000',
          ...SHARED_SECRETS,
        },
        'test/support/clocked-main.ts',
      ),
    }));
    await Promise.all(processes.map((p) => p.until(/amtsraum process ready/)));
    proxy = await startNginx(proxyPort, ports);
  }, 120_000);

  afterAll(async () => {
    for (const p of processes ?? []) p.child.kill('SIGKILL');
    await proxy?.stop();
    await seed?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const origin = () => ({ origin: proxy.baseUrl });
  const processOf = (socket: TestSocket) => Number(String(socket.headers['x-upstream']).split(':').pop());

  async function enter(displayName: string) {
    const url = `/api/public/tenants/${tenant.slug}/offices/${office.slug}/visits`;
    const challenge = await fetch(`${proxy.baseUrl}${challengeUrl(url)}`).then((r) => r.json());
    const response = await fetch(`${proxy.baseUrl}${url}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-altcha': await solveProofOfWork(challenge),
        ...origin(),
      },
      body: JSON.stringify({ displayName, concern: `Anliegen von ${displayName}` }),
    });
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as { visitId: string; visitToken: string };
  }

  const closedSockets = new WeakSet<TestSocket>();
  const isClosed = (socket: TestSocket) => closedSockets.has(socket);
  const watchClose = (socket: TestSocket) => void socket.closed.then(() => closedSockets.add(socket));

  interface Citizen {
    name: string;
    visitToken: string;
    socket: TestSocket;
    position: number | null;
  }

  async function citizenTab(citizen: Omit<Citizen, 'socket' | 'position'>, consultationId?: string) {
    const socket = await connectSocket(proxy.baseUrl);
    socket.send({
      type: 'hello',
      as: 'citizen',
      visitToken: citizen.visitToken,
      ...(consultationId ? { activeConsultationId: consultationId } : {}),
    });
    watchClose(socket);
    return socket;
  }

  async function staffTab(consultationId?: string) {
    const socket = await connectSocket(proxy.baseUrl, { cookie: agentCookie });
    socket.send({
      type: 'hello',
      as: 'staff',
      ...(consultationId ? { activeConsultationId: consultationId } : {}),
    });
    await socket.next('ready');
    watchClose(socket);
    return socket;
  }

  /** The agent's tab, reconnected (holding its call) if its process was `gone`. */
  async function agentBack(agent: TestSocket, gone: number, consultationId: string) {
    if (processOf(agent) !== gone) return agent;
    await agent.closed;
    return staffTab(consultationId);
  }

  const staffFetch = (path: string, init: { method: string; body?: object }) =>
    fetch(`${proxy.baseUrl}${path}`, {
      method: init.method,
      headers: {
        cookie: agentCookie,
        ...origin(),
        ...(init.body ? { 'content-type': 'application/json' } : {}),
      },
      ...(init.body ? { body: JSON.stringify(init.body) } : {}),
    });

  /** Reconnects every tab whose socket closed, as the page does (first retry at once); ms until all are back. */
  async function reconnectDropped(citizens: Citizen[], inCall: Citizen, consultationId: string) {
    const began = performance.now();
    const dropped = citizens.filter((c) => c.socket !== undefined && isClosed(c.socket));
    await Promise.all(
      dropped.map(async (citizen) => {
        citizen.socket = await citizenTab(citizen, citizen === inCall ? consultationId : undefined);
        if (citizen === inCall) {
          await citizen.socket.next('call.start', (m) => m.consultationId === consultationId, BACK_WITHIN_MS);
          return;
        }
        const state = await citizen.socket.next('visit.state', () => true, BACK_WITHIN_MS);
        // Back in the same place: nobody lost a position, nobody jumped ahead.
        expect(state.visit, citizen.name).toMatchObject({ status: 'waiting', position: citizen.position });
      }),
    );
    return { dropped: dropped.length, ms: performance.now() - began };
  }

  it('keeps every waiting citizen in place and the call going when a process is killed, then one is stopped', async () => {
    let agent = await staffTab();
    const anna = await enter('Anna');
    const citizens: Citizen[] = [];
    const inCall: Citizen = { name: 'Anna', visitToken: anna.visitToken, socket: undefined!, position: null };
    inCall.socket = await citizenTab(inCall);
    await inCall.socket.next('visit.state');
    const called = await staffFetch(`/api/staff/offices/${office.id}/call-next`, { method: 'POST' });
    expect(called.status, await called.text()).toBe(200);
    const { consultationId } = await agent.next('call.start');
    await inCall.socket.next('call.start');
    const sent = await staffFetch(`/api/consultations/${consultationId}/chat`, {
      method: 'POST',
      body: { text: 'Guten Tag, ich höre Sie gut.' },
    });
    expect(sent.status).toBe(201);

    // The process to kill holds the call (Anna's tab); more citizens enter until three wait on it too.
    const victim = processOf(inCall.socket);
    for (let i = 0; i < 40 && citizens.filter((c) => processOf(c.socket) === victim).length < 3; i++) {
      const name = `Bürger ${i + 1}`;
      const visit = await enter(name);
      const socket = await citizenTab({ name, visitToken: visit.visitToken });
      citizens.push({ name, visitToken: visit.visitToken, socket, position: null });
    }
    for (const citizen of citizens) {
      const state = await citizen.socket.next('visit.state', (m) => m.visit.position !== null);
      citizen.position = state.visit.position;
    }
    expect(citizens.map((c) => c.position)).toEqual(citizens.map((_, i) => i + 1));
    const onVictim = citizens.filter((c) => processOf(c.socket) === victim);
    expect(onVictim.length).toBeGreaterThanOrEqual(3);
    expect(new Set(citizens.map((c) => processOf(c.socket))).size, 'citizens spread over processes').toBe(
      PROCESSES,
    );

    // SIGKILL: no goodbye, no cleanup; its sockets just break.
    const killed = processes.find((p) => p.port === victim)!;
    killed.child.kill('SIGKILL');
    await killed.exited;
    await Promise.all([...onVictim, inCall].map((c) => c.socket.closed));
    agent = await agentBack(agent, victim, consultationId);
    const back = await reconnectDropped(citizens.concat(inCall), inCall, consultationId);
    console.log(
      `SIGKILL of 1 of ${PROCESSES} processes: ${back.dropped} tabs back in place after ${back.ms.toFixed(0)} ms`,
    );
    expect(back.dropped).toBe(onVictim.length + 1);

    // The call goes on across processes: a signal and a chat message reach the other side.
    agent.send({
      type: 'signal',
      consultationId,
      to: `citizen:${anna.visitId}`,
      data: { description: { type: 'offer', sdp: 'v=0 after failover' } },
    });
    expect((await inCall.socket.next('signal')).data).toEqual({
      description: { type: 'offer', sdp: 'v=0 after failover' },
    });
    await staffFetch(`/api/consultations/${consultationId}/chat`, {
      method: 'POST',
      body: { text: 'Noch da?' },
    });
    expect((await inCall.socket.next('chat.message')).message.text).toBe('Noch da?');

    // SIGTERM: the process drains (exits by itself, cleanly) and its tabs move on the same way.
    const stopped = processes.find(
      (p) => p.port !== victim && citizens.some((c) => processOf(c.socket) === p.port),
    )!;
    const onStopped = citizens.filter((c) => processOf(c.socket) === stopped.port);
    // Decided before the stop: reconnecting replaces Anna's socket with one on a surviving process.
    const callOnStopped = processOf(inCall.socket) === stopped.port;
    stopped.child.kill('SIGTERM');
    expect(await stopped.exited).toBe(0);
    await Promise.all(onStopped.map((c) => c.socket.closed));
    agent = await agentBack(agent, stopped.port, consultationId);
    const drained = await reconnectDropped(citizens.concat(inCall), inCall, consultationId);
    console.log(
      `SIGTERM of a second process: ${drained.dropped} tabs back in place after ${drained.ms.toFixed(0)} ms`,
    );
    expect(drained.dropped).toBe(onStopped.length + (callOnStopped ? 1 : 0));

    // Nothing lost: the chat history, the queue in the database, the consultation, the audit chain.
    const history = await staffFetch(`/api/consultations/${consultationId}/chat`, { method: 'GET' });
    expect(((await history.json()) as { messages: { text: string }[] }).messages.map((m) => m.text)).toEqual([
      'Guten Tag, ich höre Sie gut.',
      'Noch da?',
    ]);
    const waiting = await seed.ctx.db.query<{ display_name: string }>(
      `SELECT display_name FROM visits WHERE office_id = $1 AND status = 'waiting' ORDER BY queued_at, id`,
      [office.id],
    );
    expect(waiting.map((w) => w.display_name)).toEqual(citizens.map((c) => c.name));
    const [live] = await seed.ctx.db.query<{ ended_at: Date | null }>(
      'SELECT ended_at FROM consultations WHERE id = $1',
      [consultationId],
    );
    expect(live?.ended_at).toBeNull();
    const chain = await verifyChain(seed.ctx.db, tenant.tenantId);
    expect(chain.broken).toBeNull();
    expect(chain.events).toBeGreaterThan(0);
    for (const socket of [agent, inCall.socket, ...citizens.map((c) => c.socket)]) socket.close();
  }, 180_000);
});
