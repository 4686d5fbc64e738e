/**
 * Waiting-room fan-out: N citizens wait with a live WebSocket each; an agent calls 100 of them one
 * after another. Prints, per call, how long until every waiting client has seen its new position
 * (p50/p99), and the server's resident memory per connected client.
 *
 *   npx tsx bench/waiting-room.ts            # N = 1000 and 5000, embedded PGlite
 *   DATABASE_URL=postgres://… npx tsx bench/waiting-room.ts 1000
 */
import WebSocket from 'ws';
import { PROOF_OF_WORK_HEADER } from '../src/shared/proof-of-work';
import type { ServerMessage } from '../src/shared/realtime';
import { challengeUrl, solveProofOfWork } from '../test/support/proof-of-work';
import { spawnBenchServer } from './support/spawn-server';
import { fmt, percentile } from './support/stats';

const CALLS = 100;
const sizes = process.argv.slice(2).map(Number).filter(Boolean);

async function inBatches<T>(count: number, batch: number, work: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  for (let start = 0; start < count; start += batch) {
    const slice = Array.from({ length: Math.min(batch, count - start) }, (_, k) => work(start + k));
    results.push(...(await Promise.all(slice)));
  }
  return results;
}

interface Client {
  ws: WebSocket;
  position: number | null;
}

async function run(n: number) {
  const server = await spawnBenchServer({
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  });
  const { baseUrl, tenantSlug, officeSlug, officeId, agents } = server.info;
  try {
    const login = await fetch(`${baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(agents[0]),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const staff = (path: string, method = 'POST', body?: object) =>
      fetch(`${baseUrl}/api/staff${path}`, {
        method,
        headers: { cookie, ...(body ? { 'content-type': 'application/json' } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
      }).then((r) => r.json());
    await staff('/presence', 'PUT', { officeIds: [officeId] });

    const tokens = await inBatches(n, 50, async (i) => {
      const visits = `${baseUrl}/api/public/tenants/${tenantSlug}/offices/${officeSlug}/visits`;
      const challenge = await (await fetch(challengeUrl(visits))).json();
      const response = await fetch(visits, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [PROOF_OF_WORK_HEADER]: await solveProofOfWork(challenge),
        },
        body: JSON.stringify({ displayName: `Person ${i}` }),
      });
      return ((await response.json()) as { visitToken: string }).visitToken;
    });
    const rssBefore = await server.rss();

    let expecting = new Map<Client, number>();
    let allSeen: () => void = () => {};
    const clients = await inBatches(n, 250, (i) => {
      const client: Client = {
        ws: new WebSocket(`${baseUrl.replace('http', 'ws')}/api/ws`, { headers: { origin: baseUrl } }),
        position: null,
      };
      return new Promise<Client>((resolve, reject) => {
        client.ws.on('error', reject);
        client.ws.on('open', () =>
          client.ws.send(JSON.stringify({ type: 'hello', as: 'citizen', visitToken: tokens[i] })),
        );
        client.ws.on('message', (raw) => {
          const message = JSON.parse(String(raw)) as ServerMessage;
          if (message.type !== 'visit.state') return;
          const first = client.position === null;
          client.position = message.visit.position;
          if (first) resolve(client);
          if (expecting.get(client) === client.position) {
            expecting.delete(client);
            if (expecting.size === 0) allSeen();
          }
        });
      });
    });
    await new Promise((r) => setTimeout(r, 500));
    const rssAfter = await server.rss();

    const times: number[] = [];
    for (let call = 0; call < CALLS; call++) {
      expecting = new Map(clients.filter((c) => (c.position ?? 0) > 1).map((c) => [c, c.position! - 1]));
      const seen = new Promise<void>((resolve) => {
        allSeen = resolve;
      });
      const started = performance.now();
      const { consultationId } = (await staff(`/offices/${officeId}/call-next`)) as {
        consultationId: string;
      };
      await seen;
      times.push(performance.now() - started);
      await staff(`/consultations/${consultationId}/end`);
    }
    const perClient = (rssAfter - rssBefore) / n;
    console.log(
      `N=${n} waiting clients, ${CALLS} calls: every client saw its new position after p50 ${fmt(percentile(times, 50))}, ` +
        `p99 ${fmt(percentile(times, 99))} (max ${fmt(Math.max(...times))}); server RSS ${(rssAfter / 2 ** 20).toFixed(0)} MiB, ` +
        `${(perClient / 1024).toFixed(1)} KiB per connected client`,
    );
    for (const c of clients) c.ws.terminate();
  } finally {
    server.stop();
  }
}

for (const n of sizes.length > 0 ? sizes : [1000, 5000]) await run(n);
