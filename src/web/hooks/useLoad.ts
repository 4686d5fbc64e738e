import { startTransition, useCallback, useEffect, useState } from 'react';

export interface Loaded<T> {
  data: T | undefined;
  error: unknown;
  reload(): Promise<void>;
}

/**
 * Loads data once on mount and again on reload(); keeps the last error. `initial` (what the server
 * rendered the page with) is shown until the first load is back.
 */
export function useLoad<T>(load: () => Promise<T>, initial?: T): Loaded<T> {
  const [data, setData] = useState<T | undefined>(initial);
  const [error, setError] = useState<unknown>(null);
  const reload = useCallback(async () => {
    try {
      const loaded = await load();
      // A transition: the page the data fills renders in slices, so a slow phone stays responsive.
      startTransition(() => {
        setData(loaded);
        setError(null);
      });
    } catch (e) {
      setError(e);
    }
  }, [load]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, reload };
}
