/**
 * An office's waiting line kept in memory between changes: the order of compareQueue, every visit's
 * index and the counts. A change of a few visits is applied by taking them out and putting their
 * current state back in at its place (binary search), so it costs O(changed · log n) comparisons plus
 * re-indexing those behind the first place that moved, not a reload and sort of the whole queue.
 * Pure: no I/O.
 */
import type { QueueCounts } from '../../shared/realtime';
import { compareQueue, type QueuedVisit } from './queue';

export interface ModelEntry extends QueuedVisit {
  /** Counts toward the capacity and is called by call-next (see HOLDS_PLACE). */
  holdsPlace: boolean;
  /** The citizen's page is closed. */
  disconnected: boolean;
  /** The device it entered from, when known: entries of one device are marked for staff. */
  clientKey: string | null;
}

export interface QueueModel<T extends ModelEntry = ModelEntry> {
  /** In queue order (0 = next in line). */
  ordered: T[];
  /** Every entry's index in `ordered`. */
  positions: Map<string, number>;
  /** Per client key, how many entries of that device wait. */
  sameClient: Map<string, number>;
  counts: QueueCounts;
}

const count = <T extends ModelEntry>(model: QueueModel<T>, entry: T, by: 1 | -1) => {
  model.counts.waiting += by;
  if (entry.holdsPlace) model.counts.holdingPlace += by;
  if (entry.disconnected) model.counts.disconnected += by;
  if (entry.clientKey === null) return;
  const left = (model.sameClient.get(entry.clientKey) ?? 0) + by;
  if (left > 0) model.sameClient.set(entry.clientKey, left);
  else model.sameClient.delete(entry.clientKey);
};

/** The model of a whole queue, as a full reload builds it. */
export function buildQueueModel<T extends ModelEntry>(entries: readonly T[]): QueueModel<T> {
  const model: QueueModel<T> = {
    ordered: [...entries].sort(compareQueue),
    positions: new Map(),
    sameClient: new Map(),
    counts: { waiting: 0, holdingPlace: 0, disconnected: 0 },
  };
  model.ordered.forEach((entry, index) => {
    model.positions.set(entry.id, index);
    count(model, entry, 1);
  });
  return model;
}

/** The index where `entry` belongs in the ordered line (it is not in it). */
function placeOf<T extends ModelEntry>(ordered: readonly T[], entry: T) {
  let low = 0;
  let high = ordered.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (compareQueue(ordered[middle]!, entry) < 0) low = middle + 1;
    else high = middle;
  }
  return low;
}

/**
 * Applies a change of the visits `changed` (by id) to the model, in place: each leaves the line, and
 * those of them in `current` (their state now, waiting in this office) take their place again. Returns
 * the first index whose entry may have moved (the line's length when none did).
 */
export function applyQueueChanges<T extends ModelEntry>(
  model: QueueModel<T>,
  changed: Iterable<string>,
  current: readonly T[],
): number {
  const ids = new Set(changed);
  for (const entry of current) ids.add(entry.id);
  let first = model.ordered.length;
  const leaving = [...ids]
    .flatMap((id) => {
      const index = model.positions.get(id);
      return index === undefined ? [] : [index];
    })
    .sort((a, b) => b - a);
  for (const index of leaving) {
    const [gone] = model.ordered.splice(index, 1);
    model.positions.delete(gone!.id);
    count(model, gone!, -1);
    first = Math.min(first, index);
  }
  const entering = new Map(current.map((entry) => [entry.id, entry]));
  for (const entry of entering.values()) {
    const index = placeOf(model.ordered, entry);
    model.ordered.splice(index, 0, entry);
    count(model, entry, 1);
    first = Math.min(first, index);
  }
  for (let index = first; index < model.ordered.length; index++) {
    model.positions.set(model.ordered[index]!.id, index);
  }
  return Math.min(first, model.ordered.length);
}
