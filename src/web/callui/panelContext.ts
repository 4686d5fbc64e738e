import { createContext, useContext, useEffect } from 'react';

/** What a side-panel tab's content may know of its tab: whether it is seen, and where to report news. */
export interface TabActivity {
  /** The panel is open and this tab is the selected one: the person can see it now. */
  shown: boolean;
  /** The ids of the items from others the tab holds now (chat messages, files); unread counts follow. */
  arrived(ids: readonly string[]): void;
}

/** Outside a call panel (or in tests) a content is always shown and reports go nowhere. */
const TabActivityContext = createContext<TabActivity>({ shown: true, arrived: () => {} });

export const TabActivityProvider = TabActivityContext.Provider;

export function useTabActivity(): TabActivity {
  return useContext(TabActivityContext);
}

/**
 * Reports a tab's items from others (e.g. their chat messages) whenever they change once the list has
 * `loaded` — the first list is history, later ones bring news.
 */
export function useReportArrivals(loaded: boolean, ids: readonly string[]): void {
  const { arrived } = useTabActivity();
  const key = ids.join(' ');
  // biome-ignore lint/correctness/useExhaustiveDependencies: the joined ids say when the list changed
  useEffect(() => {
    if (loaded) arrived(ids);
  }, [loaded, key, arrived]);
}

/** Lets what the call's top bar shows (e.g. the agent's queue count) open a tab of the side panel. */
const ShowTabContext = createContext<(tabId: string) => void>(() => {});

export const ShowTabProvider = ShowTabContext.Provider;

export function useShowTab(): (tabId: string) => void {
  return useContext(ShowTabContext);
}
