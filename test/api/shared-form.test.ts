import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { buildApp } from '../../src/server/app';
import {
  COMPACT_AFTER,
  createSharedFormStore,
  formEditor,
} from '../../src/server/modules/consultations/shared-form-store';
import { scheduleRetention } from '../../src/server/modules/retention/retention-job';
import type { EventBus } from '../../src/server/realtime/bus';
import { createMemoryBus } from '../../src/server/realtime/bus-memory';
import { createRedisBus } from '../../src/server/realtime/bus-redis';
import { fromBase64, toBase64 } from '../../src/shared/base64';
import { FREE_TEXT_KEY, formChoices, formText } from '../../src/shared/form-doc';
import type { ParticipantId } from '../../src/shared/realtime';
import { postgresReachable } from '../support/db';
import { describeEachDb } from '../support/each-db';
import { connectSocket, type TestSocket } from '../support/realtime';
import { REDIS_URL, redisReachable } from '../support/redis';
import { samplePdf } from '../support/sample-files';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import {
  authHeaders,
  type CallScene,
  callScene,
  consultationRequest,
  linkAppointment,
} from './consultation-fixtures';
import { enter } from './visits-fixtures';

/**
 * A socket that said hello as a staff member (cookie) or a citizen (visit token); `origin` is the site's
 * address when the socket goes to another process behind it.
 */
async function greeted(baseUrl: string, who: { cookie: string } | { token: string }, origin = baseUrl) {
  const socket = await connectSocket(baseUrl, { origin, ...('cookie' in who ? { cookie: who.cookie } : {}) });
  socket.send(
    'cookie' in who
      ? { type: 'hello', as: 'staff' }
      : { type: 'hello', as: 'citizen', visitToken: who.token },
  );
  await socket.next('ready');
  return socket;
}

/** One side's replica of the form: joins by form.sync and sends each local change as form.update. */
async function joinForm(socket: TestSocket, consultationId: string, doc = new Y.Doc()) {
  socket.send({ type: 'form.sync', consultationId, stateVector: toBase64(Y.encodeStateVector(doc)) });
  const state = await socket.next('form.state', (m) => m.consultationId === consultationId);
  Y.applyUpdate(doc, fromBase64(state.update), 'server');
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== 'server') socket.send({ type: 'form.update', consultationId, update: toBase64(update) });
  });
  return { doc, state };
}

/** Applies incoming form.update messages until the replica's field reads as expected. */
async function receiveUntil(socket: TestSocket, doc: Y.Doc, read: () => string, expected: string) {
  while (read() !== expected) {
    const message = await socket.next('form.update');
    Y.applyUpdate(doc, fromBase64(message.update), 'server');
  }
}

