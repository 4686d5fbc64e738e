import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ClientMessage, type ServerMessage } from '../../src/shared/realtime';
import { CLOSE_RATE_LIMITED } from '../../src/shared/socket-limits';
import { describeEachDb } from '../support/each-db';
import { checkEach } from '../support/fuzz-answer';
import {
  fitsOneFrame,
  HELLO_EXAMPLES,
  JUNK_FRAMES,
  junkBase64,
  MESSAGE_EXAMPLES,
  OVERSIZE_FRAME,
} from '../support/fuzz-messages';
import { applyMutation, type Mutation, mutatedField, mutationsOf, namesField } from '../support/fuzz-mutate';
import {
  type Bookkeeping,
  changedTables,
  type StoredState,
  settledState,
  storedState,
} from '../support/fuzz-stored';
import { fuzzRuns, fuzzTimeout } from '../support/fuzz-values';
import { createFuzzWorld, FUZZ_ENV, type FuzzWorld } from '../support/fuzz-world';
import { connectSocket } from '../support/realtime';
import { startTestServer, type TestServer } from '../support/server';

/**
 * Property-based fuzzing of the WebSocket: every client message type mutated field by field, every
 * kind of hello, and frames no client sends. The server answers each with an error message (or the
 * close a bad hello is designed to get), never fails inside, keeps the socket and itself usable, and
 * stores nothing it refused.
 */

/**
 * What changes on any socket by design: a session's last use, an agent's presence, and whether a
 * citizen's tab is connected (their sockets, and the visit's disconnected and connect-by times, written
 * a moment after a socket opens or closes).
 */
const BOOKKEEPING: Bookkeeping = {
  staff_sessions: ['last_seen_at'],
  agent_presence: ['heartbeat_at'],
  server_processes: '*',
  citizen_sockets: '*',
  visits: ['disconnected_at', 'connect_by'],
};
/** Closes a refused hello is designed to end with: policy (bad or expired credentials), rate limit. */
const DESIGNED_CLOSES = [1008, CLOSE_RATE_LIMITED];
// Per message type and run of the suite; the seed changes every run (FUZZ_SCALE for a deeper search).
const RUNS = { message: 12, hello: 8 };

/** The ClientMessage types, read from the schema, so a new type must get an example. */
const messageTypes = () => [...new Set(ClientMessage.options.flatMap((option) => typesOf(option)))].sort();
function typesOf(schema: unknown): string[] {
  const s = schema as { shape?: { type?: { value?: string } }; options?: unknown[] };
  if (s.options) return s.options.flatMap(typesOf);
  return s.shape?.type?.value ? [s.shape.type.value] : [];
}

/** A socket with its close code once closed. */
async function openSocket(server: TestServer, cookie?: string) {
  const socket = await connectSocket(server.baseUrl, cookie ? { cookie } : {});
  const tab = { socket, closeCode: undefined as number | undefined };
  void socket.closed.then((code) => {
    tab.closeCode = code;
  });
  return tab;
}
type Tab = Awaited<ReturnType<typeof openSocket>>;

