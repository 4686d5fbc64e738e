import { Temporal } from 'temporal-polyfill';
import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { RoomState } from '../../src/shared/event-audience';
import { EVENT_LOCKED } from '../../src/shared/events';
import { describeEachDb } from '../support/each-db';
import { type EventTestKit, type EventWorld, eventTestKit, startEventWorld } from '../support/event-world';
import { citizenPost } from '../support/proof-of-work';
import { connectSocket, type TestSocket } from '../support/realtime';
import type { TestServer } from '../support/server';

const NOW = Temporal.Instant.from('2027-03-10T09:00:00Z');

describeEachDb('public events: the hosts lock the room and remove someone', (kind) => {
  let world: EventWorld;
  let server: TestServer;
  let kit: EventTestKit;
  beforeAll(async () => {
    world = await startEventWorld(kind, 'Ordnungsstadt');
    server = world.server;
    kit = eventTestKit(world, NOW);
  });
  beforeEach(() => {
    server.ctx.clock = () => NOW;
  });
  afterAll(() => server.close());
  const sockets: TestSocket[] = [];
  afterAll(() => {
    for (const socket of sockets) socket.close();
  });

  it('a locked room admits nobody new; those in stay, a page back in time keeps its seat; opened, it admits again', async () => {
    const { request, openEvent, follow } = kit;
    const { event, base, takeSeat, staffBase } = await openEvent();
    const inside = await takeSeat();
    const hostSocket = await follow(event.id, { cookie: world.host.cookie });
    const seatSocket = await follow(event.id, { seat: inside });
    sockets.push(hostSocket, seatSocket);
    expect(await hostSocket.next('event.room', (m) => m.audience === 1)).toMatchObject({ locked: false });

    const lock = (locked: boolean, cookie = world.host.cookie) =>
      request('PUT', `${staffBase}/lock`, { cookie }, { locked });
    // Only the event's hosts lock it: not the audience, not a colleague who does not host.
    expect((await lock(true, (await world.tenant.staff('agent')).cookie)).statusCode).toBe(403);
    expect((await request('PUT', `${staffBase}/lock`, { seat: inside }, { locked: true })).statusCode).toBe(
      401,
    );
    const locked = await lock(true);
    expect(locked.statusCode, locked.body).toBe(200);
    expect(locked.json<RoomState>()).toEqual({ locked: true, audience: 1 });
    expect(await hostSocket.next('event.room', (m) => m.locked)).toMatchObject({ audience: 1 });
    // The audience never hears of the room's figures.
    expect(seatSocket.messages.some((m) => m.type === 'event.room')).toBe(false);

    const refused = await citizenPost(server.app, `${base}/audience`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().detail).toBe(EVENT_LOCKED);
    // Those inside go on: they ask, and a page back after a dropped connection keeps its seat.
    expect(
      (await request('POST', `${base}/questions`, { seat: inside }, { text: 'Noch da?' })).statusCode,
    ).toBe(201);
    seatSocket.close();
    await hostSocket.next('event.room', (m) => m.audience === 0);
    const back = await follow(event.id, { seat: inside });
    sockets.push(back);
    await back.next('event.questions');
    await hostSocket.next('event.room', (m) => m.audience === 1);

    expect((await lock(false)).json<RoomState>()).toEqual({ locked: false, audience: 1 });
    expect((await citizenPost(server.app, `${base}/audience`, {})).statusCode).toBe(201);
    // Bad input names the field; the room of another authority's event is not found.
    const bad = await request('PUT', `${staffBase}/lock`, { cookie: world.host.cookie }, { locked: 'ja' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.locked');
  });

  it('a removed seat loses its hand, the floor and its socket at once, and its token is refused from then on', async () => {
    const { request, openEvent, follow } = kit;
    const { event, base, takeSeat, staffBase } = await openEvent();
    const heckler = await takeSeat();
    const neighbour = await takeSeat();
    const hostSocket = await follow(event.id, { cookie: world.host.cookie });
    const hecklerSocket = await follow(event.id, { seat: heckler });
    const neighbourSocket = await follow(event.id, { seat: neighbour });
    sockets.push(hostSocket, hecklerSocket, neighbourSocket);
    await request('PUT', `${base}/hand`, { seat: heckler }, { raised: true, name: 'Laut' });
    const hands = await hostSocket.next('event.hands', (m) => m.hands.length === 1);
    const seatId = hands.hands[0]?.seatId as string;
    expect(
      (await request('PUT', `${staffBase}/floor`, { cookie: world.host.cookie }, { seatId })).statusCode,
    ).toBe(204);
    await hecklerSocket.next('event.hand', (m) => m.floor);

    const remove = (cookie: string) => request('DELETE', `${staffBase}/audience/${seatId}`, { cookie });
    expect((await remove((await world.tenant.staff('agent')).cookie)).statusCode).toBe(403);
    const removed = await remove(world.host.cookie);
    expect(removed.statusCode, removed.body).toBe(204);

    // The page is told, then its socket closes; the hosts' list and count follow.
    expect(await hecklerSocket.next('event.removed')).toMatchObject({ eventId: event.id, seatId });
    expect(await hecklerSocket.closed).toBe(1008);
    expect(await hostSocket.next('event.hands', (m) => m.floor === null)).toMatchObject({ hands: [] });
    await hostSocket.next('event.room', (m) => m.audience === 1);
    expect(await server.ctx.events.hands.hasFloor({ id: seatId, eventId: event.id })).toBe(false);
    // Nobody else hears of it.
    expect(neighbourSocket.messages.some((m) => m.type === 'event.removed')).toBe(false);

    // Its token does nothing any more: no socket, no question, no hand.
    const again = await connectSocket(server.baseUrl);
    again.send({ type: 'hello', as: 'audience', audienceToken: heckler });
    expect((await again.next('error')).code).toBe('unknown-seat');
    expect(await again.closed).toBe(1008);
    expect(
      (await request('POST', `${base}/questions`, { seat: heckler }, { text: 'Ich bin wieder da' }))
        .statusCode,
    ).toBe(401);
    expect((await request('PUT', `${base}/hand`, { seat: heckler }, { raised: true })).statusCode).toBe(401);
    // Removing twice, or a seat that is not this event's, is not found.
    expect((await remove(world.host.cookie)).statusCode).toBe(404);
    const notASeat = await request('DELETE', `${staffBase}/audience/not-a-uuid`, {
      cookie: world.host.cookie,
    });
    expect(notASeat.statusCode).toBe(400);
  });
});
