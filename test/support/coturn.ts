import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

/**
 * A real coturn (Debian package `coturn`) as a child process, with coturn's `use-auth-secret` scheme,
 * for browser tests that prove the TURN path, and that cut it (stop) and bring it back on the same
 * address and secret (start again with `{ port, secret }`).
 */
const TURN_BINARY = process.env.TURNSERVER_PATH ?? 'turnserver';

export interface Turn {
  port: number;
  secret: string;
  process: ChildProcess;
  /** What coturn printed so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

/** A port the kernel just handed out on 127.0.0.1 (TCP); coturn listens on it for UDP and TCP. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** One STUN Binding request over UDP (RFC 5389); true when a Binding success response comes back. */
function stunAnswers(port: number, timeoutMs = 300): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const transaction = randomBytes(12);
    const request = Buffer.concat([
      Buffer.from([0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42]),
      transaction,
    ]);
    const done = (answer: boolean) => {
      clearTimeout(timer);
      socket.close();
      resolve(answer);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.on('error', () => done(false));
    socket.on('message', (message) => {
      done(message.readUInt16BE(0) === 0x0101 && message.subarray(8, 20).equals(transaction));
    });
    socket.send(request, port, '127.0.0.1');
  });
}

export async function startTurnServer(options: { port?: number; secret?: string } = {}): Promise<Turn> {
  const probe = spawnSync(TURN_BINARY, ['--version'], { encoding: 'utf8' });
  if (probe.error) {
    throw new Error(
      `coturn's "${TURN_BINARY}" cannot be started (${probe.error.message}): install the Debian package ` +
        '"coturn" (apt-get install -y coturn; .ci/run does this on CI) or set TURNSERVER_PATH.',
    );
  }
  const port = options.port ?? (await freePort());
  const secret = options.secret ?? randomBytes(18).toString('base64url');
  const dir = mkdtempSync(join(tmpdir(), 'amtsraum-turn-'));
  // A relay port range of its own, so parallel runs rarely meet.
  const minPort = 40_000 + (port % 200) * 100;
  const child = spawn(
    TURN_BINARY,
    [
      '-n',
      '--listening-ip=127.0.0.1',
      '--relay-ip=127.0.0.1',
      `--listening-port=${port}`,
      '--realm=amtsraum',
      '--no-tls',
      '--no-dtls',
      '--no-cli',
      '--allow-loopback-peers',
      '--use-auth-secret',
      `--static-auth-secret=${secret}`,
      `--min-port=${minPort}`,
      `--max-port=${minPort + 99}`,
      `--pidfile=${join(dir, 'turnserver.pid')}`,
      `--db=${join(dir, 'turndb')}`,
      '--log-file=stdout',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  let exited: string | null = null;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = `exit code ${code}, signal ${signal}`;
      resolve();
    });
  });
  const stop = async () => {
    if (exited === null && child.pid !== undefined) {
      process.kill(child.pid, 'SIGTERM');
      const killed = setTimeout(
        () => child.pid !== undefined && exited === null && child.kill('SIGKILL'),
        3000,
      );
      await exit;
      clearTimeout(killed);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const until = Date.now() + 10_000;
  while (!(await stunAnswers(port))) {
    if (exited !== null || Date.now() > until) {
      await stop();
      throw new Error(
        `turnserver did not answer STUN on 127.0.0.1:${port} (${exited ?? 'timeout'}):\n${output.slice(-3000)}`,
      );
    }
  }
  return { port, secret, process: child, log: () => output, stop };
}

/** The candidate types of the pair ICE selected (via the transport report), or null before one is. */
export function selectedPair(page: Page) {
  return page.evaluate(async () => {
    type Call = { pc?: RTCPeerConnection };
    const [call] = [...((globalThis as { __amtsraumCalls?: Set<Call> }).__amtsraumCalls ?? [])];
    if (!call?.pc) return null;
    const stats = await call.pc.getStats();
    const reports = new Map<string, Record<string, unknown>>();
    stats.forEach((report: Record<string, unknown>) => {
      reports.set(String(report.id), report);
    });
    let pairId: string | undefined;
    for (const report of reports.values()) {
      if (report.type === 'transport' && typeof report.selectedCandidatePairId === 'string')
        pairId = report.selectedCandidatePairId;
    }
    // Fallback for browsers without selectedCandidatePairId: the nominated pair that succeeded.
    if (!pairId) {
      for (const report of reports.values()) {
        if (report.type === 'candidate-pair' && report.nominated === true && report.state === 'succeeded')
          pairId = String(report.id);
      }
    }
    const pair = pairId ? reports.get(pairId) : undefined;
    if (!pair) return null;
    const local = reports.get(String(pair.localCandidateId));
    const remote = reports.get(String(pair.remoteCandidateId));
    return {
      state: pair.state,
      local: local?.candidateType,
      localProtocol: local?.protocol,
      localRelayProtocol: local?.relayProtocol,
      remote: remote?.candidateType,
      bytesSent: Number(pair.bytesSent ?? 0),
      bytesReceived: Number(pair.bytesReceived ?? 0),
    };
  });
}
