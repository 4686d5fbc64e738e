import { afterAll, beforeAll, expect, it } from 'vitest';
import { scheduleRetention } from '../../src/server/modules/retention/retention-job';
import { describeEachDb } from '../support/each-db';
import { connectSocket, type TestSocket } from '../support/realtime';
import { createTestTenant, startTestServer, type TestServer } from '../support/server';
import { callScene, type Who } from './consultation-fixtures';
import { guestFixtures } from './guests-fixtures';

const OFFER = { description: { type: 'offer' as const, sdp: 'v=0 fake' } };

describeEachDb('guests in a consultation', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { listen: true });
  });
  afterAll(() => server.close());

  const { guestsApi, publicApi, invite, linkTokenOf, redeem, sockets, guestSocket } = guestFixtures(
    () => server,
  );
  const closeAll = (...all: TestSocket[]) => {
    for (const socket of all) socket.close();
  };
  const auditOf = (tenantId: string) =>
    server.ctx.db.query<{ action: string; actor: string; object: string; details: Record<string, unknown> }>(
      `SELECT action, actor, object, details FROM audit_events WHERE tenant_id = $1 AND action LIKE 'guest.%'
        ORDER BY seq`,
      [tenantId],
    );

  it('invites by a one-time link stored only as a hash; the first browser gets in, a second is refused', async () => {
    const scene = await callScene(server);
    const guest = await invite(scene, '  Dolmetscherin  ');
    expect(guest).toMatchObject({ label: 'Dolmetscherin', status: 'invited' });
    expect(guest.url).toMatch(new RegExp(`^${server.baseUrl}/${scene.tenant.slug}/gast#[A-Za-z0-9_-]{43}$`));
    // The agent can copy the same link again while it is unused.
    const listed = await guestsApi({ cookie: scene.agent.cookie }, 'GET', scene.consultationId);
    expect(listed.json().guests).toEqual([guest]);

    const joined = await redeem(guest);
    expect(joined).toMatchObject({
      guestId: guest.id,
      consultationId: scene.consultationId,
      label: 'Dolmetscherin',
      office: { name: scene.office.name },
      status: 'live',
    });
    const [stored] = await server.ctx.db.query<{ linkHash: string; sessionHash: string }>(
      'SELECT link_hash AS "linkHash", session_hash AS "sessionHash" FROM consultation_guests WHERE id = $1',
      [guest.id],
    );
    expect(stored!.linkHash).not.toContain(linkTokenOf(guest));
    expect(stored!.sessionHash).not.toBe(joined.guestToken);
    expect(JSON.stringify(stored)).not.toContain(joined.guestToken);

    const again = await publicApi('POST', 'join', linkTokenOf(guest));
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(again.json()).toMatchObject({ reason: 'used', detail: expect.stringMatching(/only once/) });
    // The session token is the guest's proof from now on; the list no longer shows the link.
    expect((await publicApi('GET', 'me', joined.guestToken)).json()).toMatchObject({ status: 'live' });
    const after = await guestsApi({ cookie: scene.agent.cookie }, 'GET', scene.consultationId);
    expect(after.json().guests).toEqual([{ ...guest, status: 'joined', url: null }]);

    for (const [token, status] of [
      ['x'.repeat(43), 404],
      ['', 401],
    ] as const) {
      const response = await publicApi('POST', 'join', token || undefined);
      expect(response.statusCode).toBe(status);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect((await publicApi('GET', 'me', 'y'.repeat(43))).statusCode).toBe(401);
  });

  it('holds at most four participants: a third guest is refused until a seat is free', async () => {
    const scene = await callScene(server);
    const first = await invite(scene, 'Dolmetscher');
    await invite(scene, 'Kollegin');
    const third = await guestsApi({ cookie: scene.agent.cookie }, 'POST', scene.consultationId, '', {});
    expect(third.statusCode).toBe(409);
    expect(third.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(third.json().detail).toMatch(/at most 4 participants/);

    // Withdrawing an unused link frees its seat, and the withdrawn link stops working.
    expect(
      (await guestsApi({ cookie: scene.agent.cookie }, 'DELETE', scene.consultationId, `/${first.id}`))
        .statusCode,
    ).toBe(204);
    expect((await publicApi('POST', 'join', linkTokenOf(first))).json()).toMatchObject({
      reason: 'withdrawn',
    });
    expect((await invite(scene)).label).toBe('');
    const [{ count }] = (await server.ctx.db.query<{ count: number }>(
      'SELECT count(*)::int AS count FROM consultation_guests WHERE consultation_id = $1 AND ended_at IS NULL',
      [scene.consultationId],
    )) as [{ count: number }];
    expect(count).toBe(2);
    // Removing twice, or a guest of no consultation of mine, finds nothing.
    expect(
      (await guestsApi({ cookie: scene.agent.cookie }, 'DELETE', scene.consultationId, `/${first.id}`))
        .statusCode,
    ).toBe(404);
  });

  it('only the consultation agent manages guests; bad input is a 4xx problem', async () => {
    const scene = await callScene(server);
    const otherAgent = await scene.tenant.staff('agent', { officeIds: [scene.office.id] });
    const otherTenant = await createTestTenant(server, 'Nachbarstadt');
    const foreignAdmin = await otherTenant.staff('admin');
    const cases: [Who, number][] = [
      [null, 401],
      [{ cookie: otherAgent.cookie }, 404],
      [{ cookie: foreignAdmin.cookie }, 404],
      [{ token: scene.citizen.token }, 403],
    ];
    for (const [who, status] of cases) {
      expect((await guestsApi(who, 'POST', scene.consultationId, '', { label: 'x' })).statusCode).toBe(
        status,
      );
      expect((await guestsApi(who, 'GET', scene.consultationId)).statusCode).toBe(status);
    }
    const bad = await guestsApi({ cookie: scene.agent.cookie }, 'POST', scene.consultationId, '', {
      label: 'x'.repeat(61),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('body.label');
    const control = await guestsApi({ cookie: scene.agent.cookie }, 'POST', scene.consultationId, '', {
      label: 'a\u0000b',
    });
    expect(control.statusCode).toBe(400);
    const badId = await guestsApi(
      { cookie: scene.agent.cookie },
      'DELETE',
      scene.consultationId,
      '/not-a-uuid',
    );
    expect(badId.statusCode).toBe(400);
    expect(
      await server.ctx.db.query('SELECT 1 FROM consultation_guests WHERE consultation_id = $1', [
        scene.consultationId,
      ]),
    ).toEqual([]);
  });

  it('connects everyone with everyone: call.start lists all peers, joins and leaves reach the others', async () => {
    const scene = await callScene(server);
    const agentId = `agent:${scene.agent.id}`;
    const citizenId = `citizen:${scene.citizen.visitId}`;
    const { agent, citizen, agentStart } = await sockets(scene);
    expect(agentStart.peers).toEqual([{ id: citizenId, polite: false, label: null }]);

    const interpreter = await redeem(await invite(scene, 'Dolmetscherin'));
    const guestId = `guest:${interpreter.guestId}`;
    const guest = await guestSocket(interpreter.guestToken);
    // The newcomer is polite to everyone there before it; they offer first.
    expect(await guest.next('call.start')).toMatchObject({
      consultationId: scene.consultationId,
      self: guestId,
      peer: agentId,
      polite: true,
      renew: true,
      peers: [
        { id: agentId, polite: true, label: null },
        { id: citizenId, polite: true, label: null },
      ],
    });
    for (const socket of [agent, citizen]) {
      expect(await socket.next('call.peer-joined')).toEqual({
        type: 'call.peer-joined',
        consultationId: scene.consultationId,
        peer: { id: guestId, polite: false, label: 'Dolmetscherin' },
      });
    }

    // A second guest: polite to the first, who offers to it.
    const colleague = await redeem(await invite(scene, 'Kollege'));
    const colleagueId = `guest:${colleague.guestId}`;
    const second = await guestSocket(colleague.guestToken);
    expect((await second.next('call.start')).peers.map((p) => [p.id, p.polite])).toEqual([
      [agentId, true],
      [citizenId, true],
      [guestId, true],
    ]);
    expect((await guest.next('call.peer-joined')).peer).toEqual({
      id: colleagueId,
      polite: false,
      label: 'Kollege',
    });

    // Signals travel between any two of the call, in both directions, and to nobody outside it.
    const pairs: [TestSocket, string, TestSocket, string][] = [
      [guest, guestId, citizen, citizenId],
      [citizen, citizenId, guest, guestId],
      [second, colleagueId, guest, guestId],
      [agent, agentId, second, colleagueId],
    ];
    for (const [from, fromId, to, toId] of pairs) {
      from.send({ type: 'signal', consultationId: scene.consultationId, to: toId as never, data: OFFER });
      expect(await to.next('signal')).toMatchObject({ from: fromId, data: OFFER });
    }
    const outsider = await callScene(server, {}, scene.tenant);
    guest.send({
      type: 'signal',
      consultationId: outsider.consultationId,
      to: `citizen:${outsider.citizen.visitId}`,
      data: OFFER,
    });
    expect((await guest.next('error')).code).toBe('not-in-call');

    // The citizen reloads: it starts afresh with everyone, the others replace only their connection to it.
    citizen.close();
    const reloaded = await connectSocket(server.baseUrl);
    reloaded.send({ type: 'hello', as: 'citizen', visitToken: scene.citizen.token });
    expect((await reloaded.next('call.start')).peers.map((p) => [p.id, p.polite])).toEqual([
      [agentId, true],
      [guestId, false],
      [colleagueId, false],
    ]);
    expect((await guest.next('call.peer-joined')).peer).toEqual({ id: citizenId, polite: true, label: null });
    expect((await agent.next('call.peer-joined', (m) => m.peer.id === citizenId)).peer.polite).toBe(false);

    // The agent removes the first guest: its call ends, the others drop only that connection.
    const removed = await guestsApi(
      { cookie: scene.agent.cookie },
      'DELETE',
      scene.consultationId,
      `/${interpreter.guestId}`,
    );
    expect(removed.statusCode).toBe(204);
    expect(await guest.next('call.ended')).toEqual({
      type: 'call.ended',
      consultationId: scene.consultationId,
    });
    for (const socket of [agent, reloaded, second]) {
      expect(await socket.next('call.peer-left')).toMatchObject({ peer: guestId });
    }
    guest.send({ type: 'signal', consultationId: scene.consultationId, to: agentId as never, data: OFFER });
    expect((await guest.next('error')).code).toBe('not-in-call');
    agent.send({ type: 'signal', consultationId: scene.consultationId, to: guestId as never, data: OFFER });
    expect((await agent.next('error')).code).toBe('not-in-call');
    expect((await publicApi('GET', 'me', interpreter.guestToken)).json()).toMatchObject({
      status: 'removed',
    });
    const refused = await connectSocket(server.baseUrl);
    refused.send({ type: 'hello', as: 'guest', guestToken: interpreter.guestToken });
    expect(await refused.closed).toBe(1008);

    // The second guest leaves by itself.
    expect((await publicApi('POST', 'leave', colleague.guestToken)).statusCode).toBe(204);
    expect(await second.next('call.ended')).toMatchObject({ consultationId: scene.consultationId });
    expect((await agent.next('call.peer-left')).peer).toBe(colleagueId);
    expect((await publicApi('GET', 'me', colleague.guestToken)).json()).toMatchObject({ status: 'left' });

    expect(await auditOf(scene.tenant.tenantId)).toEqual([
      expect.objectContaining({ action: 'guest.invited', actor: `staff:${scene.agent.id}`, object: guestId }),
      expect.objectContaining({
        action: 'guest.joined',
        actor: guestId,
        object: `consultation:${scene.consultationId}`,
      }),
      expect.objectContaining({ action: 'guest.invited', object: colleagueId }),
      expect.objectContaining({ action: 'guest.joined', actor: colleagueId }),
      expect.objectContaining({
        action: 'guest.removed',
        object: guestId,
        details: { consultationId: scene.consultationId, joined: true },
      }),
      expect.objectContaining({ action: 'guest.left', actor: colleagueId }),
    ]);
    // No label (it may name a person) in the trail.
    expect(JSON.stringify(await auditOf(scene.tenant.tenantId))).not.toMatch(/Dolmetscherin|Kollege/);
    closeAll(agent, reloaded, guest, second, refused);
  });

  it('ends for guests with the consultation: the call ends, the link and the session stop working', async () => {
    const scene = await callScene(server);
    const { agent, citizen } = await sockets(scene);
    const unused = await invite(scene, 'Später');
    const joined = await redeem(await invite(scene, 'Dolmetscher'));
    const guest = await guestSocket(joined.guestToken);
    await guest.next('call.start');

    const ended = await server.app.inject({
      method: 'POST',
      url: `/api/staff/consultations/${scene.consultationId}/end`,
      headers: { cookie: scene.agent.cookie },
    });
    expect(ended.statusCode).toBe(200);
    for (const socket of [agent, citizen, guest]) await socket.next('call.ended');
    expect((await publicApi('POST', 'join', linkTokenOf(unused))).json()).toMatchObject({ reason: 'over' });
    expect((await publicApi('GET', 'me', joined.guestToken)).json()).toMatchObject({ status: 'ended' });
    const late = await guestsApi({ cookie: scene.agent.cookie }, 'POST', scene.consultationId, '', {});
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toMatch(/ended/);
    const after = await connectSocket(server.baseUrl);
    after.send({ type: 'hello', as: 'guest', guestToken: joined.guestToken });
    expect(await after.closed).toBe(1008);
    closeAll(agent, citizen, guest);

    // After the authority's retention days the guests (their labels may name a person) are deleted.
    await server.ctx.db.query(
      `UPDATE consultations SET started_at = started_at - interval '400 days', ended_at = ended_at - interval '400 days'
        WHERE id = $1`,
      [scene.consultationId],
    );
    await scheduleRetention(server.ctx.db);
    await server.ctx.jobs.runDue();
    expect(
      await server.ctx.db.query('SELECT 1 FROM consultation_guests WHERE consultation_id = $1', [
        scene.consultationId,
      ]),
    ).toEqual([]);
  });
});
