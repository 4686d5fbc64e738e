import { useCallback, useEffect } from 'react';
import { citizenApi } from '../api/citizen';
import { useLoad } from '../hooks/useLoad';

/** How often the public office figures are fetched again (the hint texts say 15 seconds). */
const REFRESH_MS = 15_000;

/** The authority's public data with its offices' live figures, reloaded every REFRESH_MS. */
export function usePublicTenant(tenantSlug: string) {
  const load = useCallback(() => citizenApi.tenant(tenantSlug), [tenantSlug]);
  const tenant = useLoad(load);
  const { reload } = tenant;
  useEffect(() => {
    const timer = setInterval(() => void reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [reload]);
  return tenant;
}
