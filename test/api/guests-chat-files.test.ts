import { afterAll, beforeAll, expect, it } from 'vitest';
import { hashToken } from '../../src/server/security/tokens';
import type { ProtocolDownload } from '../../src/shared/consultations';
import type { ChatMessage, ClientMessage, ConsultationFile } from '../../src/shared/realtime';
import { describeEachDb } from '../support/each-db';
import { connectSocket, type TestSocket } from '../support/realtime';
import { samplePdf } from '../support/sample-files';
import { startTestServer, type TestServer } from '../support/server';
import { callScene, consultationRequest, fileRequests, type Who } from './consultation-fixtures';
import { pdfText } from './consultation-pdf';
import { guestFixtures } from './guests-fixtures';

describeEachDb('guests in the chat and the files', (kind) => {
  let server: TestServer;
  let request: ReturnType<typeof consultationRequest>;
  let files: ReturnType<typeof fileRequests>;
  beforeAll(async () => {
    server = await startTestServer(kind, { listen: true });
    request = consultationRequest(server);
    files = fileRequests(server);
  });
  afterAll(() => server.close());

  const { guestsApi, publicApi, invite, redeem, sockets, guestSocket } = guestFixtures(() => server);
  const closeAll = (...all: TestSocket[]) => {
    for (const socket of all) socket.close();
  };
  const expectProblem = (
    response: { statusCode: number; headers: Record<string, unknown> },
    status: number,
  ) => {
    expect(response.statusCode).toBe(status);
    expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
  };

  /** A call with an interpreter in it: everyone's socket, and how each of them authenticates. */
  async function withInterpreter(label = 'Dolmetscherin') {
    const scene = await callScene(server);
    const { agent, citizen } = await sockets(scene);
    const joined = await redeem(await invite(scene, label));
    const guest = await guestSocket(joined.guestToken);
    await guest.next('call.start');
    return {
      scene,
      sockets: { agent, citizen, guest },
      as: {
        agent: { cookie: scene.agent.cookie } as Who,
        citizen: { token: scene.citizen.token } as Who,
        guest: { token: joined.guestToken } as Who,
      },
      guestId: `guest:${joined.guestId}`,
      joined,
    };
  }

  it('a guest reads the history and writes; everyone hears it live, the guest named by the label', async () => {
    const scene = await callScene(server);
    const { agent, citizen } = await sockets(scene);
    const asAgent = { cookie: scene.agent.cookie };
    const asCitizen = { token: scene.citizen.token };

    // Written before the interpreter came: the history shows it to them.
    const early = await request(asCitizen, 'POST', scene.consultationId, '/chat', { text: 'Ich heiße Zoë.' });
    expect(early.statusCode, early.body).toBe(201);
    const fromCitizen = early.json() as ChatMessage;
    expect(fromCitizen).toMatchObject({ role: 'citizen', label: null });

    const joined = await redeem(await invite(scene, 'Dolmetscherin'));
    const guestId = `guest:${joined.guestId}`;
    const asGuest = { token: joined.guestToken };
    const guest = await guestSocket(joined.guestToken);
    const history = await request(asGuest, 'GET', scene.consultationId, '/chat');
    expect(history.statusCode, history.body).toBe(200);
    expect(history.headers['cache-control']).toBe('no-store');
    expect(history.json()).toEqual({ messages: [fromCitizen] });

    const sent = await request(asGuest, 'POST', scene.consultationId, '/chat', {
      text: '  Schreibweise: Ç wie in Çelik  ',
    });
    expect(sent.statusCode, sent.body).toBe(201);
    const fromGuest = sent.json() as ChatMessage;
    expect(fromGuest).toMatchObject({
      consultationId: scene.consultationId,
      author: guestId,
      role: 'guest',
      label: 'Dolmetscherin',
      text: 'Schreibweise: Ç wie in Çelik',
      readAt: null,
    });
    // Agent, citizen and the guest's own tab hear of it.
    for (const socket of [agent, citizen, guest]) {
      expect((await socket.next('chat.message', (m) => m.message.id === fromGuest.id)).message).toEqual(
        fromGuest,
      );
    }
    // Messages of the others reach the guest live too.
    const reply = await request(asAgent, 'POST', scene.consultationId, '/chat', { text: 'Danke!' });
    const fromAgent = reply.json() as ChatMessage;
    expect((await guest.next('chat.message', (m) => m.message.id === fromAgent.id)).message.label).toBeNull();
    const seenByAgent = (await request(asAgent, 'GET', scene.consultationId, '/chat')).json().messages;
    expect(seenByAgent.map((m: ChatMessage) => [m.role, m.label, m.text])).toEqual([
      ['citizen', null, 'Ich heiße Zoë.'],
      ['guest', 'Dolmetscherin', 'Schreibweise: Ç wie in Çelik'],
      ['agent', null, 'Danke!'],
    ]);

    // Read marks: a message counts as read once anyone but its author read it; everyone is told.
    const read = await request(asGuest, 'POST', scene.consultationId, '/chat/read', { upTo: fromAgent.id });
    expect(read.json()).toEqual({ marked: 2 });
    for (const socket of [agent, citizen]) {
      expect(await socket.next('chat.read', (m) => m.reader === guestId)).toMatchObject({
        consultationId: scene.consultationId,
        upTo: fromAgent.id,
      });
    }
    const afterGuestRead = (await request(asCitizen, 'GET', scene.consultationId, '/chat')).json().messages;
    expect(afterGuestRead.map((m: ChatMessage) => m.readAt !== null)).toEqual([true, false, true]);
    const readByCitizen = await request(asCitizen, 'POST', scene.consultationId, '/chat/read', {
      upTo: fromGuest.id,
    });
    expect(readByCitizen.json()).toEqual({ marked: 1 });
    await guest.next('chat.read', (m) => m.reader === `citizen:${scene.citizen.visitId}`);

    // A guest without a label writes as such ('' for the pages to call "Gast").
    const colleague = await redeem(await invite(scene));
    const plain = await request({ token: colleague.guestToken }, 'POST', scene.consultationId, '/chat', {
      text: 'Hallo',
    });
    expect(plain.json()).toMatchObject({ role: 'guest', label: '', author: `guest:${colleague.guestId}` });
    expect((await citizen.next('chat.message', (m) => m.message.text === 'Hallo')).message.label).toBe('');

    // The chat is all a guest gets of the record: notes, protocol, view and rating stay the others'.
    for (const [method, path] of [
      ['GET', ''],
      ['GET', '/record'],
      ['GET', '/protocol.json'],
      ['POST', '/rating'],
    ] as const) {
      const body = method === 'POST' ? { stars: 5 } : undefined;
      expectProblem(await request(asGuest, method, scene.consultationId, path, body), 403);
    }
    // Bad input is a 400 problem, as for anyone.
    const empty = await request(asGuest, 'POST', scene.consultationId, '/chat', { text: '   ' });
    expectProblem(empty, 400);
    expect(empty.json().errors[0].field).toBe('body.text');
    closeAll(agent, citizen, guest);
  });

  it('a guest loses chat and files when they leave, are removed or the consultation ends; others are 404', async () => {
    const { scene, sockets: all, as, joined } = await withInterpreter();
    const other = await callScene(server, {}, scene.tenant);
    const pdf = await samplePdf('Meldebescheinigung');
    const shared = (await files.upload(as.citizen, scene.consultationId, 'Meldung.pdf', pdf)).json();

    // Valid, but not a guest of that consultation: 404, as for anyone outside it.
    for (const [method, path] of [
      ['GET', '/chat'],
      ['POST', '/chat'],
      ['GET', '/files'],
    ] as const) {
      const body = method === 'POST' ? { text: 'Hallo' } : undefined;
      expectProblem(await request(as.guest, method, other.consultationId, path, body), 404);
    }
    expectProblem(await files.upload(as.guest, other.consultationId, 'a.pdf', pdf), 404);
    expect((await request(as.guest, 'GET', scene.consultationId, '/chat')).statusCode).toBe(200);

    // A guest who left: the session is spent (401) everywhere.
    const colleague = await redeem(await invite(scene, 'Kollege'));
    expect(
      (await request({ token: colleague.guestToken }, 'GET', scene.consultationId, '/chat')).statusCode,
    ).toBe(200);
    expect((await publicApi('POST', 'leave', colleague.guestToken)).statusCode).toBe(204);
    expectProblem(await request({ token: colleague.guestToken }, 'GET', scene.consultationId, '/chat'), 401);

    // A removed guest: neither reads nor writes nor downloads, and hears nothing more.
    const removed = await guestsApi(as.agent, 'DELETE', scene.consultationId, `/${joined.guestId}`);
    expect(removed.statusCode).toBe(204);
    await all.guest.next('call.ended');
    expectProblem(await request(as.guest, 'GET', scene.consultationId, '/chat'), 401);
    expectProblem(await request(as.guest, 'POST', scene.consultationId, '/chat', { text: 'Noch da?' }), 401);
    expectProblem(await request(as.guest, 'GET', scene.consultationId, '/files'), 401);
    expectProblem(await files.download(as.guest, scene.consultationId, shared.id), 401);
    expectProblem(await files.upload(as.guest, scene.consultationId, 'b.pdf', pdf), 401);
    const after = (await request(as.agent, 'POST', scene.consultationId, '/chat', { text: 'Weiter' })).json();
    await all.citizen.next('chat.message', (m) => m.message.id === after.id);
    // The server answers pings in order: whatever it sent the removed guest came before the pong.
    all.guest.send({ type: 'ping' });
    await expect.poll(() => all.guest.messages.some((m) => m.type === 'pong')).toBe(true);
    expect(all.guest.messages.filter((m) => m.type === 'chat.message')).toEqual([]);

    // The consultation ends: the guest still in it loses access; the citizen still reads the chat.
    const late = await redeem(await invite(scene, 'Später'));
    expect(
      (await request({ token: late.guestToken }, 'GET', scene.consultationId, '/files')).statusCode,
    ).toBe(200);
    const ended = await server.app.inject({
      method: 'POST',
      url: `/api/staff/consultations/${scene.consultationId}/end`,
      headers: { cookie: scene.agent.cookie },
    });
    expect(ended.statusCode).toBe(200);
    for (const path of ['/chat', '/files']) {
      expectProblem(await request({ token: late.guestToken }, 'GET', scene.consultationId, path), 401);
    }
    expectProblem(await files.download({ token: late.guestToken }, scene.consultationId, shared.id), 401);
    expect((await request(as.citizen, 'GET', scene.consultationId, '/chat')).statusCode).toBe(200);
    closeAll(all.agent, all.citizen, all.guest);
  });

  it('never takes a visit token for a guest token or the other way round', async () => {
    const { scene, sockets: all, as, joined, guestId } = await withInterpreter();
    // A guest token says its kind: a mark no visit token can carry.
    expect(joined.guestToken).toMatch(/^guest\.[A-Za-z0-9_-]{43}$/);
    expect(scene.citizen.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const refusedHello = async (hello: ClientMessage) => {
      const socket = await connectSocket(server.baseUrl);
      socket.send(hello);
      expect(await socket.closed).toBe(1008);
    };

    // The guest token at the citizen's doors.
    const visitAsGuest = await server.app.inject({
      method: 'GET',
      url: '/api/public/visit',
      headers: { authorization: `Bearer ${joined.guestToken}` },
    });
    expectProblem(visitAsGuest, 401);
    await refusedHello({ type: 'hello', as: 'citizen', visitToken: joined.guestToken });
    // Without its mark a guest token is nobody's.
    const unmarked = { token: joined.guestToken.slice('guest.'.length) };
    expectProblem(await request(unmarked, 'GET', scene.consultationId, '/chat'), 401);

    // Even a guest stored under the visit token's hash is not found by it: the visit token is only
    // ever looked up among visits.
    const colleague = await redeem(await invite(scene, 'Kollege'));
    await server.ctx.db.query('UPDATE consultation_guests SET session_hash = $1 WHERE id = $2', [
      hashToken(scene.citizen.token),
      colleague.guestId,
    ]);
    expectProblem(await publicApi('GET', 'me', scene.citizen.token), 401);
    await refusedHello({ type: 'hello', as: 'guest', guestToken: scene.citizen.token });
    const byCitizen = await request(as.citizen, 'POST', scene.consultationId, '/chat', { text: 'Ich' });
    expect(byCitizen.json()).toMatchObject({ role: 'citizen', author: `citizen:${scene.citizen.visitId}` });

    // And a visit stored under the guest token's hash: the guest token still means the guest only.
    const other = await callScene(server, {}, scene.tenant);
    await server.ctx.db.query('UPDATE visits SET resume_token_hash = $1 WHERE id = $2', [
      hashToken(joined.guestToken),
      other.citizen.visitId,
    ]);
    expectProblem(await request(as.guest, 'GET', other.consultationId, '/chat'), 404);
    const byGuest = await request(as.guest, 'POST', scene.consultationId, '/chat', { text: 'Ich auch' });
    expect(byGuest.json()).toMatchObject({ role: 'guest', author: guestId });
    closeAll(all.agent, all.citizen, all.guest);
  });

  it('a guest lists, downloads and shares files, checked and audited like anyone’s', async () => {
    const { scene, sockets: all, as, guestId } = await withInterpreter();
    const pdf = await samplePdf('Bescheid vom 1. März');
    const fromCitizen = (await files.upload(as.citizen, scene.consultationId, 'Bescheid.pdf', pdf)).json();
    expect((await all.guest.next('file.shared')).file).toEqual(fromCitizen);

    const list = await request(as.guest, 'GET', scene.consultationId, '/files');
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().files).toEqual([fromCitizen]);
    const got = await files.download(as.guest, scene.consultationId, fromCitizen.id);
    expect(got.statusCode, got.body).toBe(200);
    expect(got.rawPayload.equals(pdf)).toBe(true);
    expect(got.headers['x-content-type-options']).toBe('nosniff');

    const glossary = await samplePdf('Glossar: Meldebescheinigung – certificate of registration');
    const sent = await files.upload(as.guest, scene.consultationId, 'Glossar.pdf', glossary);
    expect(sent.statusCode, sent.body).toBe(201);
    const fromGuest = sent.json() as ConsultationFile;
    expect(fromGuest).toMatchObject({
      name: 'Glossar.pdf',
      uploader: guestId,
      uploaderRole: 'guest',
      uploaderLabel: 'Dolmetscherin',
      size: glossary.length,
    });
    for (const socket of [all.agent, all.citizen, all.guest]) {
      expect((await socket.next('file.shared', (m) => m.file.id === fromGuest.id)).file).toEqual(fromGuest);
    }
    const atCitizen = await files.download(as.citizen, scene.consultationId, fromGuest.id);
    expect(atCitizen.rawPayload.equals(glossary)).toBe(true);

    // The same checks as anyone's: the type by content.
    const elf = Buffer.alloc(512);
    elf.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]);
    expectProblem(await files.upload(as.guest, scene.consultationId, 'Tool.pdf', elf), 415);
    expect((await request(as.agent, 'GET', scene.consultationId, '/files')).json().files).toHaveLength(2);

    const audit = await server.ctx.db.query<{ action: string; actor: string; object: string }>(
      `SELECT action, actor, object FROM audit_events WHERE tenant_id = $1 AND action LIKE 'file.%' ORDER BY seq`,
      [scene.tenant.tenantId],
    );
    expect(audit).toEqual([
      {
        action: 'file.uploaded',
        actor: `citizen:${scene.citizen.visitId}`,
        object: `consultation_file:${fromCitizen.id}`,
      },
      { action: 'file.downloaded', actor: guestId, object: `consultation_file:${fromCitizen.id}` },
      { action: 'file.uploaded', actor: guestId, object: `consultation_file:${fromGuest.id}` },
      {
        action: 'file.downloaded',
        actor: `citizen:${scene.citizen.visitId}`,
        object: `consultation_file:${fromGuest.id}`,
      },
    ]);
    closeAll(all.agent, all.citizen, all.guest);
  });

  it('the protocol names the guest’s messages and files by the label', async () => {
    const { scene, sockets: all, as } = await withInterpreter();
    await request(as.citizen, 'POST', scene.consultationId, '/chat', { text: 'Mein Name: Çelik-Müller' });
    await request(as.guest, 'POST', scene.consultationId, '/chat', { text: 'Ç mit Cedille' });
    const glossary = await samplePdf('Glossar');
    expect((await files.upload(as.guest, scene.consultationId, 'Glossar.pdf', glossary)).statusCode).toBe(
      201,
    );

    const issued = await request(as.agent, 'POST', scene.consultationId, '/protocol', { includeChat: true });
    expect(issued.statusCode, issued.body).toBe(201);
    const record = (
      await request(as.agent, 'GET', scene.consultationId, '/protocol.json')
    ).json() as ProtocolDownload;
    // Only the guest's line has a label: the others' look as they always did.
    expect(record.chat.transcript).toStrictEqual([
      { at: expect.any(String), role: 'citizen', text: 'Mein Name: Çelik-Müller' },
      { at: expect.any(String), role: 'guest', label: 'Dolmetscherin', text: 'Ç mit Cedille' },
    ]);
    expect(record.files).toEqual([
      expect.objectContaining({ name: 'Glossar.pdf', uploaderRole: 'guest', uploaderLabel: 'Dolmetscherin' }),
    ]);
    const pdf = await request(as.agent, 'GET', scene.consultationId, '/protocol.pdf');
    const text = (await pdfText(pdf.rawPayload)).replace(/\s+/g, ' ');
    expect(text).toMatch(/\d\d:\d\d Dolmetscherin \(Gast\) ?Ç mit Cedille/);
    expect(text).toMatch(/geteilt um \d\d:\d\d Uhr von Dolmetscherin \(Gast\)/);
    closeAll(all.agent, all.citizen, all.guest);
  });
});
