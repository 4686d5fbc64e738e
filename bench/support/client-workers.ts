/**
 * The client side of the fan-out benches, spread over several processes (client-worker.ts), because one
 * process may hold at most 20,000 open files. Rounds are timed here: from just before the trigger (a call,
 * a broadcast) until every process reported that all sockets of the group received what they wait for.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { atExit } from './lifetime';

/** A round nobody finishes within this is a bug (a socket never told), not a slow figure. */
const ROUND_TIMEOUT_MS = 30_000;

export interface SocketSpec {
  url: string;
  origin?: string;
  /** A citizen's socket: says hello with this token and follows its position. Else a bare socket. */
  visitToken?: string;
  /** Which round a socket takes part in (its office); bare sockets take part in every round. */
  group: number;
}

export type WorkerCommand = { id: number } & (
  | { type: 'connect'; sockets: SocketSpec[] }
  | { type: 'arm'; round: number; group: number | null }
  | { type: 'stats' }
  | { type: 'stuck' }
  | { type: 'disconnect' }
);
export type WorkerEvent =
  | { type: 'reply'; id: number; result?: unknown; error?: string }
  | { type: 'seen'; round: number };

type Command = WorkerCommand extends infer C ? (C extends { id: number } ? Omit<C, 'id'> : never) : never;

export interface Pushes {
  count: number;
  bytes: number;
  skipped: number;
  calledOutOfTurn: number;
}

export interface ClientWorkers {
  count: number;
  /** Opens the sockets, in contiguous slices per process; resolves when every citizen knows its position. */
  connect(sockets: SocketSpec[]): Promise<void>;
  /** Milliseconds from calling `trigger` until every socket of `group` (null: all) received its message. */
  round(group: number | null, trigger: () => Promise<unknown>): Promise<number>;
  /** visit.state messages received since connecting, their bytes, and positions that skipped one. */
  pushes(): Promise<Pushes>;
  /** Closes every socket; the processes stay for the next connect. */
  disconnect(): Promise<void>;
  stop(): Promise<void>;
}

export async function startClientWorkers(count: number): Promise<ClientWorkers> {
  let nextId = 0;
  let rounds = 0;
  const replies = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  const seen = new Map<number, () => void>();
  const children: ChildProcess[] = Array.from({ length: count }, () => {
    const child = fork('bench/support/client-worker.ts', { execArgv: ['--import', 'tsx'] });
    child.on('message', (event: WorkerEvent) => {
      if (event.type === 'seen') return seen.get(event.round)?.();
      const pending = replies.get(event.id);
      replies.delete(event.id);
      if (event.error) pending?.reject(new Error(event.error));
      else pending?.resolve(event.result);
    });
    return child;
  });
  const ask = <T>(child: ChildProcess, command: Command) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      replies.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ ...command, id });
    });
  const everyone = <T>(command: Command) => Promise.all(children.map((c) => ask<T>(c, command)));
  const stop = atExit(async () => {
    const running = children.filter((child) => child.exitCode === null && child.signalCode === null);
    await Promise.all(
      running.map((child) => {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        return exited;
      }),
    );
  });

  return {
    count,
    async connect(sockets) {
      const per = Math.ceil(sockets.length / count);
      await Promise.all(
        children.map((child, w) =>
          ask(child, { type: 'connect', sockets: sockets.slice(w * per, (w + 1) * per) }),
        ),
      );
    },
    async round(group, trigger) {
      const round = rounds++;
      let left = count;
      const all = new Promise<void>((resolve) =>
        seen.set(round, () => {
          if (--left === 0) resolve();
        }),
      );
      await everyone({ type: 'arm', round, group });
      const started = performance.now();
      await trigger();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), ROUND_TIMEOUT_MS);
      });
      const outcome = await Promise.race([all, late]);
      clearTimeout(timer);
      seen.delete(round);
      if (outcome === 'late') {
        const stuck = (await everyone<unknown[]>({ type: 'stuck' })).flat();
        throw new Error(`round ${round} not seen within ${ROUND_TIMEOUT_MS} ms: ${JSON.stringify(stuck)}`);
      }
      return performance.now() - started;
    },
    async pushes() {
      const all = await everyone<Pushes>({ type: 'stats' });
      const sum = (key: keyof Pushes) => all.reduce((a, s) => a + s[key], 0);
      return {
        count: sum('count'),
        bytes: sum('bytes'),
        skipped: sum('skipped'),
        calledOutOfTurn: sum('calledOutOfTurn'),
      };
    },
    async disconnect() {
      await everyone({ type: 'disconnect' });
    },
    stop,
  };
}
