import { useCallback, useEffect, useRef, useState } from 'react';
import { markShown, noteArrivals, type Tally, unreadCount } from './unread';

export interface Unread {
  counts: Record<string, number>;
  total: number;
  /** For a polite live region: what just arrived where (hidden tabs are not read out by themselves). */
  announcement: string;
  arrived(tabId: string, ids: readonly string[]): void;
}

/**
 * The side panel's unread counts. `shownTab`: the tab the person sees now (null while the panel is
 * closed); `announce(tabId, count)` words a rise of a tab's count.
 */
export function useUnread(
  shownTab: string | null,
  announce: (tabId: string, count: number) => string,
): Unread {
  const [tallies, setTallies] = useState<Record<string, Tally>>({});
  const [announcement, setAnnouncement] = useState('');
  const current = useRef(tallies);
  const shown = useRef(shownTab);
  shown.current = shownTab;
  const words = useRef(announce);
  words.current = announce;

  const update = useCallback((tabId: string, next: Tally) => {
    current.current = { ...current.current, [tabId]: next };
    setTallies(current.current);
  }, []);

  const arrived = useCallback(
    (tabId: string, ids: readonly string[]) => {
      const before = current.current[tabId];
      const next = noteArrivals(before, ids, shown.current === tabId);
      update(tabId, next);
      const count = unreadCount(next);
      if (count > unreadCount(before)) setAnnouncement(words.current(tabId, count));
    },
    [update],
  );

  useEffect(() => {
    const tally = shownTab === null ? undefined : current.current[shownTab];
    if (shownTab !== null && tally && unreadCount(tally) > 0) update(shownTab, markShown(tally));
  }, [shownTab, update]);

  const counts = Object.fromEntries(Object.entries(tallies).map(([tab, tally]) => [tab, unreadCount(tally)]));
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0);
  return { counts, total, announcement, arrived };
}