describeEachDb('shared form', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { listen: true });
  });
  afterAll(() => server.close());

  const sides = async (scene: CallScene) => ({
    agent: await greeted(server.baseUrl, { cookie: scene.agent.cookie }),
    citizen: await greeted(server.baseUrl, { token: scene.citizen.token }),
  });

  it('opens a walk-in form with free text only, and merges both sides typing into it at once', async () => {
    const scene = await callScene(server);
    const { agent, citizen } = await sides(scene);
    const a = await joinForm(agent, scene.consultationId);
    const c = await joinForm(citizen, scene.consultationId);
    expect(a.state.definition).toEqual({ service: null, fields: [], documents: [] });
    expect(a.state.checklist).toEqual([]);

    // Both type before either sees the other's words: nothing is overwritten.
    formText(a.doc, FREE_TEXT_KEY).insert(0, 'Umzug ');
    formText(c.doc, FREE_TEXT_KEY).insert(0, 'zum 1. März');
    const read = (doc: Y.Doc) => () => formText(doc, FREE_TEXT_KEY).toString();
    const merged = (() => {
      const probe = new Y.Doc();
      Y.applyUpdate(probe, Y.encodeStateAsUpdate(a.doc));
      Y.applyUpdate(probe, Y.encodeStateAsUpdate(c.doc));
      return formText(probe, FREE_TEXT_KEY).toString();
    })();
    expect(merged).toContain('Umzug ');
    expect(merged).toContain('zum 1. März');
    await receiveUntil(agent, a.doc, read(a.doc), merged);
    await receiveUntil(citizen, c.doc, read(c.doc), merged);
    agent.close();
    citizen.close();
  });

  it('opens the form for both sides when they join at the very same moment', async () => {
    // Both sides' first form.sync race to create the form row; found by the shared-form benchmark,
    // where about one run in three refused one side on PostgreSQL (25 rounds here show it most times).
    for (let round = 0; round < 25; round++) {
      const scene = await callScene(server);
      const { agent, citizen } = await sides(scene);
      const [a, c] = await Promise.all([
        joinForm(agent, scene.consultationId),
        joinForm(citizen, scene.consultationId),
      ]);
      expect(c.state.definition).toEqual(a.state.definition);
      agent.close();
      citizen.close();
    }
  });

  it("starts an appointment's form with the service's questions, the booked answers and the documents", async () => {
    const scene = await callScene(server);
    const service = await linkAppointment(server, scene, 'Wohnsitz anmelden');
    await server.ctx.db.query(`UPDATE appointments SET intake = $1 WHERE visit_id = $2`, [
      JSON.stringify({ anliegen: 'Zuzug aus Köln' }),
      scene.citizen.visitId,
    ]);
    const { agent, citizen } = await sides(scene);
    const c = await joinForm(citizen, scene.consultationId);
    expect(c.state.definition).toEqual({
      service: { id: service.id, name: 'Wohnsitz anmelden' },
      fields: [{ key: 'anliegen', label: 'Anliegen', type: 'text', required: false }],
      documents: ['Personalausweis'],
    });
    expect(formText(c.doc, 'anliegen').toString()).toBe('Zuzug aus Köln');
    // The second side to open it finds the same start, not a second copy of the answers.
    const a = await joinForm(agent, scene.consultationId);
    expect(formText(a.doc, 'anliegen').toString()).toBe('Zuzug aus Köln');
    agent.close();
    citizen.close();
  });

  it('lets only the agent tick the checklist, and shows every tick to the citizen', async () => {
    const scene = await callScene(server);
    await linkAppointment(server, scene, 'Reisepass');
    const { agent, citizen } = await sides(scene);
    await joinForm(agent, scene.consultationId);
    await joinForm(citizen, scene.consultationId);

    citizen.send({ type: 'form.checklist', consultationId: scene.consultationId, index: 0, ticked: true });
    expect((await citizen.next('error')).code).toBe('agent-only');
    const stillOpen = await joinForm(
      await greeted(server.baseUrl, { token: scene.citizen.token }),
      scene.consultationId,
    );
    expect(stillOpen.state.checklist).toEqual([false]);

    agent.send({ type: 'form.checklist', consultationId: scene.consultationId, index: 0, ticked: true });
    expect((await citizen.next('form.checklist')).checklist).toEqual([true]);
    expect((await agent.next('form.checklist')).checklist).toEqual([true]);
    // A document the list does not have is refused, and nothing changes.
    agent.send({ type: 'form.checklist', consultationId: scene.consultationId, index: 1, ticked: true });
    expect((await agent.next('error')).code).toBe('not-in-consultation');
    agent.close();
    citizen.close();
  });

  it('refuses the form to everyone outside the live consultation, and refuses what is not a Yjs update', async () => {
    const scene = await callScene(server);
    const { agent, citizen } = await sides(scene);
    const a = await joinForm(agent, scene.consultationId);
    const otherVisit = await enter(server, scene.tenant.slug, scene.office.slug, 'Fremd');
    const colleague = await scene.tenant.staff('agent', { officeIds: [scene.office.id] });
    const admin = await scene.tenant.staff('admin');
    const otherTenant = await createTestTenant(server, 'Andere Stadt');
    const strangers = [
      await greeted(server.baseUrl, { token: otherVisit.visitToken }),
      await greeted(server.baseUrl, { cookie: colleague.cookie }),
      await greeted(server.baseUrl, { cookie: admin.cookie }),
      await greeted(server.baseUrl, { cookie: (await otherTenant.staff('admin')).cookie }),
    ];
    const foreign = new Y.Doc();
    formText(foreign, FREE_TEXT_KEY).insert(0, 'eingeschleust');
    const update = toBase64(Y.encodeStateAsUpdate(foreign));
    for (const stranger of strangers) {
      stranger.send({
        type: 'form.sync',
        consultationId: scene.consultationId,
        stateVector: toBase64(Y.encodeStateVector(foreign)),
      });
      expect((await stranger.next('error')).code).toBe('not-in-consultation');
      stranger.send({ type: 'form.update', consultationId: scene.consultationId, update });
      expect((await stranger.next('error')).code).toBe('not-in-consultation');
      stranger.send({ type: 'form.checklist', consultationId: scene.consultationId, index: 0, ticked: true });
      expect((await stranger.next('error')).code).toMatch(/^(agent-only|not-in-consultation)$/);
    }
    // Nothing of theirs reached the form: a fresh join of the citizen finds it empty.
    const c = await joinForm(citizen, scene.consultationId);
    expect(formText(c.doc, FREE_TEXT_KEY).toString()).toBe('');
    expect(
      strangers.every((s) => s.messages.every((m) => m.type !== 'form.update' && m.type !== 'form.state')),
    ).toBe(true);

    // Bytes that are not a Yjs update, and an update beyond the message limit, are refused too.
    citizen.send({
      type: 'form.update',
      consultationId: scene.consultationId,
      update: toBase64(new Uint8Array([1, 2, 3, 4, 5])),
    });
    expect((await citizen.next('error')).code).toBe('bad-message');
    citizen.send({ type: 'form.update', consultationId: scene.consultationId, update: 'A'.repeat(48_004) });
    expect((await citizen.next('error')).code).toBe('bad-message');

    // After the end of the call the form is closed.
    const ended = await server.app.inject({
      method: 'POST',
      url: `/api/staff/consultations/${scene.consultationId}/end`,
      headers: { cookie: scene.agent.cookie },
    });
    expect(ended.statusCode).toBe(200);
    formText(a.doc, FREE_TEXT_KEY).insert(0, 'zu spät');
    expect((await agent.next('error')).code).toBe('not-in-consultation');
    for (const socket of [agent, citizen, ...strangers]) socket.close();
  });

  it('keeps the form in the database: a fresh server process and a reconnecting tab get it back', async () => {
    const scene = await callScene(server);
    const { agent, citizen } = await sides(scene);
    const a = await joinForm(agent, scene.consultationId);
    const offline = await joinForm(citizen, scene.consultationId);
    citizen.close();
    formText(a.doc, FREE_TEXT_KEY).insert(0, 'Vor dem Neustart');
    formChoices(a.doc).set('termin', '2026-12-01');
    // Stored once the agent's own tabs hear of it.
    await agent.next('form.update');
    await agent.next('form.update');
    // The citizen typed while disconnected.
    formText(offline.doc, 'notiz').insert(0, 'offline geschrieben');
    agent.close();

    // Another process: its own memory and bus, the same database.
    const second = await buildApp(server.ctx.config, server.ctx.db, createMemoryBus());
    await second.app.listen({ port: 0, host: '127.0.0.1' });
    const address = second.app.server.address();
    if (typeof address !== 'object' || !address) throw new Error('not listening');
    const baseUrl = `http://127.0.0.1:${address.port}`;
    try {
      const back = await greeted(baseUrl, { token: scene.citizen.token }, server.baseUrl);
      // The reconnecting tab says what it has and gets only what it lacks, then sends what the server lacks.
      back.send({
        type: 'form.sync',
        consultationId: scene.consultationId,
        stateVector: toBase64(Y.encodeStateVector(offline.doc)),
      });
      const state = await back.next('form.state');
      Y.applyUpdate(offline.doc, fromBase64(state.update), 'server');
      expect(formText(offline.doc, FREE_TEXT_KEY).toString()).toBe('Vor dem Neustart');
      expect(formChoices(offline.doc).get('termin')).toBe('2026-12-01');
      const missing = Y.encodeStateAsUpdate(offline.doc, fromBase64(state.stateVector));
      back.send({ type: 'form.update', consultationId: scene.consultationId, update: toBase64(missing) });
      await back.next('form.update');

      const staff = await greeted(baseUrl, { cookie: scene.agent.cookie }, server.baseUrl);
      const fresh = await joinForm(staff, scene.consultationId);
      expect(formText(fresh.doc, FREE_TEXT_KEY).toString()).toBe('Vor dem Neustart');
      expect(formText(fresh.doc, 'notiz').toString()).toBe('offline geschrieben');
      back.close();
      staff.close();
    } finally {
      await second.app.close();
    }
  });

  it('merges many stored updates into one as they come in, losing nothing', async () => {
    const scene = await callScene(server);
    const store = createSharedFormStore(server.ctx.db);
    const citizen = formEditor(`citizen:${scene.citizen.visitId}` as ParticipantId, false);
    await store.open(scene.consultationId, citizen);
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    // One key press per update, typed backwards, and a deletion: more rows than the store keeps apart.
    const typed = 'abcdefghijklmnopqrstuvwxyz'.repeat(9);
    for (const letter of typed) formText(doc, FREE_TEXT_KEY).insert(0, letter);
    formText(doc, FREE_TEXT_KEY).delete(0, 4);
    for (const update of updates) {
      expect(await store.append(scene.consultationId, citizen, update)).toBe('stored');
    }
    const [stored] = await server.ctx.db.query<{
      rows: number;
      bytes: number;
      counted: number;
      counter: number;
    }>(
      `SELECT count(u.id)::int AS rows, coalesce(sum(octet_length(u.data)), 0)::int AS bytes,
              f.updates AS counter, f.bytes AS counted
         FROM consultation_forms f LEFT JOIN consultation_form_updates u ON u.consultation_id = f.consultation_id
        WHERE f.consultation_id = $1 GROUP BY f.updates, f.bytes`,
      [scene.consultationId],
    );
    // The first COMPACT_AFTER + 1 became one row; the rest came after.
    expect(stored!.rows).toBe(updates.length - COMPACT_AFTER);
    expect(stored!.counter).toBe(stored!.rows);
    expect(stored!.counted).toBe(stored!.bytes);
    const replica = new Y.Doc();
    Y.applyUpdate(replica, (await store.open(scene.consultationId, citizen))!.state);
    expect(formText(replica, FREE_TEXT_KEY).toString()).toBe(formText(doc, FREE_TEXT_KEY).toString());
    expect(formText(replica, FREE_TEXT_KEY).toString()).toHaveLength(typed.length - 4);
  });

  it('puts the answers, the ticked documents and the shared files into the protocol', async () => {
    const scene = await callScene(server);
    await linkAppointment(server, scene, 'Gewerbe anmelden');
    const { agent, citizen } = await sides(scene);
    const a = await joinForm(agent, scene.consultationId);
    await joinForm(citizen, scene.consultationId);
    formText(a.doc, 'anliegen').insert(0, 'Kiosk am Markt');
    await citizen.next('form.update');
    agent.send({ type: 'form.checklist', consultationId: scene.consultationId, index: 0, ticked: true });
    await citizen.next('form.checklist');
    const uploaded = await server.app.inject({
      method: 'POST',
      url: `/api/consultations/${scene.consultationId}/files`,
      headers: {
        ...authHeaders({ token: scene.citizen.token }),
        'content-type': 'application/octet-stream',
        'x-file-name': 'Gewerbe.pdf',
      },
      payload: await samplePdf(),
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);

    const request = consultationRequest(server);
    const issued = await request(
      { cookie: scene.agent.cookie },
      'POST',
      scene.consultationId,
      '/protocol',
      {},
    );
    expect(issued.statusCode, issued.body).toBe(201);
    const record = (
      await request({ cookie: scene.agent.cookie }, 'GET', scene.consultationId, '/protocol.json')
    ).json();
    expect(record.form).toEqual({
      fields: [{ key: 'anliegen', label: 'Anliegen', type: 'text', value: 'Kiosk am Markt' }],
      freeText: '',
      documents: [{ name: 'Personalausweis', ticked: true }],
    });
    expect(record.files).toEqual([
      expect.objectContaining({
        name: 'Gewerbe.pdf',
        size: uploaded.json().size,
        sha256: uploaded.json().sha256,
      }),
    ]);
    agent.close();
    citizen.close();
  });

  it('deletes the form with the chat once the retention days have passed', async () => {
    const scene = await callScene(server);
    const { agent } = await sides(scene);
    const a = await joinForm(agent, scene.consultationId);
    formText(a.doc, FREE_TEXT_KEY).insert(0, 'personenbezogen');
    await agent.next('form.update');
    agent.close();
    await server.ctx.db.query(
      `UPDATE consultations SET started_at = now() - interval '401 days', ended_at = now() - interval '400 days',
         end_reason = 'completed' WHERE id = $1`,
      [scene.consultationId],
    );
    await scheduleRetention(server.ctx.db);
    expect(await server.ctx.jobs.runDue()).toBeGreaterThanOrEqual(1);
    for (const table of ['consultation_forms', 'consultation_form_updates']) {
      expect(
        await server.ctx.db.query(`SELECT 1 FROM ${table} WHERE consultation_id = $1`, [
          scene.consultationId,
        ]),
      ).toEqual([]);
    }
    const [event] = await server.ctx.db.query<{ details: Record<string, number> }>(
      `SELECT details FROM audit_events WHERE tenant_id = $1 AND action = 'retention.deleted'`,
      [scene.tenant.tenantId],
    );
    expect(event?.details.forms).toBe(1);
  });
});

