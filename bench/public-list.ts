/**
 * The public office list (`GET /api/public/tenants/:slug`, what the authority's page and every embedded
 * widget poll) at a target rate, against 1 and against 4 server processes on a fresh PostgreSQL database
 * (Redis as their bus), while 1,000 citizens wait with live sockets and an agent calls one a second.
 * Most requests revalidate with the entity tag their poller got last (If-None-Match), some come without.
 * Prints the achieved requests/s, p50/p99 latency, the share of 304, and the SQL statements the servers
 * ran per request (net of what the waiting room and the calls cost in a window of the same length
 * without list requests).
 *
 *   npx tsx bench/public-list.ts [rate=2000] [seconds=10] [processes=1,4]
 */
import { Agent, request } from 'node:http';
import { startClientWorkers } from './support/client-workers';
import { type Cluster, startCluster } from './support/cluster';
import { signInAgent } from './support/staff-http';
import { fmt, percentile, progress } from './support/stats';
import { seatWaitingCitizens } from './support/waiting-citizens';

const [rate = 2000, seconds = 10] = process.argv.slice(2, 4).map(Number);
const processCounts = (process.argv[4] ?? '1,4').split(',').map(Number);
const WAITING = 1_000;
const OFFICES = 5;
const CALL_EVERY_MS = 1_000;
/** Pollers that keep their last entity tag; a tenth of the requests are first visits without one. */
const POLLERS = 1_000;
const FIRST_VISITS = 0.1;
/** More requests in flight than this count as not sent: the servers cannot keep up with the rate. */
const MAX_IN_FLIGHT = 512;

interface Outcome {
  latencies: number[];
  notModified: number;
  failed: number;
  skipped: number;
  elapsedMs: number;
}

/** Sends `rate` requests a second for `ms` (open loop), round-robin over the servers. */
async function load(cluster: Cluster, ms: number): Promise<Outcome> {
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const targets = cluster.servers.map(
    (s) => new URL(`${s.info.baseUrl}/api/public/tenants/${cluster.info.tenantSlug}`),
  );
  const etags: (string | undefined)[] = new Array(POLLERS);
  const outcome: Outcome = { latencies: [], notModified: 0, failed: 0, skipped: 0, elapsedMs: 0 };
  let issued = 0;
  let inFlight = 0;
  const send = (n: number) => {
    const poller = n % POLLERS;
    const etag = Math.random() < FIRST_VISITS ? undefined : etags[poller];
    const url = targets[n % targets.length]!;
    const started = performance.now();
    inFlight++;
    const req = request(url, { agent, headers: etag ? { 'if-none-match': etag } : {} }, (response) => {
      response.resume();
      response.on('end', () => {
        inFlight--;
        outcome.latencies.push(performance.now() - started);
        if (response.statusCode === 304) outcome.notModified++;
        else if (response.statusCode === 200) etags[poller] = response.headers.etag;
        else outcome.failed++;
      });
    });
    req.on('error', () => {
      inFlight--;
      outcome.failed++;
    });
    req.end();
  };
  const began = performance.now();
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const elapsed = performance.now() - began;
      const due = Math.min(ms, elapsed) * (rate / 1000);
      for (; issued < due; issued++) {
        if (inFlight >= MAX_IN_FLIGHT) outcome.skipped++;
        else send(issued);
      }
      if (elapsed >= ms) {
        clearInterval(tick);
        const drained = setInterval(() => {
          if (inFlight > 0) return;
          clearInterval(drained);
          resolve();
        }, 5);
      }
    }, 2);
  });
  outcome.elapsedMs = performance.now() - began;
  agent.destroy();
  return outcome;
}

async function run(processes: number) {
  const cluster = await startCluster({ servers: processes, postgres: true, offices: OFFICES });
  const workers = await startClientWorkers(1);
  let calling = true;
  let calls = 0;
  try {
    const agent = await signInAgent(cluster.info.baseUrl, cluster.info.agents[0]!);
    await agent.present(cluster.info.offices.map((o) => o.id));
    await seatWaitingCitizens(cluster, workers, WAITING);
    progress(`${processes} process(es): ${WAITING} citizens waiting`);
    const caller = (async () => {
      while (calling) {
        const office = cluster.info.offices[calls % OFFICES]!;
        const { consultationId } = await agent.callNext(office.id);
        await agent.end(consultationId);
        calls++;
        await new Promise((r) => setTimeout(r, CALL_EVERY_MS));
      }
    })();
    const ms = seconds * 1000;
    // What the waiting room and the calls cost without list requests, in a window of the same length.
    const quietBefore = await cluster.statements();
    await new Promise((r) => setTimeout(r, ms));
    const quiet = (await cluster.statements()) - quietBefore;
    await load(cluster, 2_000); // warm-up: connections, JIT
    const before = await cluster.statements();
    const outcome = await load(cluster, ms);
    const during = (await cluster.statements()) - before;
    calling = false;
    await caller;
    const answered = outcome.latencies.length;
    console.log(
      `public office list, ${processes} process(es), PostgreSQL, ${OFFICES} offices, ${WAITING} waiting, ` +
        `an agent calling every ${CALL_EVERY_MS / 1000} s: target ${rate}/s, achieved ${(answered / (outcome.elapsedMs / 1000)).toFixed(0)}/s ` +
        `(${outcome.skipped} not sent, ${outcome.failed} failed); p50 ${fmt(percentile(outcome.latencies, 50))}, ` +
        `p99 ${fmt(percentile(outcome.latencies, 99))}; ${((100 * outcome.notModified) / answered).toFixed(1)} % answered 304; ` +
        `SQL statements per request ${(during / answered).toFixed(3)} ` +
        `(net of the waiting room's ${quiet} in as long without requests: ${(Math.max(0, during - quiet) / answered).toFixed(4)})`,
    );
  } finally {
    calling = false;
    await workers.stop();
    await cluster.stop();
  }
}

for (const processes of processCounts) await run(processes);
