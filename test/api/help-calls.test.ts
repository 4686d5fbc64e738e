import { afterAll, beforeAll, expect, it } from 'vitest';
import type { HelpCall } from '../../src/shared/help-calls';
import { HELP_ALREADY_ANSWERED, HELP_ALREADY_ASKED, HELP_OVER } from '../../src/shared/queue-details';
import { describeEachDb } from '../support/each-db';
import { connectSocket, type TestSocket } from '../support/realtime';
import { startTestServer, type TestServer } from '../support/server';
import { authHeaders, type CallScene, callScene, type Who } from './consultation-fixtures';
import { guestFixtures } from './guests-fixtures';
import { enter } from './visits-fixtures';

describeEachDb('a clerk calls colleagues for help from a call', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { listen: true });
  });
  afterAll(() => server.close());
  const { publicApi, linkTokenOf } = guestFixtures(() => server);

  const ask = (who: Who, consultationId: string, method: 'POST' | 'DELETE' = 'POST') =>
    server.app.inject({
      method,
      url: `/api/consultations/${consultationId}/help`,
      headers: authHeaders(who),
    });
  const answer = (who: Who, helpCallId: string, body: unknown = { silent: false }) =>
    server.app.inject({
      method: 'POST',
      url: `/api/staff/help-calls/${helpCallId}/answer`,
      headers: authHeaders(who),
      payload: body as object,
    });
  /** A colleague assigned to the scene's office, with their workspace's socket. */
  const colleagueOf = async (scene: CallScene, displayName: string) => {
    const staff = await scene.tenant.staff('agent', { officeIds: [scene.office.id], displayName });
    const socket = await connectSocket(server.baseUrl, { cookie: staff.cookie });
    socket.send({ type: 'hello', as: 'staff' });
    await socket.next('ready');
    return { ...staff, socket };
  };
  /** The office's calls for help as the socket was last told. */
  const alertsSeen = (socket: TestSocket, scene: CallScene, match: (calls: HelpCall[]) => boolean) =>
    socket
      .next('queues.state', (m) => {
        const office = m.offices.find((o) => o.officeId === scene.office.id);
        return office?.helpCalls !== undefined && match(office.helpCalls);
      })
      .then((m) => m.offices.find((o) => o.officeId === scene.office.id)!.helpCalls!);
  const helpAudit = (tenantId: string) =>
    server.ctx.db.query<{ action: string; actor: string; object: string; details: Record<string, unknown> }>(
      `SELECT action, actor, object, details FROM audit_events
        WHERE tenant_id = $1 AND (action LIKE 'help.%' OR action = 'guest.invited') ORDER BY seq`,
      [tenantId],
    );

  it('reaches the colleagues of the office at once; the first to answer joins as a guest under their name', async () => {
    const scene = await callScene(server, { agent: 'Erika Mustermann' });
    const colleague = await colleagueOf(scene, 'Jonas Beispiel');
    const second = await colleagueOf(scene, 'Aylin Demir');
    const elsewhere = await callScene(server, {}, scene.tenant);
    const stranger = await colleagueOf(elsewhere, 'Piet Anders');

    const asked = await ask({ cookie: scene.agent.cookie }, scene.consultationId);
    expect(asked.statusCode, asked.body).toBe(201);
    const [alert] = await alertsSeen(colleague.socket, scene, (calls) => calls.length === 1);
    expect(alert).toMatchObject({
      id: asked.json().id,
      consultationId: scene.consultationId,
      requestedBy: scene.agent.id,
      requesterName: 'Erika Mustermann',
      answeredBy: null,
    });
    await alertsSeen(second.socket, scene, (calls) => calls.length === 1);
    // Asking twice in one call is refused; the clerk cannot answer their own call.
    const twice = await ask({ cookie: scene.agent.cookie }, scene.consultationId);
    expect(twice.statusCode).toBe(409);
    expect(twice.json().detail).toBe(HELP_ALREADY_ASKED);
    expect((await answer({ cookie: scene.agent.cookie }, alert!.id)).statusCode).toBe(409);
    // A clerk of another office neither sees it nor can answer it (no hint that it exists).
    expect((await answer({ cookie: stranger.cookie }, alert!.id)).statusCode).toBe(404);
    expect(
      stranger.socket.messages.some(
        (m) => m.type === 'queues.state' && m.offices.some((o) => o.officeId === scene.office.id),
      ),
    ).toBe(false);

    // Two colleagues answer at the same moment: one gets the seat, the other is told.
    const [one, other] = await Promise.all([
      answer({ cookie: colleague.cookie }, alert!.id, { silent: true }),
      answer({ cookie: second.cookie }, alert!.id),
    ]);
    const statuses = [one.statusCode, other.statusCode].sort();
    expect(statuses).toEqual([200, 409]);
    const [won, lost] = one.statusCode === 200 ? [one, other] : [other, one];
    expect(lost.json().detail).toBe(HELP_ALREADY_ANSWERED);
    const winner = won === one ? colleague : second;
    const { url } = won.json() as { url: string };
    expect(url).toMatch(new RegExp(`^${server.baseUrl}/${scene.tenant.slug}/gast#`));

    const joined = await publicApi('POST', 'join', linkTokenOf({ url } as never));
    expect(joined.statusCode, joined.body).toBe(200);
    expect(joined.json()).toMatchObject({
      consultationId: scene.consultationId,
      label: winner.email === colleague.email ? 'Jonas Beispiel' : 'Aylin Demir',
      status: 'live',
      joinsMuted: won === one,
    });
    // The clerk's workspace shows who is coming; the alert stays until the call ends.
    const [answered] = await alertsSeen(colleague.socket, scene, (calls) => calls[0]?.answeredBy !== null);
    expect(answered).toMatchObject({ answeredBy: winner.id, answererName: expect.any(String) });

    const trail = await helpAudit(scene.tenant.tenantId);
    expect(trail.map((e) => e.action)).toEqual(['help.requested', 'guest.invited', 'help.answered']);
    expect(trail[2]).toMatchObject({
      actor: `staff:${winner.id}`,
      object: `consultation:${scene.consultationId}`,
      details: { helpCallId: alert!.id, silent: won === one },
    });
    // Ids only: no name in the trail.
    expect(JSON.stringify(trail)).not.toMatch(/Erika|Jonas|Aylin/);
    for (const socket of [colleague.socket, second.socket, stranger.socket]) socket.close();
  });

  it("reaches the leads of the office's unit who do not serve it, with no citizen's name", async () => {
    const scene = await callScene(server, { agent: 'Erika Mustermann' });
    const [otherUnit] = await server.ctx.db.query<{ id: string }>(
      `INSERT INTO units (tenant_id, name) VALUES ($1, 'Ordnungsamt') RETURNING id`,
      [scene.tenant.tenantId],
    );
    const workspace = async (who: { cookie: string }) => {
      const socket = await connectSocket(server.baseUrl, { cookie: who.cookie });
      socket.send({ type: 'hello', as: 'staff' });
      await socket.next('ready');
      return socket;
    };
    const lead = await scene.tenant.staff('lead', { displayName: 'Lea Leitung' });
    const leadSocket = await workspace(lead);
    const otherLead = await scene.tenant.staff('lead', { unitId: otherUnit!.id });
    const otherSocket = await workspace(otherLead);
    // Someone waits in the office meanwhile: the lead is not told who.
    await enter(server, scene.tenant.slug, scene.office.slug, 'Wartende Person');

    const asked = await ask({ cookie: scene.agent.cookie }, scene.consultationId);
    const [alert] = await alertsSeen(leadSocket, scene, (calls) => calls.length === 1);
    expect(alert).toMatchObject({ id: asked.json().id, requesterName: 'Erika Mustermann' });
    const told = leadSocket.messages.flatMap((m) => (m.type === 'queues.state' ? m.offices : []));
    expect(told.filter((o) => o.officeId === scene.office.id).every((o) => o.waiting.length === 0)).toBe(
      true,
    );
    expect(JSON.stringify(told)).not.toContain('Wartende Person');
    // A lead of another unit neither hears it nor may answer it.
    expect(otherSocket.messages.some((m) => m.type === 'queues.state' && m.offices.length > 0)).toBe(false);
    expect((await answer({ cookie: otherLead.cookie }, alert!.id)).statusCode).toBe(404);

    const answered = await answer({ cookie: lead.cookie }, alert!.id);
    expect(answered.statusCode, answered.body).toBe(200);
    const joined = await publicApi('POST', 'join', linkTokenOf(answered.json() as never));
    expect(joined.json()).toMatchObject({ label: 'Lea Leitung', joinsMuted: false });
    leadSocket.close();
    otherSocket.close();
  });

  it('ends with the call, or when the clerk takes it back before anyone answered', async () => {
    const scene = await callScene(server);
    const colleague = await colleagueOf(scene, 'Jonas Beispiel');
    const first = (await ask({ cookie: scene.agent.cookie }, scene.consultationId)).json().id as string;
    await alertsSeen(colleague.socket, scene, (calls) => calls.length === 1);

    const withdrawn = await ask({ cookie: scene.agent.cookie }, scene.consultationId, 'DELETE');
    expect(withdrawn.statusCode, withdrawn.body).toBe(204);
    await alertsSeen(colleague.socket, scene, (calls) => calls.length === 0);
    const late = await answer({ cookie: colleague.cookie }, first);
    expect(late.statusCode).toBe(409);
    expect(late.json().detail).toBe(HELP_OVER);
    expect((await ask({ cookie: scene.agent.cookie }, scene.consultationId, 'DELETE')).statusCode).toBe(404);

    // Asked again, then the call ends: the alert goes with it.
    const again = (await ask({ cookie: scene.agent.cookie }, scene.consultationId)).json().id as string;
    await alertsSeen(colleague.socket, scene, (calls) => calls.some((c) => c.id === again));
    const ended = await server.app.inject({
      method: 'POST',
      url: `/api/staff/consultations/${scene.consultationId}/end`,
      headers: { cookie: scene.agent.cookie },
    });
    expect(ended.statusCode, ended.body).toBeLessThan(300);
    await alertsSeen(colleague.socket, scene, (calls) => calls.length === 0);
    expect((await answer({ cookie: colleague.cookie }, again)).json().detail).toBe(HELP_OVER);
    const trail = await helpAudit(scene.tenant.tenantId);
    expect(trail.map((e) => [e.action, e.details.reason ?? null])).toEqual([
      ['help.requested', null],
      ['help.ended', 'withdrawn'],
      ['help.requested', null],
      ['help.ended', 'call_ended'],
    ]);
    colleague.socket.close();
  });

  it('refuses bad input and strangers with problem+json, never 500', async () => {
    const scene = await callScene(server);
    const colleague = await scene.tenant.staff('agent', { officeIds: [scene.office.id] });
    const id = (await ask({ cookie: scene.agent.cookie }, scene.consultationId)).json().id as string;
    for (const body of [{ silent: 'yes' }, { silent: true, extra: 1 }, [1]]) {
      const response = await answer({ cookie: colleague.cookie }, id, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.headers['content-type']).toMatch(/application\/problem\+json/);
    }
    expect((await answer({ cookie: colleague.cookie }, 'not-a-uuid')).statusCode).toBe(400);
    expect((await answer({ cookie: colleague.cookie }, crypto.randomUUID())).statusCode).toBe(404);
    expect((await answer(null, id)).statusCode).toBe(401);
    expect((await answer({ token: scene.citizen.token }, id)).statusCode).toBe(401);
    // Only the clerk of the call asks from it.
    expect((await ask({ cookie: colleague.cookie }, scene.consultationId)).statusCode).toBe(404);
    expect((await ask({ token: scene.citizen.token }, scene.consultationId)).statusCode).toBe(401);
    // A body-less answer joins speaking.
    const plain = await server.app.inject({
      method: 'POST',
      url: `/api/staff/help-calls/${id}/answer`,
      headers: { cookie: colleague.cookie },
    });
    expect(plain.statusCode, plain.body).toBe(200);
  });
});
