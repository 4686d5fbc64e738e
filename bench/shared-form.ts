/**
 * The form filled together: time from one side sending a Yjs update (a keystroke) until the other side
 * receives it, on PGlite and on PostgreSQL. Each update is checked and stored in the database before it
 * is relayed, so the same process also relays WebRTC signal messages between the same two sockets (no
 * database on the way) as the baseline: the ratio is the price of storing every keystroke.
 *
 *   npx tsx bench/shared-form.ts [updates=300]
 *
 * The agent types one character per update every 40 ms (the web app batches keystrokes per 40 ms, and
 * the socket allows 30 messages a second); signals go at the same pace. Prints figures only.
 */
import * as Y from 'yjs';
import { toBase64 } from '../src/shared/base64';
import { FREE_TEXT_KEY, formText } from '../src/shared/form-doc';
import { callScene } from '../test/api/consultation-fixtures';
import type { DbKind } from '../test/support/db';
import { connectSocket, type TestSocket } from '../test/support/realtime';
import { startTestServer } from '../test/support/server';
import { fmt, percentile } from './support/stats';

const UPDATES = Math.max(10, Number(process.argv[2] ?? 300) || 300);
const PACE_MS = 40;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends `count` messages at the pace and returns each one's latency until `receiver` saw it. */
async function relayLatencies(
  count: number,
  send: (i: number) => void,
  arrived: (i: number) => Promise<unknown>,
): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    const seen = arrived(i);
    send(i);
    await seen;
    latencies.push(performance.now() - started);
    await sleep(PACE_MS);
  }
  return latencies;
}

async function measure(kind: DbKind) {
  const server = await startTestServer(kind, { listen: true });
  try {
    const scene = await callScene(server);
    const agent = await connectSocket(server.baseUrl, { cookie: scene.agent.cookie });
    const citizen = await connectSocket(server.baseUrl);
    agent.send({ type: 'hello', as: 'staff' });
    citizen.send({ type: 'hello', as: 'citizen', visitToken: scene.citizen.token });
    const start = await agent.next('call.start');
    await citizen.next('call.start');
    const join = (socket: TestSocket) => {
      socket.send({
        type: 'form.sync',
        consultationId: scene.consultationId,
        stateVector: toBase64(Y.encodeStateVector(new Y.Doc())),
      });
      return socket.next('form.state');
    };
    await Promise.all([join(agent), join(citizen)]);

    const doc = new Y.Doc();
    const text = formText(doc, FREE_TEXT_KEY);
    const updates: string[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(toBase64(update)));
    const form = await relayLatencies(
      UPDATES,
      (i) => {
        text.insert(text.length, String.fromCharCode(97 + (i % 26)));
        agent.send({ type: 'form.update', consultationId: scene.consultationId, update: updates[i]! });
      },
      (i) => citizen.next('form.update', (m) => m.update === updates[i], 10_000),
    );

    const signal = await relayLatencies(
      UPDATES,
      (i) =>
        agent.send({
          type: 'signal',
          consultationId: scene.consultationId,
          to: start.peer,
          data: { candidate: { candidate: `candidate:${i} 1 udp 1 127.0.0.1 9 typ host`, sdpMid: '0' } },
        }),
      (i) =>
        citizen.next(
          'signal',
          (m) => 'candidate' in m.data && m.data.candidate?.candidate.startsWith(`candidate:${i} `) === true,
          10_000,
        ),
    );
    // Stored rows are merged into one after 200, so this is the form's size in the database now.
    const [stored] = await server.ctx.db.query<{ bytes: string }>(
      'SELECT coalesce(sum(octet_length(data)), 0) AS bytes FROM consultation_form_updates WHERE consultation_id = $1',
      [scene.consultationId],
    );
    agent.close();
    citizen.close();
    return { form, signal, stored: Number(stored?.bytes ?? 0) };
  } finally {
    await server.close();
  }
}

for (const kind of ['pglite', 'postgres'] as const) {
  const { form, signal, stored } = await measure(kind);
  const line = (name: string, samples: number[]) =>
    `${name.padEnd(22)} p50 ${fmt(percentile(samples, 50)).padStart(9)}  p99 ${fmt(percentile(samples, 99)).padStart(9)}`;
  console.log(`\n${kind}: ${UPDATES} updates, one every ${PACE_MS} ms`);
  console.log(line('form update (stored)', form));
  console.log(line('signal (baseline)', signal));
  console.log(
    `ratio p50 ${(percentile(form, 50) / percentile(signal, 50)).toFixed(2)}×, p99 ${(percentile(form, 99) / percentile(signal, 99)).toFixed(2)}×; stored update bytes: ${stored}`,
  );
}
