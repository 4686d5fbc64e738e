/**
 * Unread counts of the call's side-panel tabs: what arrived from others (chat messages, files) while
 * that tab was not shown. What was there when the list first loaded counts as seen — a reload in the
 * middle of a call does not light up the whole history.
 */
export interface Tally {
  seen: ReadonlySet<string>;
  /** Ids that arrived while the tab was hidden, oldest first. */
  unseen: readonly string[];
}

export const EMPTY_TALLY: Tally = { seen: new Set(), unseen: [] };

/** The tab's list (ids of items from others) as it is now; `shown`: the person can see the tab now. */
export function noteArrivals(tally: Tally | undefined, ids: readonly string[], shown: boolean): Tally {
  if (!tally || shown) return { seen: new Set([...(tally?.seen ?? []), ...ids]), unseen: [] };
  return { seen: tally.seen, unseen: ids.filter((id) => !tally.seen.has(id)) };
}

/** The tab came into view: everything in it is seen. */
export function markShown(tally: Tally): Tally {
  if (tally.unseen.length === 0) return tally;
  return { seen: new Set([...tally.seen, ...tally.unseen]), unseen: [] };
}

export function unreadCount(tally: Tally | undefined): number {
  return tally?.unseen.length ?? 0;
}
