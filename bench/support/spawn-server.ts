import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface BenchServer {
  info: {
    baseUrl: string;
    tenantSlug: string;
    officeSlug: string;
    officeId: string;
    agents: { email: string; password: string }[];
  };
  child: ChildProcess;
  /** Resident memory of the server process, in bytes (Linux). */
  rss(): Promise<number>;
  stop(): void;
}

export async function spawnBenchServer(env: Record<string, string> = {}): Promise<BenchServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/support/bench-server.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
  });
  const { readFile } = await import('node:fs/promises');
  return {
    info: JSON.parse(first),
    child,
    async rss() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
      return Number(status.match(/VmRSS:\s+(\d+) kB/)?.[1] ?? 0) * 1024;
    },
    stop: () => child.kill('SIGTERM'),
  };
}
