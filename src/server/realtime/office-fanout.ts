import type { Db } from '../db/client';
import { loadOfficeSnapshot, type OfficeSnapshot } from '../modules/visits/office-snapshot';
import { channels, type EventBus } from './bus';

export type SnapshotListener = (snapshot: OfficeSnapshot) => void;

/** Changes arriving within this window are answered with one reload of the office. */
const COALESCE_MS = 15;

/**
 * Per process, one bus subscription and one database reload per changed office, however many
 * sockets show it: a burst of calls or entries costs a handful of queries, not one per waiting citizen.
 */
export function createOfficeFanout(db: Db, bus: EventBus) {
  interface Watched {
    listeners: Set<SnapshotListener>;
    unsubscribe: () => void;
    timer?: ReturnType<typeof setTimeout>;
    running: boolean;
    dirty: boolean;
  }
  const offices = new Map<string, Watched>();

  const flush = async (officeId: string, watched: Watched) => {
    watched.timer = undefined;
    if (watched.running) {
      watched.dirty = true;
      return;
    }
    watched.running = true;
    try {
      const snapshot = await loadOfficeSnapshot(db, officeId);
      if (snapshot) for (const listener of watched.listeners) listener(snapshot);
    } finally {
      watched.running = false;
      if (watched.dirty) {
        watched.dirty = false;
        schedule(officeId, watched);
      }
    }
  };
  const schedule = (officeId: string, watched: Watched) => {
    watched.timer ??= setTimeout(() => void flush(officeId, watched), COALESCE_MS);
  };

  return {
    /** Stops every pending reload, when the server shuts down. */
    close() {
      for (const watched of offices.values()) {
        if (watched.timer) clearTimeout(watched.timer);
        watched.unsubscribe();
      }
      offices.clear();
    },
    /** Calls the listener with each new snapshot of the office until the returned function is called. */
    watch(officeId: string, listener: SnapshotListener): () => void {
      let watched = offices.get(officeId);
      if (!watched) {
        const created: Watched = {
          listeners: new Set(),
          running: false,
          dirty: false,
          unsubscribe: () => {},
        };
        created.unsubscribe = bus.subscribe(channels.office(officeId), () => schedule(officeId, created));
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
  };
}
export type OfficeFanout = ReturnType<typeof createOfficeFanout>;
