import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client';
import {
  beatProcess,
  type CitizenFlip,
  recordSockets,
  registerProcess,
  releaseProcess,
  settleUnconnected,
} from './citizen-sockets';

/** How often a process proves it is alive: several beats fit into PROCESS_STALE_SECONDS. */
const HEARTBEAT_EVERY_MS = 20_000;

export interface CitizenConnectionsDeps {
  db: Db;
  /** Tells the agents (on every process) that a citizen's page closed or came back. */
  citizenFlipped: (flips: CitizenFlip[]) => Promise<unknown>;
  onError: (error: unknown) => void;
}

/**
 * This process's citizen sockets per visit. The counts live in memory and are written to the database
 * only when a socket says hello or closes, so that any process can tell whether a citizen is connected.
 */
export function createCitizenConnections({ db, citizenFlipped, onError }: CitizenConnectionsDeps) {
  const processId = randomUUID();
  const open = new Map<string, number>();
  /** The write in progress per visit: writes of one visit run one after the other. */
  const writing = new Map<string, Promise<void>>();
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let stopped = false;

  const tell = async (flips: (CitizenFlip | undefined)[]) => {
    const flipped = flips.filter((flip): flip is CitizenFlip => flip !== undefined);
    if (flipped.length > 0) await citizenFlipped(flipped);
  };

  /**
   * Writes the visit's current count. Each write reads the count when it runs, after the previous one
   * of the visit finished, so the last write always stores the latest count (a quick hello and close
   * cannot land in the wrong order).
   */
  const sync = (visitId: string) => {
    const write = async () => {
      if (stopped) return;
      await tell([await recordSockets(db, processId, visitId, open.get(visitId) ?? 0)]);
    };
    const next = (writing.get(visitId) ?? Promise.resolve()).then(write).catch(onError);
    writing.set(visitId, next);
    void next.then(() => {
      if (writing.get(visitId) === next) writing.delete(visitId);
    });
    return next;
  };

  /** Proves this process alive; if another process took it for dead and dropped its counts, rewrites them. */
  const beat = async () => {
    if (stopped || (await beatProcess(db, processId))) return;
    await registerProcess(db, processId);
    await Promise.all([...open.keys()].map(sync));
  };

  return {
    processId,

    async start() {
      await registerProcess(db, processId);
      heartbeat = setInterval(() => void beat().catch(onError), HEARTBEAT_EVERY_MS);
      heartbeat.unref();
    },

    /** A citizen's socket said hello for the visit; the returned function is its close (runs once). */
    opened(visitId: string): () => void {
      open.set(visitId, (open.get(visitId) ?? 0) + 1);
      void sync(visitId);
      let closed = false;
      return () => {
        if (closed) return;
        closed = true;
        const left = (open.get(visitId) ?? 1) - 1;
        if (left > 0) open.set(visitId, left);
        else open.delete(visitId);
        void sync(visitId);
      };
    },

    /** One heartbeat now; the timer calls it every 20 s. */
    beat,

    /** Shutting down: this process's sockets stop counting, and their citizens show as disconnected. */
    async stop() {
      if (heartbeat) clearInterval(heartbeat);
      stopped = true;
      await Promise.all(writing.values());
      open.clear();
      try {
        await tell(await settleUnconnected(db, await releaseProcess(db, processId)));
      } catch (error) {
        onError(error);
      }
    },
  };
}
export type CitizenConnections = ReturnType<typeof createCitizenConnections>;
