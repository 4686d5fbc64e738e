import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JanusServer, janusUnavailable, startJanus } from '../support/janus';
import { startTestServer, type TestServer } from '../support/server';
import { callWithSipp, sippUnavailable } from '../support/sipp';
import { authHeaders, type CallScene, callScene } from './consultation-fixtures';

const unavailable = janusUnavailable() ?? sippUnavailable();
const CALLER = '+4917655501234';

/** The UDP port Janus's SIP plugin took for the line (Janus 1.1.2 picks one at random per handle). */
function sipPortOf(janus: JanusServer) {
  const lines = janus.inside('ss', '-Hulnp').split('\n');
  const ports = lines
    .filter((line) => line.includes('janus') && line.includes(janus.janusAddress))
    .map((line) => Number(/:(\d+)\s/.exec(line.split(/\s+/).slice(3).join(' '))?.[1]))
    .filter((port) => port > 0 && (port < 20_000 || port > 21_999));
  if (ports.length !== 1)
    throw new Error(`expected one SIP port of Janus, found ${ports.join(', ') || 'none'}`);
  return ports[0] as number;
}

/**
 * Calls until the line takes the call: one SIP handle carries one call, and Janus answers "486 Busy"
 * until it has torn down the previous call's WebRTC leg (a moment after that call's BYE).
 */
