import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
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

  useEffect(() => {
    loadMe().then(setMe, () => setMe(null));
  }, []);

  const signIn = useCallback(async (credentials: LoginRequest) => {
    await authApi.login(credentials);
    setMe(await loadMe());
  }, []);

  const signOut = useCallback(async () => {
    try {
      await authApi.logout();
    } finally {
      setMe(null);
    }
  }, []);

  const value = useMemo<AuthState>(() => ({ me, signIn, signOut }), [me, signIn, signOut]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}
