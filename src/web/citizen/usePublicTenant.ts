import { useCallback, useEffect, useState } from 'react';
import { citizenApi } from '../api/citizen';
import { useLoad } from '../hooks/useLoad';
import { useInitialTenant } from '../ssr/initial-data';

/** How often the public office figures are fetched again (the hint texts say 15 seconds). */
const REFRESH_MS = 15_000;

/**
 * The authority's public data with its offices' live figures, reloaded every REFRESH_MS and at once
 * when the browser comes back online or the tab is in front again. A failed reload keeps the last
 * figures; `loadedAt` (the browser's clock, ms) says how old they are.
 */
export function usePublicTenant(tenantSlug: string) {
  const initial = useInitialTenant(tenantSlug);
  // Not rendered unless a reload fails, so the server's clock and the browser's never meet in markup.
  const [loadedAt, setLoadedAt] = useState<number | null>(() => (initial ? Date.now() : null));
  const load = useCallback(async () => {
    const data = await citizenApi.tenant(tenantSlug);
    setLoadedAt(Date.now());
    return data;
  }, [tenantSlug]);
  const tenant = useLoad(load, initial);
  const { reload } = tenant;
  useEffect(() => {
    const timer = setInterval(() => void reload(), REFRESH_MS);
    const now = () => void reload();
    const visible = () => {
      if (document.visibilityState === 'visible') void reload();
    };
    window.addEventListener('online', now);
    document.addEventListener('visibilitychange', visible);
    return () => {
      clearInterval(timer);
      window.removeEventListener('online', now);
      document.removeEventListener('visibilitychange', visible);
    };
  }, [reload]);
  /** The last figures could not be refreshed: they are shown, but as of loadedAt. */
  const stale = Boolean(tenant.data && tenant.error);
  return { ...tenant, loadedAt, stale };
}
