import type { Db } from '../db/client';
import { loadOfficeSnapshot, type OfficeSnapshot } from '../modules/visits/office-snapshot';
import { channels, type EventBus } from './bus';

export type SnapshotListener = (snapshot: OfficeSnapshot) => void;

/**
 * Sockets told of a snapshot per turn of the event loop: a queue of thousands does not hold up requests
 * (e.g. the next call) for the whole fan-out, and a newer snapshot takes over the sockets not yet told.
 */
const SOCKETS_PER_TURN = 500;

/**
 * Changes arriving within this window are answered with one reload and one fan-out of the office (a
 * burst of entries, or a consultation ended and the next citizen called at once).
 */
const COALESCE_MS = 15;

interface Watched {
  listeners: Set<SnapshotListener>;
  unsubscribe: () => void;
  /** The last snapshot loaded, while no change has been announced since. */
  fresh?: OfficeSnapshot;
  timer?: ReturnType<typeof setTimeout>;
  running: boolean;
  dirty: boolean;
  /** Counts the snapshots told: a fan-out in progress stops when a newer one begins. */
  told: number;
  /** Waiting for the next reload (a socket that just said hello). */
  waiters: ((snapshot: OfficeSnapshot | undefined) => void)[];
}

/**
 * Per process, one bus subscription and one database reload per changed office, however many
 * sockets show it: a burst of calls, entries or hellos costs a handful of queries, not one per
 * waiting citizen (a queue snapshot is O(queue length), so per-socket loads would be quadratic).
 */
export function createOfficeFanout(db: Db, bus: EventBus, onError: (error: unknown) => void = () => {}) {
  const offices = new Map<string, Watched>();
  let closed = false;

  /** Calls each listener with the snapshot, SOCKETS_PER_TURN at a time, unless a newer one comes. */
  const tell = (watched: Watched, snapshot: OfficeSnapshot) => {
    const turn = ++watched.told;
    const listeners = [...watched.listeners];
    let next = 0;
    const step = () => {
      if (closed || watched.told !== turn) return;
      for (const end = Math.min(next + SOCKETS_PER_TURN, listeners.length); next < end; next++) {
        try {
          listeners[next]!(snapshot);
        } catch (error) {
          onError(error);
        }
      }
      if (next < listeners.length) setImmediate(step);
    };
    step();
  };

  const flush = async (officeId: string, watched: Watched) => {
    watched.timer = undefined;
    if (closed) return;
    if (watched.running) {
      watched.dirty = true;
      return;
    }
    watched.running = true;
    // Who asked before this reload began: it shows them the office as of their asking, or later.
    const asked = watched.waiters.splice(0);
    try {
      const snapshot = await loadOfficeSnapshot(db, officeId);
      // Who asked meanwhile, after yet another change, waits for the next reload: this one may predate
      // that change (a citizen entering would not find themselves in the queue).
      const answered = watched.dirty ? asked : [...asked, ...watched.waiters.splice(0)];
      if (!watched.dirty) watched.fresh = snapshot;
      for (const wake of answered) wake(snapshot);
      if (snapshot) tell(watched, snapshot);
    } catch (error) {
      // A database hiccup (or shutdown) must not take the process down: sockets keep their last view,
      // and the next change tries again.
      for (const wake of [...asked, ...watched.waiters.splice(0)]) wake(undefined);
      onError(error);
    } finally {
      watched.running = false;
      if (watched.dirty && !closed) {
        watched.dirty = false;
        schedule(officeId, watched);
      }
    }
  };
  const schedule = (officeId: string, watched: Watched) => {
    watched.timer ??= setTimeout(() => void flush(officeId, watched), COALESCE_MS);
  };
  const changed = (officeId: string, watched: Watched) => {
    watched.fresh = undefined;
    if (watched.running) watched.dirty = true;
    schedule(officeId, watched);
  };

  return {
    /** Calls the listener with each new snapshot of the office until the returned function is called. */
    watch(officeId: string, listener: SnapshotListener): () => void {
      let watched = offices.get(officeId);
      if (!watched) {
        const created: Watched = {
          listeners: new Set(),
          running: false,
          dirty: false,
          told: 0,
          waiters: [],
          unsubscribe: () => {},
        };
        created.unsubscribe = bus.subscribe(channels.office(officeId), () => changed(officeId, created));
        offices.set(officeId, created);
        watched = created;
      }
      const current = watched;
      current.listeners.add(listener);
      return () => {
        current.listeners.delete(listener);
        if (current.listeners.size === 0 && offices.get(officeId) === current) {
          current.unsubscribe();
          if (current.timer) clearTimeout(current.timer);
          offices.delete(officeId);
        }
      };
    },

    /**
     * The office as it is now: the last snapshot if nothing changed since, else the next (shared) reload.
     * `answers` may refuse the last snapshot: the change a caller just committed can be announced on
     * the bus (Redis) after the caller asks, so a cached snapshot may not show it yet.
     */
    async current(
      officeId: string,
      answers: (snapshot: OfficeSnapshot) => boolean = () => true,
    ): Promise<OfficeSnapshot | undefined> {
      const watched = offices.get(officeId);
      if (!watched) return loadOfficeSnapshot(db, officeId);
      if (watched.fresh && answers(watched.fresh)) return watched.fresh;
      const next = new Promise<OfficeSnapshot | undefined>((resolve) => watched.waiters.push(resolve));
      schedule(officeId, watched);
      return next;
    },

    /** Stops every pending reload, when the server shuts down. */
    close() {
      closed = true;
      for (const watched of offices.values()) {
        if (watched.timer) clearTimeout(watched.timer);
        watched.unsubscribe();
        for (const wake of watched.waiters.splice(0)) wake(undefined);
      }
      offices.clear();
    },
  };
}
export type OfficeFanout = ReturnType<typeof createOfficeFanout>;