const redisUp = await redisReachable();
const postgresUp = await postgresReachable();

/** Two server processes behind one load balancer: the form travels between them through Redis. */
describe.skipIf(!redisUp || !postgresUp)('shared form across two server processes', () => {
  let first: TestServer;
  let firstBus: EventBus;
  let second: { app: FastifyInstance; bus: EventBus; baseUrl: string };
  beforeAll(async () => {
    firstBus = await createRedisBus(REDIS_URL);
    first = await startTestServer('postgres', { listen: true, bus: firstBus });
    const bus = await createRedisBus(REDIS_URL);
    const { app } = await buildApp(first.ctx.config, first.ctx.db, bus);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address();
    if (typeof address !== 'object' || !address) throw new Error('not listening');
    second = { app, bus, baseUrl: `http://127.0.0.1:${address.port}` };
  });
  afterAll(async () => {
    await second.app.close();
    await second.bus.close();
    await first.close();
    await firstBus.close();
  });

  it('relays typing and ticks between sides connected to different processes', async () => {
    const scene = await callScene(first);
    await linkAppointment(first, scene, 'Wohnsitz anmelden');
    const agent = await greeted(first.baseUrl, { cookie: scene.agent.cookie });
    const citizen = await greeted(second.baseUrl, { token: scene.citizen.token }, first.baseUrl);
    const a = await joinForm(agent, scene.consultationId);
    const c = await joinForm(citizen, scene.consultationId);
    await new Promise((r) => setTimeout(r, 200)); // Redis SUBSCRIBE is asynchronous

    formText(c.doc, 'anliegen').insert(0, 'Zuzug');
    await receiveUntil(agent, a.doc, () => formText(a.doc, 'anliegen').toString(), 'Zuzug');
    agent.send({ type: 'form.checklist', consultationId: scene.consultationId, index: 0, ticked: true });
    expect((await citizen.next('form.checklist')).checklist).toEqual([true]);
    agent.close();
    citizen.close();
  });
});