/** Waits until a message matches or the socket closes; returns what came (and clears it). */
async function until(tab: Tab, done: (m: ServerMessage) => boolean, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!tab.socket.messages.some(done) && tab.closeCode === undefined) {
    if (Date.now() > deadline)
      throw new Error(
        `no answer within ${timeoutMs} ms: ${JSON.stringify(tab.socket.messages).slice(0, 300)}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return tab.socket.messages.splice(0);
}

/** What the server said in answer to what was sent before a ping: everything up to the pong. */
const answersBeforePong = (tab: Tab) => {
  tab.socket.send({ type: 'ping' });
  return until(tab, (m) => m.type === 'pong');
};

/** Mutations whose message fits into one frame. */
const fitting = (example: unknown) =>
  mutationsOf(example).filter((mutation) => fitsOneFrame(applyMutation(example, mutation)));

const errorsIn = (answers: ServerMessage[]) =>
  answers.filter((m): m is Extract<ServerMessage, { type: 'error' }> => m.type === 'error');

/** No handler failed inside, and every refusal of the message's shape names the mutated field. */
function expectRefusedAsDesigned(answers: ServerMessage[], mutation: Mutation, label: string) {
  const errors = errorsIn(answers);
  expect(
    errors.filter((e) => e.code === 'failed'),
    label,
  ).toEqual([]);
  for (const error of errors.filter((e) => e.code === 'bad-message')) {
    expect(error.field, `bad-message without its field: ${label}`).toBeDefined();
    const named = ['message', error.field].filter(Boolean).join('.');
    expect(namesField(named, mutatedField('message', mutation)), label).toBe(true);
  }
}

/** Whether a frame is a message a client may send (then it is answered as such, not refused). */
function isClientMessage(frame: string | Buffer) {
  try {
    return ClientMessage.safeParse(JSON.parse(String(frame))).success;
  } catch {
    return false;
  }
}

describeEachDb('fuzzed WebSocket messages', (kind) => {
  let server: TestServer;
  let world: FuzzWorld;
  let stored: () => Promise<StoredState>;

  beforeAll(async () => {
    server = await startTestServer(kind, { listen: true, env: FUZZ_ENV });
    world = await createFuzzWorld(server);
    stored = await storedState(server.ctx.db, BOOKKEEPING);
  });
  afterAll(async () => {
    await world?.identityProvider.close();
    await server?.close();
  });

  /** The admin's tab, greeted, holding the world's live call. */
  async function staffTab() {
    const tab = await openSocket(server, world.admin.cookie);
    tab.socket.send(HELLO_EXAMPLES(world).staff);
    await until(tab, (m) => m.type === 'call.start');
    tab.socket.messages.splice(0);
    return tab;
  }

  it('has an example of every client message type', () => {
    const examples = [...Object.values(HELLO_EXAMPLES(world)), ...MESSAGE_EXAMPLES(world)];
    expect([...new Set(examples.map((m) => m.type))].sort()).toEqual(messageTypes());
    for (const example of examples) expect(ClientMessage.safeParse(example).success, example.type).toBe(true);
  });

  it(
    'answers every mutated message type with an error naming the field, never a failure, storing nothing refused',
    fuzzTimeout(120_000),
    async () => {
      await checkEach(
        MESSAGE_EXAMPLES(world),
        (example) => example.type,
        async (example) => {
          const tab = await staffTab();
          // Bytes in base64 fields (Yjs updates and state vectors) are fuzzed as bytes too.
          const base64Fields = Object.keys(example).filter(
            (key) => key === 'update' || key === 'stateVector',
          );
          const mutations: fc.Arbitrary<Mutation> = fc.oneof(
            fitting(example),
            ...base64Fields.map((field) =>
              junkBase64.map((value): Mutation => ({ kind: 'replace', path: [field], value })),
            ),
          );
          try {
            await fc.assert(
              fc.asyncProperty(mutations, async (mutation) => {
                const message = applyMutation(example, mutation);
                const before = await settledState(stored);
                tab.socket.send(JSON.stringify(message));
                const answers = await answersBeforePong(tab);
                const label = `${JSON.stringify(message)?.slice(0, 200)} → ${JSON.stringify(answers).slice(0, 300)}`;
                expect(tab.closeCode, `socket closed: ${label}`).toBeUndefined();
                expectRefusedAsDesigned(answers, mutation, label);
                if (errorsIn(answers).length > 0)
                  expect(changedTables(before, await stored()), `stored although refused: ${label}`).toEqual(
                    [],
                  );
              }),
              fuzzRuns(RUNS.message),
            );
          } finally {
            tab.socket.close();
          }
        },
      );
    },
  );

  it(
    'answers mutated hellos as designed, after which a valid hello still works',
    fuzzTimeout(120_000),
    async () => {
      const hellos = HELLO_EXAMPLES(world);
      for (const [as, hello] of Object.entries(hellos)) {
        const cookie = as === 'staff' ? world.admin.cookie : undefined;
        await fc.assert(
          fc.asyncProperty(fitting(hello), async (mutation) => {
            const message = applyMutation(hello, mutation);
            const before = await settledState(stored);
            const tab = await openSocket(server, cookie);
            tab.socket.send(JSON.stringify(message));
            const answers = await until(tab, (m) => m.type === 'ready' || m.type === 'error');
            const label = `${JSON.stringify(message)?.slice(0, 200)} → ${JSON.stringify(answers).slice(0, 300)}`;
            expectRefusedAsDesigned(answers, mutation, label);
            if (!answers.some((m) => m.type === 'ready'))
              expect(changedTables(before, await stored()), `stored although refused: ${label}`).toEqual([]);
            // Refused hellos close as designed or keep the socket; either way a valid hello works then.
            await new Promise((resolve) => setTimeout(resolve, 20));
            if (tab.closeCode !== undefined) expect(DESIGNED_CLOSES, label).toContain(tab.closeCode);
            const next = tab.closeCode === undefined && !answers.some((m) => m.type === 'ready') ? tab : null;
            const retry = next ?? (await openSocket(server, cookie));
            retry.socket.send(hello);
            await until(retry, (m) => m.type === 'ready');
            expect(retry.closeCode, label).toBeUndefined();
            for (const { socket } of new Set([tab, retry])) {
              socket.close();
              await socket.closed;
            }
          }),
          fuzzRuns(RUNS.hello),
        );
      }
    },
  );

  it('answers frames no client sends with an error, keeps the socket, and closes only on an oversize frame', async () => {
    const tab = await staffTab();
    for (const frame of JUNK_FRAMES) {
      const before = await settledState(stored);
      tab.socket.send(frame);
      const answers = await answersBeforePong(tab);
      const label = `${String(frame).slice(0, 60)} → ${JSON.stringify(answers).slice(0, 300)}`;
      expect(tab.closeCode, label).toBeUndefined();
      const errors = errorsIn(answers);
      expect(
        errors.filter((e) => e.code === 'failed'),
        label,
      ).toEqual([]);
      if (!isClientMessage(frame)) expect(errors.length, `not refused: ${label}`).toBeGreaterThan(0);
      expect(changedTables(before, await stored()), label).toEqual([]);
    }
    tab.socket.send(OVERSIZE_FRAME);
    expect(await tab.socket.closed).toBe(1009);
    // The server took no harm: a new tab says hello as ever.
    const fresh = await staffTab();
    expect(fresh.closeCode).toBeUndefined();
    fresh.socket.close();
  });
});
