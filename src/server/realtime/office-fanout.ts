import type { Db } from '../db/client';
import { loadOfficeSnapshot, type OfficeSnapshot, type WaitingLine } from '../modules/visits/office-snapshot';
import { type BusEvent, channels, type EventBus } from './bus';

export type SnapshotListener = (snapshot: OfficeSnapshot) => void;

/**
 * Sockets told of a snapshot per turn of the event loop: a queue of thousands does not hold up requests
 * (e.g. the next call) for the whole fan-out, and a newer snapshot takes over the sockets not yet told.
 */
const SOCKETS_PER_TURN = 500;

/**
 * Changes arriving within this window are answered with one reload and one fan-out of the office (a
 * burst of entries, or a consultation ended and the next citizen called at once). Short: a change
 * reads only the visits it names, so coalescing saves little and every millisecond here is latency.
 */
const COALESCE_MS = 3;

/**
 * The safety net under the line kept in memory: the first change after this long reloads the whole
 * office (a lost bus message, or a walk-in's connect-by deadline passing, which no event announces).
 */
export const FULL_RELOAD_MS = 60_000;

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
  /** The waiting line as of the last reload, while it can be trusted; the next reload then reads only… */
  line?: WaitingLine;
  /** …the visits announced as changed since, unless a change named none (then everything is read). */
  changedVisits: Set<string>;
  reloadAll: boolean;
  /** When the whole office was last read (performance.now()). */
  readAllAt: number;
}

/**
 * Per process, one bus subscription and one database reload per changed office, however many
 * sockets show it: a burst of calls, entries or hellos costs a handful of queries, not one per
 * waiting citizen. A change that names its visits (`office.changed` with visitIds) reads only those
 * and puts them in their place in the line kept in memory: O(changed) rows, not the whole office.
 * Anything else (an event naming no visits, the first reload, a failed one, FULL_RELOAD_MS passed)
 * reads the whole office.
 */
export function createOfficeFanout(db: Db, bus: EventBus, onError: (error: unknown) => void = () => {}) {
  const offices = new Map<string, Watched>();
  let closed = false;
  /** Reloads so far: of whole offices, and of the visits a change named (for benchmarks and metrics). */
  const reloads = { all: 0, changed: 0 };

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
    const all = watched.reloadAll || !watched.line || performance.now() - watched.readAllAt >= FULL_RELOAD_MS;
    const changedVisits = [...watched.changedVisits];
    watched.changedVisits.clear();
    watched.reloadAll = false;
    // The line changes in place below: a fan-out of the last snapshot still under way stops (the
    // coming one tells every socket), and the last snapshot is no longer handed out.
    watched.told++;
    watched.fresh = undefined;
    try {
      const startedAt = performance.now();
      reloads[all ? 'all' : 'changed']++;
      const snapshot = await loadOfficeSnapshot(
        db,
        officeId,
        all ? undefined : { line: watched.line!, changed: changedVisits },
      );
      watched.line = snapshot?.line;
      if (all) watched.readAllAt = startedAt;
      // Who asked meanwhile, after yet another change, waits for the next reload: this one may predate
      // that change (a citizen entering would not find themselves in the queue).
      const answered = watched.dirty ? asked : [...asked, ...watched.waiters.splice(0)];
      if (!watched.dirty) watched.fresh = snapshot;
      for (const wake of answered) wake(snapshot);
      if (snapshot) tell(watched, snapshot);
    } catch (error) {
      // A database hiccup (or shutdown) must not take the process down: sockets keep their last view,
      // and the next change tries again, reading the whole office (the line may be half updated).
      watched.line = undefined;
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
  /** `visitIds`: the only visits whose place may have changed (none: only the office's figures); absent: any. */
  const changed = (officeId: string, watched: Watched, visitIds?: readonly string[]) => {
    watched.fresh = undefined;
    if (visitIds === undefined) watched.reloadAll = true;
    else for (const id of visitIds) watched.changedVisits.add(id);
    if (watched.running) watched.dirty = true;
    schedule(officeId, watched);
  };
  const visitsOf = (event: BusEvent) => (event.kind === 'office.changed' ? event.visitIds : undefined);

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
          changedVisits: new Set(),
          reloadAll: true,
          readAllAt: 0,
        };
        created.unsubscribe = bus.subscribe(channels.office(officeId), (event) =>
          changed(officeId, created, visitsOf(event)),
        );
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
     * the bus (Redis) after the caller asks, so a cached snapshot may not show it yet. The reload then
     * reads `visitId` (the caller's visit) afresh, or the whole office when no visit is named.
     */
    async current(
      officeId: string,
      answers: (snapshot: OfficeSnapshot) => boolean = () => true,
      visitId?: string,
    ): Promise<OfficeSnapshot | undefined> {
      const watched = offices.get(officeId);
      if (!watched) return loadOfficeSnapshot(db, officeId);
      if (watched.fresh && answers(watched.fresh)) return watched.fresh;
      const next = new Promise<OfficeSnapshot | undefined>((resolve) => watched.waiters.push(resolve));
      if (!watched.fresh) schedule(officeId, watched);
      else changed(officeId, watched, visitId === undefined ? undefined : [visitId]);
      return next;
    },

    reloads: () => ({ ...reloads }),

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
