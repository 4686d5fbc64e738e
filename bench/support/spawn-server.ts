import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';

export interface BenchServer {
  info: {
    baseUrl: string;
    tenantSlug: string;
    officeSlug: string;
    officeId: string;
    /** Every office of the authority, the one above first. */
    offices: { id: string; slug: string }[];
    agents: { email: string; password: string }[];
  };
  child: ChildProcess;
  /** Resident memory of the server process, in bytes (Linux). */
  rss(): Promise<number>;
  /** Ends the process (SIGTERM); resolves once it exited. */
  stop(): Promise<void>;
}

export async function spawnBenchServer(env: Record<string, string> = {}): Promise<BenchServer> {
  return spawnServerScript<BenchServer['info']>('bench/support/bench-server.ts', env);
}

/** Resident memory of a process, in bytes (Linux). */
export async function rssOf(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+) kB/)?.[1] ?? 0) * 1024;
}

/** Starts a server script that prints one JSON line about itself once it listens. */
export async function spawnServerScript<Info>(
  script: string,
  env: Record<string, string> = {},
): Promise<Omit<BenchServer, 'info'> & { info: Info }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return {
    info: JSON.parse(first),
    child,
    rss: () => rssOf(child.pid!),
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
