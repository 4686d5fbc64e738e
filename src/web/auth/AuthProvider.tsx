import { type ReactNode, useCallback, useMemo, useRef, useState } from 'react';
import type { LoginRequest, Me } from '../../shared/auth';
import { authApi } from '../api/auth';
import { ApiProblem } from '../api/client';
import { AuthContext, type AuthState } from './context';

async function loadMe(): Promise<Me | null> {
  try {
    return await authApi.me();
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 401) return null;
    throw error;
  }
}

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const probed = useRef(false);

  const probe = useCallback(() => {
    if (probed.current) return;
    probed.current = true;
    loadMe().then(setMe, () => setMe(null));
  }, []);

  const refresh = useCallback(async () => {
    probed.current = true;
    setMe(await loadMe());
  }, []);

  const signIn = useCallback(
    async (credentials: LoginRequest) => {
      const step = await authApi.login(credentials);
      if (!step) await refresh();
      return step;
    },
    [refresh],
  );

  const signOut = useCallback(async () => {
    try {
      const next = await authApi.logout();
      if (!next?.redirect) return false;
      window.location.assign(next.redirect);
      return true;
    } finally {
      setMe(null);
    }
  }, []);

  const value = useMemo<AuthState>(
    () => ({ me, probe, signIn, refresh, signOut }),
    [me, probe, signIn, refresh, signOut],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