async function callWhenFree(...args: Parameters<typeof callWithSipp>) {
  for (let attempt = 1; ; attempt++) {
    const result = await callWithSipp(...args);
    if (attempt === 5 || !result.output.includes('486 Busy Here')) return result;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Polls a query until it returns what `done` accepts (or fails after timeoutMs). */
async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.skipIf(unavailable !== undefined)(
  "phone dial-in through Debian's Janus SIP plugin, SIPp as the phone",
  () => {
    let janus: JanusServer;
    let server: TestServer;
    let target: { host: string; port: number; from: string };

    beforeAll(async () => {
      janus = await startJanus({ sip: true });
      server = await startTestServer('pglite', {
        env: {
          JANUS_URL: janus.url,
          JANUS_API_SECRET: janus.apiSecret,
          SIP_MODE: 'peer',
          SIP_DIAL_IN_NUMBER: '+4930901820',
          SIP_PEER_HOST: janus.hostAddress,
          SIP_PIN_SECONDS: '10',
          // One wrong PIN locks the caller: the refusal test sees the BYE right after it.
          SIP_PIN_ATTEMPTS: '1',
        },
      });
      await server.ctx.dialIn!.line.start();
      target = { host: janus.janusAddress, port: sipPortOf(janus), from: janus.hostAddress };
    }, 60_000);
    afterAll(async () => {
      await server?.close();
      await janus?.stop();
    });

    const issuePin = async (scene: CallScene) => {
      const response = await server.app.inject({
        method: 'POST',
        url: `/api/consultations/${scene.consultationId}/dial-in`,
        headers: authHeaders({ cookie: scene.agent.cookie }),
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().pin as string;
    };
    const callsOf = (consultationId: string) =>
      server.ctx.db.query<{ tail: string; reason: string | null }>(
        'SELECT caller_tail AS tail, end_reason AS reason FROM dial_in_calls WHERE consultation_id = $1',
        [consultationId],
      );
    const auditOf = (tenantId: string) =>
      server.ctx.db.query<{ action: string; details: Record<string, unknown> }>(
        `SELECT action, details FROM audit_events WHERE tenant_id = $1 AND action LIKE 'dial-in.%' ORDER BY seq`,
        [tenantId],
      );

    it('answers, reads the PIN from RFC 2833 telephone events and lets the caller in; join and hang-up are audited', async () => {
      const scene = await callScene(server);
      const pin = await issuePin(scene);
      const phone = await callWhenFree(
        target,
        { caller: CALLER, keys: pin, end: { kind: 'hang-up', holdMs: 1_500 } },
        25_000,
      );
      expect(phone.code, `${phone.output}\n${janus.log().slice(-3000)}`).toBe(0);
      const calls = await eventually(
        () => callsOf(scene.consultationId),
        (rows) => rows[0]?.reason === 'hung_up',
      );
      expect(calls).toEqual([{ tail: '1234', reason: 'hung_up' }]);
      const audit = await auditOf(scene.tenant.tenantId);
      expect(audit.map((a) => a.action)).toEqual(['dial-in.pin-issued', 'dial-in.joined', 'dial-in.left']);
      expect(JSON.stringify(audit)).not.toContain('17655501234');
    }, 40_000);

    it('hangs up on a wrong PIN: SIPp sees the BYE, nobody joined', async () => {
      const scene = await callScene(server);
      const pin = await issuePin(scene);
      const wrong = pin === '111111111' ? '222222222' : '111111111';
      const phone = await callWhenFree(
        target,
        { caller: '+4930555000111', keys: wrong, end: { kind: 'await-bye', withinMs: 5_000 } },
        25_000,
      );
      // Sooner than the PIN time runs out: the BYE answers the wrong PIN, which locked the caller.
      expect(phone.code, `${phone.output}\n${janus.log().slice(-3000)}`).toBe(0);
      const [locked] = await server.ctx.db.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM dial_in_callers WHERE locked_until IS NOT NULL',
      );
      expect(locked?.n).toBe(1);
      expect(await callsOf(scene.consultationId)).toEqual([]);
      expect((await auditOf(scene.tenant.tenantId)).map((a) => a.action)).toEqual(['dial-in.pin-issued']);
    }, 40_000);

    it('hangs up on a caller who types no PIN in time', async () => {
      const scene = await callScene(server);
      await issuePin(scene);
      const phone = await callWhenFree(
        target,
        { caller: '+4930555000222', keys: '', end: { kind: 'await-bye', withinMs: 15_000 } },
        25_000,
      );
      expect(phone.code, phone.output).toBe(0);
      expect(await callsOf(scene.consultationId)).toEqual([]);
    }, 40_000);

    it('lets the agent see the caller and remove them: SIPp sees the BYE, the removal is audited', async () => {
      const scene = await callScene(server);
      const pin = await issuePin(scene);
      const agent = authHeaders({ cookie: scene.agent.cookie });
      const calling = callWhenFree(
        target,
        { caller: '+4930555000444', keys: pin, keysBy: 'info', end: { kind: 'await-bye', withinMs: 20_000 } },
        30_000,
      );
      const listed = await eventually(
        async () =>
          (
            await server.app.inject({
              method: 'GET',
              url: `/api/consultations/${scene.consultationId}/dial-in/calls`,
              headers: agent,
            })
          ).json().calls as { id: string; callerTail: string }[],
        (calls) => calls.length === 1,
        20_000,
      );
      expect(listed).toEqual([{ id: expect.any(String), callerTail: '0444', joinedAt: expect.any(String) }]);
      const removed = await server.app.inject({
        method: 'DELETE',
        url: `/api/consultations/${scene.consultationId}/dial-in/calls/${listed[0]!.id}`,
        headers: agent,
      });
      expect(removed.statusCode, removed.body).toBe(204);
      const phone = await calling;
      expect(phone.code, `${phone.output}\n${janus.log().slice(-3000)}`).toBe(0);
      const calls = await eventually(
        () => callsOf(scene.consultationId),
        (rows) => rows[0]?.reason === 'removed',
      );
      expect(calls).toEqual([{ tail: '0444', reason: 'removed' }]);
      const left = (await auditOf(scene.tenant.tenantId)).at(-1);
      expect(left).toMatchObject({ action: 'dial-in.left', details: { reason: 'removed' } });
    }, 60_000);

    it('hangs up on the callers when the consultation ends', async () => {
      const scene = await callScene(server);
      const pin = await issuePin(scene);
      const calling = callWhenFree(
        target,
        { caller: '+4930555000555', keys: pin, keysBy: 'info', end: { kind: 'await-bye', withinMs: 20_000 } },
        30_000,
      );
      await eventually(
        () => callsOf(scene.consultationId),
        (rows) => rows.length === 1,
        20_000,
      );
      const ended = await server.app.inject({
        method: 'POST',
        url: `/api/staff/consultations/${scene.consultationId}/end`,
        headers: authHeaders({ cookie: scene.agent.cookie }),
      });
      expect(ended.statusCode, ended.body).toBe(200);
      const phone = await calling;
      expect(phone.code, phone.output).toBe(0);
      const calls = await eventually(
        () => callsOf(scene.consultationId),
        (rows) => rows[0]?.reason === 'ended',
      );
      expect(calls).toEqual([{ tail: '0555', reason: 'ended' }]);
    }, 60_000);

    it('takes the PIN as SIP INFO (dtmf-relay) as well, as Janus reports it', async () => {
      const scene = await callScene(server);
      const pin = await issuePin(scene);
      const phone = await callWhenFree(
        target,
        { caller: '+4930555000333', keys: pin, keysBy: 'info', end: { kind: 'hang-up', holdMs: 1_000 } },
        25_000,
      );
      expect(phone.code, `${phone.output}\n${janus.log().slice(-3000)}`).toBe(0);
      const calls = await eventually(
        () => callsOf(scene.consultationId),
        (rows) => rows[0]?.reason === 'hung_up',
      );
      expect(calls).toEqual([{ tail: '0333', reason: 'hung_up' }]);
    }, 40_000);
  },
);
