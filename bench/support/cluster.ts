/**
 * One or several bench servers (bench-server.ts) on one database: embedded PGlite (one process only), or
 * a fresh PostgreSQL database created for the run and dropped after it, with Redis as the bus between
 * the processes. Citizens may land on any process; the agent signs in on the first.
 */
import { openTestDb } from '../../test/support/db';
import { REDIS_URL } from '../../test/support/redis';
import { atExit } from './lifetime';
import { type BenchServer, spawnServerScript } from './spawn-server';

export interface ClusterOptions {
  servers: number;
  postgres: boolean;
  offices?: number;
  agents?: number;
}

export interface Cluster {
  servers: BenchServer[];
  /** The authority all servers serve (baseUrl: the first server's). */
  info: BenchServer['info'];
  database: 'PGlite' | 'PostgreSQL';
  /** Resident memory of all server processes together, in bytes. */
  rss(): Promise<number>;
  /** SQL statements all server processes sent so far. */
  statements(): Promise<number>;
  /** Queue reloads of all server processes so far: of whole offices, and of the visits a change named. */
  queueReloads(): Promise<{ all: number; changed: number }>;
  /** Stops every server and drops the run's database. */
  stop(): Promise<void>;
}

export async function startCluster({
  servers,
  postgres,
  offices = 1,
  agents = 1,
}: ClusterOptions): Promise<Cluster> {
  if (servers > 1 && !postgres) throw new Error('several processes need PostgreSQL (and Redis)');
  const env: Record<string, string> = { BENCH_OFFICES: String(offices), BENCH_AGENTS: String(agents) };
  let dropDatabase = async () => {};
  if (postgres) {
    const database = await openTestDb('postgres');
    env.DATABASE_URL = database.url!;
    dropDatabase = atExit(() => database.dispose());
  }
  if (servers > 1) env.REDIS_URL = process.env.REDIS_URL ?? REDIS_URL;
  const spawn = async (extra: Record<string, string> = {}) => {
    const server = await spawnServerScript<BenchServer['info']>('bench/support/bench-server.ts', {
      ...env,
      ...extra,
    });
    return { ...server, stop: atExit(() => server.stop()) };
  };
  const first = await spawn();
  const { baseUrl: _, ...seeded } = first.info;
  const others = await Promise.all(
    Array.from({ length: servers - 1 }, () => spawn({ BENCH_JOIN: JSON.stringify(seeded) })),
  );
  const all = [first, ...others];
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const fromEach = <T>(what: string) =>
    Promise.all(all.map(async (s) => (await (await fetch(`${s.info.baseUrl}/bench/${what}`)).json()) as T));
  return {
    servers: all,
    info: first.info,
    database: postgres ? 'PostgreSQL' : 'PGlite',
    rss: async () => sum(await Promise.all(all.map((s) => s.rss()))),
    statements: async () =>
      sum((await fromEach<{ statements: number }>('statements')).map((s) => s.statements)),
    queueReloads: async () => {
      const each = await fromEach<{ all: number; changed: number }>('queue-reloads');
      return { all: sum(each.map((r) => r.all)), changed: sum(each.map((r) => r.changed)) };
    },
    stop: async () => {
      await Promise.all(all.map((s) => s.stop()));
      await dropDatabase();
    },
  };
}
