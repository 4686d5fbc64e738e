import type { Temporal } from 'temporal-polyfill';
import type { Queryable } from '../../db/client';
import { type SlotSpan, slotCandidates } from '../../domain/slots';
import {
  type BusyAppointment,
  loadAppointments,
  loadSlotInputs,
  PACKED_APPOINTMENTS,
  type SlotContext,
  type SlotInputs,
  TAKES_TIME_IN,
  unpackAppointments,
  withAppointments,
} from './slot-context';

/** Searches kept per process; each holds its days' appointments (5,000 are about half a MiB). */
const MAX_ENTRIES = 200;

interface Entry {
  /** slot_inputs_generation when the inputs were read: another value means an admin changed something. */
  generation: string;
  /** The oldest transaction still running when last read: its writes and later ones are read next time. */
  xmin: string;
  inputs: SlotInputs;
  appointments: Map<string, BusyAppointment>;
  context: SlotContext;
  /** The read under way, and the one queued behind it for those who came while it ran. */
  running: Promise<SlotContext> | null;
  queued: Promise<SlotContext> | null;
}

type Days = { from: Temporal.PlainDate; to: Temporal.PlainDate };

/** The generation and the snapshot's oldest running transaction, read before anything they vouch for. */
const MARKS = `(SELECT generation FROM slot_inputs_generation)::text AS generation,
  pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`;

/**
 * The slot search's read model: per process, what a search of a service over some days read, brought
 * up to date with one statement per search (the appointments written since, usually none or a few)
 * instead of reading every appointment of the 60 days anew. Anything else a search reads changes only by
 * admins, and then the database's generation counter (migration 0031) makes every process read afresh.
 * A search sees every change committed before it began, from any process; so does a booking's check that
 * its slot is still free (booking-store.ts), and the exclusion constraint settles the races after it.
 */
export function createSlotCache(db: Queryable) {
  const entries = new Map<string, Entry>();
  /** Each context's free slots whatever the time: computed once per version of the context. */
  const candidates = new WeakMap<SlotContext, SlotSpan[]>();

  async function load(tenantId: string, serviceId: string, days: Days): Promise<Entry> {
    const [marks] = await db.query<{ generation: string; xmin: string }>(`SELECT ${MARKS}`);
    const inputs = await loadSlotInputs(db, tenantId, serviceId, days);
    const appointments = await loadAppointments(db, inputs);
    return {
      ...marks!,
      inputs,
      appointments,
      context: withAppointments(inputs, appointments),
      running: null,
      queued: null,
    };
  }

  /** Applies the appointments written since the last read; false when the inputs themselves changed. */
  async function catchUp(entry: Entry): Promise<boolean> {
    const ids = entry.inputs.agents.map((a) => a.id);
    const [row] = await db.query<{ generation: string; xmin: string; packed: string }>(
      `SELECT ${MARKS},
              (SELECT ${PACKED_APPOINTMENTS(TAKES_TIME_IN('$3', '$4'))} FROM appointments
                WHERE change_xid >= $2::xid8 AND agent_id = ANY($1)) AS packed`,
      [ids, entry.xmin, entry.inputs.window.from.toString(), entry.inputs.window.to.toString()],
    );
    if (row!.generation !== entry.generation) return false;
    const changed = unpackAppointments(row!.packed, ids);
    for (const [id, appointment] of changed) entry.appointments.set(id, appointment);
    if (changed.size > 0) entry.context = withAppointments(entry.inputs, entry.appointments);
    entry.xmin = row!.xmin;
    return true;
  }

  async function refresh(key: string, entry: Entry, reload: () => Promise<Entry>) {
    if (await catchUp(entry)) return entry.context;
    const fresh = await reload();
    if (entries.get(key) === entry) entries.set(key, fresh);
    return fresh.context;
  }

  /**
   * One read at a time per search: who comes while one runs waits for the next, which starts after the
   * running one ends (that one may have begun before the caller's own booking committed).
   */
  function current(key: string, entry: Entry, reload: () => Promise<Entry>): Promise<SlotContext> {
    if (!entry.running) {
      entry.running = refresh(key, entry, reload).finally(() => {
        entry.running = null;
      });
      return entry.running;
    }
    entry.queued ??= entry.running
      .catch(() => undefined)
      .then(() => {
        entry.queued = null;
        return current(key, entry, reload);
      });
    return entry.queued;
  }

  /** The search's context as of now: every change committed before this call is in it. */
  async function context(tenantId: string, serviceId: string, days: Days): Promise<SlotContext> {
    const key = `${tenantId}/${serviceId}/${days.from}/${days.to}`;
    const reload = () => load(tenantId, serviceId, days);
    const entry = entries.get(key);
    if (!entry) {
      const fresh = await reload();
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      entries.set(key, fresh);
      return fresh.context;
    }
    // Most recently used last, so the first key is the one to drop.
    entries.delete(key);
    entries.set(key, entry);
    return current(key, entry, reload);
  }

  return {
    context,
    /** The free slots of these days as of now, before the minimum notice and horizon are applied. */
    async candidates(tenantId: string, serviceId: string, days: Days): Promise<SlotSpan[]> {
      const now = await context(tenantId, serviceId, days);
      let slots = candidates.get(now);
      if (!slots) {
        slots = slotCandidates({ ...now, fromDate: days.from, toDate: days.to });
        candidates.set(now, slots);
      }
      return slots;
    },
  };
}

export type SlotCache = ReturnType<typeof createSlotCache>;
