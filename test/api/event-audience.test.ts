import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import { QUESTION_MAX_LENGTH, QUESTIONS_PER_WINDOW, type Question } from '../../src/shared/event-audience';
import { describeEachDb } from '../support/each-db';
import { type EventTestKit, type EventWorld, eventTestKit, startEventWorld } from '../support/event-world';
import { connectSocket, type TestSocket } from '../support/realtime';
import { createTestTenant, type TestServer, type TestTenant } from '../support/server';

const NOW = Temporal.Instant.from('2027-03-10T09:00:00Z');

describeEachDb('public events: questions and hands of the audience', (kind) => {
  let server: TestServer;
  let tenant: TestTenant;
  let admin: EventWorld['admin'];
  let host: EventWorld['host'];
  let request: EventTestKit['request'];
  let openEvent: EventTestKit['openEvent'];
  let follow: EventTestKit['follow'];
  beforeAll(async () => {
    const world = await startEventWorld(kind, 'Fragestadt');
    ({ server, tenant, admin, host } = world);
    ({ request, openEvent, follow } = eventTestKit(world, NOW));
  });
  beforeEach(() => {
    server.ctx.clock = () => NOW;
  });
  afterAll(() => server.close());

  const sockets: TestSocket[] = [];
  afterAll(() => {
    for (const socket of sockets) socket.close();
  });

  it('hosts see questions live and decide; the audience sees approved ones, upvotes once, most votes first', async () => {
    const { event, base, takeSeat, staffBase } = await openEvent();
    const asker = await takeSeat();
    const voter = await takeSeat();
    const hostSocket = await follow(event.id, { cookie: host.cookie });
    const audience = await follow(event.id, { seat: voter });
    sockets.push(hostSocket, audience);
    expect((await hostSocket.next('event.questions')).questions).toEqual([]);
    expect((await audience.next('event.questions')).questions).toEqual([]);

    // Plain text as typed (markup included): the pages show it as text, never as HTML.
    // A second apart, so that equal votes keep the order of asking.
    let asked = 0;
    const ask = (text: string) => {
      const at = NOW.add({ seconds: ++asked });
      server.ctx.clock = () => at;
      return request('POST', `${base}/questions`, { seat: asker }, { text });
    };
    const first = await ask('  <b>Wann</b> beginnt der Bau? ');
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ text: '<b>Wann</b> beginnt der Bau?', status: 'pending', votes: 0 });
    const second = (await ask('Wie laut wird es?')).json<Question>();
    const never = (await ask('Nur für die Moderation')).json<Question>();
    expect((await hostSocket.next('event.question')).question.status).toBe('pending');

    const decide = (id: string, status: string, cookie = host.cookie) =>
      request('POST', `${staffBase}/questions/${id}`, { cookie }, { status });
    expect((await decide(first.json<Question>().id, 'approved')).statusCode).toBe(200);
    expect((await decide(second.id, 'approved')).statusCode).toBe(200);
    // The audience's first question news is the approval: pending questions never reach it.
    const shown = await audience.next('event.question');
    expect(shown.question).toMatchObject({ id: first.json<Question>().id, status: 'approved' });
    await audience.next('event.question', (m) => m.question.id === second.id);

    const vote = (id: string, seat = voter) => request('POST', `${base}/questions/${id}/vote`, { seat });
    const voted = await vote(second.id);
    expect(voted.statusCode, voted.body).toBe(200);
    expect(voted.json<Question>().votes).toBe(1);
    expect((await audience.next('event.question', (m) => m.question.votes === 1)).question.id).toBe(
      second.id,
    );
    // Once per seat; a pending question cannot be voted for.
    expect((await vote(second.id)).statusCode).toBe(409);
    expect((await vote(never.id)).statusCode).toBe(404);

    const listed = await request('GET', `${staffBase}/questions`, { cookie: host.cookie });
    expect(listed.json<Question[]>().map((q) => q.id)).toEqual([
      second.id,
      first.json<Question>().id,
      never.id,
    ]);

    // Answered stays visible; rejected after approval is taken from the audience's view.
    expect((await decide(second.id, 'answered')).json<Question>().status).toBe('answered');
    await decide(first.json<Question>().id, 'rejected');
    expect((await audience.next('event.question-hidden')).questionId).toBe(first.json<Question>().id);
    expect((await vote(first.json<Question>().id)).statusCode).toBe(404);

    // A page joining now sees the visible questions only, most votes first.
    const late = await follow(event.id, { seat: await takeSeat() });
    sockets.push(late);
    expect((await late.next('event.questions')).questions.map((q) => [q.id, q.status])).toEqual([
      [second.id, 'answered'],
    ]);
  });

  it('only a held seat of this event asks and votes; only the hosts of this event decide', async () => {
    const { base, takeSeat, staffBase } = await openEvent();
    const other = await openEvent();
    const seat = await takeSeat();
    const question = await request('POST', `${base}/questions`, { seat }, { text: 'Frage' });
    const id = question.json<Question>().id;

    const noSeat = await request('POST', `${base}/questions`, {}, { text: 'Frage' });
    expect(noSeat.statusCode).toBe(401);
    expect(noSeat.headers['content-type']).toContain('application/problem+json');
    expect(noSeat.json().reason).toBe('no-seat');
    // A seat of another event is no seat here.
    const elsewhere = await other.takeSeat();
    expect((await request('POST', `${base}/questions`, { seat: elsewhere }, { text: 'x' })).statusCode).toBe(
      401,
    );
    expect((await request('POST', `${base}/questions/${id}/vote`, { seat: elsewhere })).statusCode).toBe(401);

    // The audience cannot decide, neither can a colleague who does not host, nor another authority.
    const decide = (auth: { cookie?: string; seat?: string }, url = `${staffBase}/questions/${id}`) =>
      request('POST', url, auth, { status: 'approved' });
    expect((await decide({ seat })).statusCode).toBe(401);
    const colleague = await tenant.staff('agent');
    expect((await decide({ cookie: colleague.cookie })).statusCode).toBe(403);
    expect((await decide({ cookie: admin.cookie })).statusCode).toBe(403);
    const foreign = await (await createTestTenant(server, 'Andere Fragestadt')).staff('admin');
    expect((await decide({ cookie: foreign.cookie })).statusCode).toBe(404);
    // A question of another event through this event's host route is not found.
    expect((await decide({ cookie: host.cookie }, `${other.staffBase}/questions/${id}`)).statusCode).toBe(
      404,
    );
    expect((await request('GET', `${staffBase}/questions`, { cookie: colleague.cookie })).statusCode).toBe(
      403,
    );

    // A seat whose page left asks nothing more.
    const socket = await connectSocket(server.baseUrl);
    socket.send({ type: 'hello', as: 'audience', audienceToken: seat });
    await socket.next('ready');
    socket.close();
    await socket.closed;
    await expect
      .poll(
        async () => (await request('POST', `${base}/questions`, { seat }, { text: 'Noch eine' })).statusCode,
      )
      .toBe(401);
  });

  it('refuses bad input with the field at fault, and questions after the event', async () => {
    const { base, takeSeat, staffBase } = await openEvent();
    const seat = await takeSeat();
    const cases: [object, string][] = [
      [{ text: '   ' }, 'body.text'],
      [{ text: 'x'.repeat(QUESTION_MAX_LENGTH + 1) }, 'body.text'],
      [{ text: 'Frage', html: true }, 'body'],
      [{}, 'body.text'],
    ];
    for (const [payload, field] of cases) {
      const response = await request('POST', `${base}/questions`, { seat }, payload);
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const id = (await request('POST', `${base}/questions`, { seat }, { text: 'Frage' })).json<Question>().id;
    const badDecision = await request(
      'POST',
      `${staffBase}/questions/${id}`,
      { cookie: host.cookie },
      { status: 'pending' },
    );
    expect(badDecision.statusCode).toBe(400);
    expect(badDecision.json().errors[0].field).toBe('body.status');
    expect((await request('POST', `${base}/questions/not-a-uuid/vote`, { seat })).statusCode).toBe(400);
    const longName = await request('PUT', `${base}/hand`, { seat }, { raised: true, name: 'x'.repeat(81) });
    expect(longName.statusCode).toBe(400);
    expect(longName.json().errors[0].field).toBe('body.name');

    server.ctx.clock = () => NOW.add({ minutes: 101 });
    const over = await request('POST', `${base}/questions`, { seat }, { text: 'Zu spät' });
    expect(over.statusCode).toBe(409);
  });

  it(`a seat asks ${QUESTIONS_PER_WINDOW} questions per window, then waits (429 with Retry-After)`, async () => {
    const { base, takeSeat } = await openEvent();
    const seat = await takeSeat();
    const ask = () => request('POST', `${base}/questions`, { seat }, { text: 'Noch eine Frage' });
    for (let i = 0; i < QUESTIONS_PER_WINDOW; i++) {
      server.ctx.clock = () => NOW.add({ minutes: i });
      expect((await ask()).statusCode).toBe(201);
    }
    const refused = await ask();
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ reason: 'rate-limit', limit: 'questions', scope: 'seat' });
    // The first of the window was asked at NOW; the clock reads NOW + 2 min: 8 minutes to go.
    expect(refused.headers['retry-after']).toBe('480');
    // Another seat is not held back by this one.
    expect(
      (await request('POST', `${base}/questions`, { seat: await takeSeat() }, { text: 'Ich' })).statusCode,
    ).toBe(201);
    server.ctx.clock = () => NOW.add({ minutes: 10, seconds: 1 });
    expect((await ask()).statusCode).toBe(201);
  });

  it('a raised hand reaches the hosts with its name; only a host gives and takes the floor; no floor, no microphone', async () => {
    const { event, base, takeSeat, staffBase } = await openEvent();
    const speaker = await takeSeat();
    const listener = await takeSeat();
    const hostSocket = await follow(event.id, { cookie: host.cookie });
    const speakerSocket = await follow(event.id, { seat: speaker });
    const listenerSocket = await follow(event.id, { seat: listener });
    sockets.push(hostSocket, speakerSocket, listenerSocket);
    expect(await hostSocket.next('event.hands')).toMatchObject({ hands: [], floor: null });
    expect(await speakerSocket.next('event.hand')).toMatchObject({ raised: false, floor: false });
    expect(await listenerSocket.next('event.hand')).toMatchObject({ raised: false, floor: false });

    const raised = await request('PUT', `${base}/hand`, { seat: speaker }, { raised: true, name: ' Anna ' });
    expect(raised.statusCode, raised.body).toBe(204);
    const hands = await hostSocket.next('event.hands', (m) => m.hands.length === 1);
    expect(hands.hands[0]?.name).toBe('Anna');
    expect(await speakerSocket.next('event.hand')).toMatchObject({ raised: true, floor: false });
    const seatId = hands.hands[0]?.seatId as string;

    // Neither the audience nor a colleague who does not host gives the floor.
    const give = (auth: { cookie?: string; seat?: string }) =>
      request('PUT', `${staffBase}/floor`, auth, { seatId });
    expect((await give({ seat: speaker })).statusCode).toBe(401);
    expect((await give({ cookie: (await tenant.staff('agent')).cookie })).statusCode).toBe(403);
    // A seat that never raised its hand publishes nothing: refused before Janus is asked.
    listenerSocket.send({ type: 'event.publish', eventId: event.id, sdp: 'v=0' });
    expect((await listenerSocket.next('error')).code).toBe('event-no-floor');

    expect((await give({ cookie: host.cookie })).statusCode).toBe(204);
    expect(await speakerSocket.next('event.hand')).toMatchObject({ raised: false, floor: true });
    expect((await hostSocket.next('event.hands', (m) => m.floor !== null)).floor).toEqual({
      seatId,
      name: 'Anna',
    });
    expect(await server.ctx.events.hands.hasFloor({ id: seatId, eventId: event.id })).toBe(true);

    expect((await request('DELETE', `${staffBase}/floor`, { seat: speaker })).statusCode).toBe(401);
    expect((await request('DELETE', `${staffBase}/floor`, { cookie: host.cookie })).statusCode).toBe(204);
    expect(await speakerSocket.next('event.hand')).toMatchObject({ raised: false, floor: false });
    expect(await server.ctx.events.hands.hasFloor({ id: seatId, eventId: event.id })).toBe(false);
    // The floor of a seat of another event (or no seat) is not found.
    const other = await openEvent();
    await other.takeSeat();
    const [stranger] = await server.ctx.db.query<{ id: string }>(
      'SELECT id FROM event_audience WHERE event_id = $1',
      [other.event.id],
    );
    const foreignSeat = { seatId: stranger?.id };
    expect(
      (await request('PUT', `${staffBase}/floor`, { cookie: host.cookie }, foreignSeat)).statusCode,
    ).toBe(404);
    // The other audience pages never see anyone's hand: only their own.
    expect(listenerSocket.messages.some((m) => m.type === 'event.hands')).toBe(false);
    expect(JSON.stringify(listenerSocket.messages)).not.toContain('Anna');

    // A raised hand whose page closes leaves the hosts' list.
    await request('PUT', `${base}/hand`, { seat: listener }, { raised: true });
    await hostSocket.next('event.hands', (m) => m.hands.length === 1);
    listenerSocket.close();
    await hostSocket.next('event.hands', (m) => m.hands.length === 0);
    // Its page back within the reconnect time (a train tunnel): the hand is back on the hosts' list.
    const back = await follow(event.id, { seat: listener });
    sockets.push(back);
    await hostSocket.next('event.hands', (m) => m.hands.length === 1);
  });
});
