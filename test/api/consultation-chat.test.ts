import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/shared/realtime';
import { describeEachDb } from '../support/each-db';
import { connectSocket } from '../support/realtime';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { callScene, consultationRequest } from './consultation-fixtures';
import { enter } from './visits-fixtures';

describeEachDb('consultation chat', (kind) => {
  let server: TestServer;
  let request: ReturnType<typeof consultationRequest>;
  beforeAll(async () => {
    server = await startTestServer(kind, { listen: true });
    request = consultationRequest(server);
  });
  afterAll(() => server.close());

  it('carries messages both ways, live over the WebSocket, with read state', async () => {
    const scene = await callScene(server);
    const agent = { cookie: scene.agent.cookie };
    const citizen = { token: scene.citizen.token };
    const staffSocket = await connectSocket(server.baseUrl, { cookie: scene.agent.cookie });
    staffSocket.send({ type: 'hello', as: 'staff' });
    await staffSocket.next('ready');
    const citizenSocket = await connectSocket(server.baseUrl);
    citizenSocket.send({ type: 'hello', as: 'citizen', visitToken: scene.citizen.token });
    await citizenSocket.next('ready');

    // Text travels exactly as typed: markup is not interpreted, escaped or stripped by the server.
    const hostile = 'Mein Brief: https://example.org/brief.pdf <img src=x onerror=alert(1)> & "Zitat"';
    const sent = await request(citizen, 'POST', scene.consultationId, '/chat', { text: hostile });
    expect(sent.statusCode, sent.body).toBe(201);
    const fromCitizen = sent.json() as ChatMessage;
    expect(fromCitizen).toMatchObject({
      consultationId: scene.consultationId,
      author: `citizen:${scene.citizen.visitId}`,
      role: 'citizen',
      text: hostile,
      readAt: null,
    });
    const atAgent = await staffSocket.next('chat.message');
    expect(atAgent).toEqual({
      type: 'chat.message',
      consultationId: scene.consultationId,
      message: fromCitizen,
    });
    // The author's own tabs hear of it too, so a second tab stays in step.
    expect((await citizenSocket.next('chat.message')).message.id).toBe(fromCitizen.id);

    const reply = await request(agent, 'POST', scene.consultationId, '/chat', {
      text: '  Danke, ich sehe ihn mir an.  ',
    });
    expect(reply.statusCode, reply.body).toBe(201);
    const fromAgent = reply.json() as ChatMessage;
    expect(fromAgent).toMatchObject({
      author: `agent:${scene.agent.id}`,
      role: 'agent',
      text: 'Danke, ich sehe ihn mir an.',
    });
    expect((await citizenSocket.next('chat.message')).message).toEqual(fromAgent);
    await staffSocket.next('chat.message', (m) => m.message.id === fromAgent.id);

    for (const who of [agent, citizen]) {
      const history = await request(who, 'GET', scene.consultationId, '/chat');
      expect(history.statusCode).toBe(200);
      expect(history.headers['cache-control']).toBe('no-store');
      expect(history.json().messages.map((m: ChatMessage) => [m.id, m.readAt])).toEqual([
        [fromCitizen.id, null],
        [fromAgent.id, null],
      ]);
    }

    // The agent reads up to the citizen's message: the citizen (the author) is told.
    const read = await request(agent, 'POST', scene.consultationId, '/chat/read', { upTo: fromCitizen.id });
    expect(read.statusCode, read.body).toBe(200);
    expect(read.json()).toEqual({ marked: 1 });
    const told = await citizenSocket.next('chat.read');
    expect(told).toMatchObject({
      consultationId: scene.consultationId,
      reader: `agent:${scene.agent.id}`,
      upTo: fromCitizen.id,
    });
    // Reading again changes nothing; reading up to one's own message marks only the other side's.
    expect(
      (await request(agent, 'POST', scene.consultationId, '/chat/read', { upTo: fromAgent.id })).json(),
    ).toEqual({
      marked: 0,
    });
    const afterAgentRead = (await request(citizen, 'GET', scene.consultationId, '/chat')).json().messages;
    expect(afterAgentRead[0].readAt).toBe(told.readAt);
    expect(afterAgentRead[1].readAt).toBeNull();

    expect(
      (await request(citizen, 'POST', scene.consultationId, '/chat/read', { upTo: fromAgent.id })).json(),
    ).toEqual({ marked: 1 });
    await staffSocket.next('chat.read', (m) => m.reader === `citizen:${scene.citizen.visitId}`);
    const bothRead = (await request(agent, 'GET', scene.consultationId, '/chat')).json().messages;
    expect(bothRead.every((m: ChatMessage) => m.readAt !== null)).toBe(true);

    // After the call the history stays readable, but the chat is closed.
    const ended = await server.app.inject({
      method: 'POST',
      url: `/api/staff/consultations/${scene.consultationId}/end`,
      headers: agent,
    });
    expect(ended.statusCode).toBe(200);
    const late = await request(citizen, 'POST', scene.consultationId, '/chat', { text: 'Noch etwas' });
    expect(late.statusCode).toBe(409);
    expect(late.headers['content-type']).toMatch(/problem\+json/);
    expect((await request(citizen, 'GET', scene.consultationId, '/chat')).json().messages).toHaveLength(2);
    staffSocket.close();
    citizenSocket.close();
  });

  it('answers 404 to anyone outside the consultation, and 401 without valid credentials', async () => {
    const scene = await callScene(server);
    const message = (
      await request({ token: scene.citizen.token }, 'POST', scene.consultationId, '/chat', { text: 'Hallo' })
    ).json() as ChatMessage;
    // Another citizen waiting in the same office, another agent of the same authority,
    // and the staff of another authority.
    const otherVisit = await enter(server, scene.tenant.slug, scene.office.slug, 'Fremd');
    const colleague = await scene.tenant.staff('agent', { officeIds: [scene.office.id] });
    const admin = await scene.tenant.staff('admin');
    const otherTenant = await createTestTenant(server, 'Andere Stadt');
    const strangers = [
      { token: otherVisit.visitToken },
      { cookie: colleague.cookie },
      { cookie: (await otherTenant.staff('admin')).cookie },
      { cookie: (await otherTenant.staff('agent')).cookie },
    ];
    const probes: [Parameters<typeof request>[1], string, unknown][] = [
      ['GET', '', undefined],
      ['GET', '/chat', undefined],
      ['POST', '/chat', { text: 'Ich bin fremd' }],
      ['POST', '/chat/read', { upTo: message.id }],
      ['PUT', '/record', { notes: 'x', outcome: null }],
      ['POST', '/protocol', {}],
      ['POST', '/rating', { stars: 1 }],
    ];
    for (const who of strangers) {
      for (const [method, path, payload] of probes) {
        const response = await request(who, method, scene.consultationId, path, payload);
        expect(response.statusCode, `${JSON.stringify(who).slice(0, 20)} ${method} ${path}`).toBe(404);
        expect(response.headers['content-type']).toMatch(/problem\+json/);
      }
    }
    // The authority's admin may look at the consultation and read its protocol, but is not in the chat.
    expect((await request({ cookie: admin.cookie }, 'GET', scene.consultationId)).json().role).toBe('reader');
    for (const [method, path, payload] of probes.slice(1)) {
      const response = await request({ cookie: admin.cookie }, method, scene.consultationId, path, payload);
      expect(response.statusCode, `admin ${method} ${path}`).toBe(404);
    }
    // A consultation that does not exist looks the same as one of someone else.
    const missing = await request(
      { cookie: scene.agent.cookie },
      'GET',
      '00000000-0000-4000-8000-000000000000',
      '/chat',
    );
    expect(missing.statusCode).toBe(404);

    for (const who of [null, { token: 'x'.repeat(43) }, { cookie: 'amtsraum-staff=forged' }]) {
      const response = await request(who, 'GET', scene.consultationId, '/chat');
      expect(response.statusCode, JSON.stringify(who)).toBe(401);
    }
    const malformed = await server.app.inject({
      url: `/api/consultations/${scene.consultationId}/chat`,
      headers: { authorization: 'Basic abc' },
    });
    expect(malformed.statusCode).toBe(401);

    // Nothing the strangers sent was stored.
    const history = (
      await request({ cookie: scene.agent.cookie }, 'GET', scene.consultationId, '/chat')
    ).json();
    expect(history.messages.map((m: ChatMessage) => m.text)).toEqual(['Hallo']);
    expect(history.messages[0].readAt).toBeNull();
  });

  it('refuses bad input with 400 naming the field, a message of another consultation, and floods', async () => {
    const scene = await callScene(server);
    const other = await callScene(server, {}, scene.tenant);
    const citizen = { token: scene.citizen.token };
    const cases: [string, unknown, string][] = [
      ['/chat', { text: '' }, 'body.text'],
      ['/chat', { text: '   ' }, 'body.text'],
      ['/chat', { text: 'x'.repeat(2001) }, 'body.text'],
      ['/chat', { text: 'null \u0000 byte' }, 'body.text'],
      ['/chat', { text: 42 }, 'body.text'],
      ['/chat', { text: 'ok', html: '<b>' }, 'body'],
      ['/chat', {}, 'body.text'],
      ['/chat/read', { upTo: 'not-a-uuid' }, 'body.upTo'],
      ['/chat/read', {}, 'body.upTo'],
    ];
    for (const [path, payload, field] of cases) {
      const response = await request(citizen, 'POST', scene.consultationId, path, payload);
      expect(response.statusCode, `${path} ${JSON.stringify(payload).slice(0, 40)}`).toBe(400);
      expect(response.headers['content-type']).toMatch(/problem\+json/);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const badId = await request(citizen, 'GET', 'nope', '/chat');
    expect(badId.statusCode).toBe(400);
    expect(badId.json().errors[0].field).toBe('params.id');

    // A message id of another consultation is not found here, and marks nothing there.
    const foreign = (
      await request({ token: other.citizen.token }, 'POST', other.consultationId, '/chat', { text: 'Dort' })
    ).json() as ChatMessage;
    const crossRead = await request(
      { cookie: scene.agent.cookie },
      'POST',
      scene.consultationId,
      '/chat/read',
      {
        upTo: foreign.id,
      },
    );
    expect(crossRead.statusCode).toBe(404);
    expect(
      (await request({ cookie: other.agent.cookie }, 'GET', other.consultationId, '/chat')).json().messages[0]
        .readAt,
    ).toBeNull();

    // A flood is cut off with 429 after the burst.
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) {
      statuses.push(
        (await request(citizen, 'POST', scene.consultationId, '/chat', { text: `Nr. ${i}` })).statusCode,
      );
    }
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(201));
    expect(statuses.at(-1)).toBe(429);
  });
});
