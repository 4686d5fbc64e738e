import { createContext, useContext } from 'react';
import type { LoginRequest, Me } from '../../shared/auth';

export interface AuthState {
  /** The signed-in staff member; null when signed out, undefined while still asking the server. */
  me: Me | null | undefined;
  signIn(credentials: LoginRequest): Promise<void>;
  signOut(): Promise<void>;
}

export const AuthContext = createContext<AuthState | null>(null);

export function useAuth(): AuthState {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}
