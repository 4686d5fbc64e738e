/**
 * Waiting-room fan-out: N citizens wait with a live WebSocket each, spread round-robin over the server
 * processes and held by client processes; one agent (signed in on the first process) calls 100 of them
 * one after another. Prints, per call, how long until every waiting client of that office has seen its
 * new position (p50/p99), and the servers' resident memory per connected client; then the floor
 * measured in the same run: bare `ws` servers, as many processes, sending a message of the same size to
 * as many sockets, spread the same way.
 *
 *   npx tsx bench/waiting-room.ts                      # N = 1000 and 5000, one process, embedded PGlite
 *   npx tsx bench/waiting-room.ts 5000 --postgres      # a fresh PostgreSQL database, dropped after the run
 *   npx tsx bench/waiting-room.ts 20000 --servers=4    # 4 processes on PostgreSQL + Redis (REDIS_URL)
 *
 * An office holds at most 10,000 (the schema's capacity limit): above that the citizens are spread over
 * ceil(N / 10,000) offices the agent serves, and the calls go round the offices.
 */
import { measureBroadcastFloor } from './support/broadcast-floor';
import { type ClientWorkers, startClientWorkers } from './support/client-workers';
import { startCluster } from './support/cluster';
import { signInAgent } from './support/staff-http';
import { fmt, percentile, progress } from './support/stats';
import { seatWaitingCitizens } from './support/waiting-citizens';

const OFFICE_CAPACITY = 10_000;
const option = (name: string) => process.argv.find((a) => a.startsWith(`--${name}`))?.split('=')[1] ?? '';
const CALLS = Number(option('calls') || 100);
const servers = Number(option('servers') || 1);
const postgres = servers > 1 || process.argv.includes('--postgres');
const sizes = process.argv
  .slice(2)
  .filter((a) => !a.startsWith('--'))
  .map(Number)
  .filter(Boolean);

async function run(n: number, workers: ClientWorkers) {
  const offices = Math.ceil(n / OFFICE_CAPACITY);
  const cluster = await startCluster({ servers, postgres, offices });
  try {
    const agent = await signInAgent(cluster.info.baseUrl, cluster.info.agents[0]!);
    await agent.present(cluster.info.offices.map((o) => o.id));
    progress(`${servers} server(s) up`);
    const { rssBefore } = await seatWaitingCitizens(cluster, workers, n);
    await new Promise((r) => setTimeout(r, 500));
    const rssAfter = await cluster.rss();
    progress(`${n} citizens waiting and connected`);

    const reloadsBefore = await cluster.queueReloads();
    const times: number[] = [];
    for (let call = 0; call < CALLS; call++) {
      const office = call % offices;
      let consultationId = '';
      times.push(
        await workers.round(office, async () => {
          ({ consultationId } = await agent.callNext(cluster.info.offices[office]!.id));
        }),
      );
      await agent.end(consultationId);
      if (call % 10 === 9) progress(`${call + 1} calls`);
    }
    const reloadsAfter = await cluster.queueReloads();
    const pushes = await workers.pushes();
    await workers.disconnect();
    const perClient = (rssAfter - rssBefore) / n;
    console.log(
      `N=${n} waiting clients on ${servers} process(es), ${cluster.database}, ${workers.count} client process(es), ` +
        `${offices} office(s), ${CALLS} calls: every client of the office saw its new position after ` +
        `p50 ${fmt(percentile(times, 50))}, p99 ${fmt(percentile(times, 99))} (max ${fmt(Math.max(...times))}); ` +
        `server RSS ${(rssAfter / 2 ** 20).toFixed(0)} MiB, ${(perClient / 1024).toFixed(1)} KiB per connected client` +
        (pushes.skipped > 0
          ? `; ${pushes.skipped} times a client's position moved on by more than one`
          : '') +
        (pushes.calledOutOfTurn > 0 ? `; ${pushes.calledOutOfTurn} citizens called out of turn` : ''),
    );
    console.log(
      `  queue reloads during the calls, all processes: ${reloadsAfter.all - reloadsBefore.all} of whole ` +
        `offices, ${reloadsAfter.changed - reloadsBefore.changed} of the visits a change named`,
    );
    return { size: Math.round(pushes.bytes / pushes.count), perCall: Math.ceil(n / offices) };
  } finally {
    await cluster.stop();
  }
}

async function floor(workers: ClientWorkers, clients: number, size: number) {
  const times = await measureBroadcastFloor(workers, { clients, size, rounds: CALLS, servers });
  console.log(
    `  floor: ${servers} bare ws server process(es) sending ${size} bytes to each of ${clients} sockets, ` +
      `${CALLS} times: p50 ${fmt(percentile(times, 50))}, p99 ${fmt(percentile(times, 99))}`,
  );
}

for (const n of sizes.length > 0 ? sizes : [1000, 5000]) {
  // Below 20,000 open files per process: 5,000 sockets per client process.
  const workers = await startClientWorkers(Number(option('workers') || Math.ceil(n / 5_000)));
  try {
    const { size, perCall } = await run(n, workers);
    await floor(workers, perCall, size);
  } finally {
    await workers.stop();
  }
}
