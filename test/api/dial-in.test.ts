import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleRetention } from '../../src/server/modules/retention/retention-job';
import { describeEachDb } from '../support/each-db';
import { startTestServer, type TestServer } from '../support/server';
import { authHeaders, callScene, type Who } from './consultation-fixtures';
import { tablesHolding } from './data-protection-fixtures';

/** A peer line whose Janus is nowhere (port 9): these tests drive the PIN store, not the line. */
const SIP_ENV = {
  SIP_MODE: 'peer',
  SIP_DIAL_IN_NUMBER: '+4930901820',
  SIP_JANUS_URL: 'ws://127.0.0.1:9',
  SIP_PEER_HOST: '10.0.0.5',
  SIP_PIN_ATTEMPTS: '3',
  SIP_LOCK_MINUTES: '15',
};
const CALLER = '+4917612345678';

describe('dial-in without a SIP line', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('pglite');
  });
  afterAll(() => server.close());

  it('is hidden: the public info and the PIN route answer 404 with a reason', async () => {
    const info = await server.app.inject({ method: 'GET', url: '/api/public/dial-in' });
    expect(info.statusCode).toBe(404);
    expect(info.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(info.json()).toMatchObject({ reason: 'dial-in-not-configured' });
    const scene = await callScene(server);
    const pin = await server.app.inject({
      method: 'POST',
      url: `/api/consultations/${scene.consultationId}/dial-in`,
      headers: authHeaders({ cookie: scene.agent.cookie }),
    });
    expect(pin.statusCode).toBe(404);
    expect(pin.json()).toMatchObject({ reason: 'dial-in-not-configured' });
  });
});

describeEachDb('dial-in PINs', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { env: SIP_ENV });
  });
  afterAll(() => server.close());

  const pins = () => server.ctx.dialIn!.pins;
  const issue = async (
    scene: Awaited<ReturnType<typeof callScene>>,
    who: Who = { cookie: scene.agent.cookie },
  ) =>
    server.app.inject({
      method: 'POST',
      url: `/api/consultations/${scene.consultationId}/dial-in`,
      headers: authHeaders(who),
    });
  const dialInAudit = (tenantId: string) =>
    server.ctx.db.query<{ action: string; actor: string; details: Record<string, unknown> }>(
      `SELECT action, actor, details FROM audit_events WHERE tenant_id = $1 AND action LIKE 'dial-in.%' ORDER BY seq`,
      [tenantId],
    );

  it('shows the number; the agent gets a nine-digit PIN that is stored only as a keyed hash', async () => {
    const info = await server.app.inject({ method: 'GET', url: '/api/public/dial-in' });
    expect(info.json()).toEqual({ number: '+4930901820', pinDigits: 9 });
    const scene = await callScene(server);
    const response = await issue(scene);
    expect(response.statusCode, response.body).toBe(201);
    const issued = response.json();
    const now = server.ctx.clock().epochMilliseconds;
    expect(issued).toEqual({
      number: '+4930901820',
      pin: expect.stringMatching(/^\d{9}$/),
      expiresAt: new Date(now + 4 * 3_600_000).toISOString(),
    });
    expect(await tablesHolding(server, [issued.pin])).toEqual(new Map());
    // The citizen may not issue PINs.
    expect((await issue(scene, { token: scene.citizen.token })).statusCode).toBe(403);
  });

  it('lets a caller in with the PIN, audits join and leave with the number hashed', async () => {
    const scene = await callScene(server);
    const { pin } = (await issue(scene)).json();
    const joined = await pins().redeem(CALLER, pin);
    expect(joined).toMatchObject({ outcome: 'joined', consultationId: scene.consultationId });
    if (joined.outcome !== 'joined') return;
    await pins().leave(joined.callId, 'hung_up');
    await pins().leave(joined.callId, 'hung_up');
    const audit = await dialInAudit(scene.tenant.tenantId);
    expect(audit.map((a) => a.action)).toEqual(['dial-in.pin-issued', 'dial-in.joined', 'dial-in.left']);
    expect(audit[1]).toMatchObject({
      actor: `phone:${joined.callId}`,
      details: { callerHash: joined.callerHash },
    });
    expect(audit[2]).toMatchObject({ details: { callerHash: joined.callerHash, reason: 'hung_up' } });
    expect(await tablesHolding(server, [CALLER, CALLER.slice(1)])).toEqual(new Map());
    const [call] = await server.ctx.db.query<{ tail: string }>(
      'SELECT caller_tail AS tail FROM dial_in_calls WHERE id = $1',
      [joined.callId],
    );
    expect(call?.tail).toBe('5678');
  });

  it('locks a caller out after three wrong PINs, for the lock period, then lets them in', async () => {
    const scene = await callScene(server);
    const { pin } = (await issue(scene)).json();
    const caller = '+4930111222333';
    const wrong = pin === '000000000' ? '000000001' : '000000000';
    expect(await pins().redeem(caller, wrong)).toEqual({ outcome: 'wrong', locked: false });
    expect(await pins().redeem(caller, wrong)).toEqual({ outcome: 'wrong', locked: false });
    expect(await pins().redeem(caller, wrong)).toEqual({ outcome: 'wrong', locked: true });
    // Even the right PIN does not help while locked; another caller is not affected.
    expect(await pins().redeem(caller, pin)).toEqual({ outcome: 'locked' });
    const fixed = server.ctx.clock;
    server.ctx.clock = () => fixed().add({ minutes: 16 });
    try {
      expect(await pins().redeem(caller, pin)).toMatchObject({ outcome: 'joined' });
    } finally {
      server.ctx.clock = fixed;
    }
  });

  it('refuses a replaced PIN, an expired one and one of an ended consultation', async () => {
    const scene = await callScene(server);
    const first = (await issue(scene)).json().pin;
    const second = (await issue(scene)).json().pin;
    expect(await pins().redeem('+491111', first)).toMatchObject({ outcome: 'wrong' });
    const fixed = server.ctx.clock;
    server.ctx.clock = () => fixed().add({ hours: 5 });
    try {
      expect(await pins().redeem('+492222', second)).toMatchObject({ outcome: 'wrong' });
    } finally {
      server.ctx.clock = fixed;
    }
    await server.ctx.db.query('UPDATE consultations SET ended_at = now() WHERE id = $1', [
      scene.consultationId,
    ]);
    expect(await pins().redeem('+493333', second)).toMatchObject({ outcome: 'wrong' });
    expect((await issue(scene)).statusCode).toBe(409);
  });

  it('forgets old wrong PINs and expired PINs in the retention sweep', async () => {
    const scene = await callScene(server);
    const { pin } = (await issue(scene)).json();
    await pins().redeem('+4940777', '123');
    await server.ctx.db.query(
      `UPDATE dial_in_callers SET last_wrong_at = now() - interval '3 days' WHERE wrong_pins > 0`,
    );
    await server.ctx.db.query(
      `UPDATE dial_in_pins SET issued_at = now() - interval '3 days', expires_at = now() - interval '2 days'
        WHERE consultation_id = $1`,
      [scene.consultationId],
    );
    await scheduleRetention(server.ctx.db);
    await server.ctx.jobs.runDue();
    const left = await server.ctx.db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM dial_in_callers WHERE last_wrong_at < now() - interval '2 days')::int
            + (SELECT count(*) FROM dial_in_pins WHERE consultation_id = $1)::int AS n`,
      [scene.consultationId],
    );
    expect(left[0]?.n).toBe(0);
    expect(await pins().redeem('+4940888', pin)).toMatchObject({ outcome: 'wrong' });
  });
});
