import { createContext, useContext, useEffect } from 'react';
import type { LoginRequest, LoginStep, Me } from '../../shared/auth';

export interface AuthState {
  /**
   * The signed-in staff member; null when signed out, undefined while still asking the server or
   * while no staff page has asked yet.
   */
  me: Me | null | undefined;
  /** Asks the server who is signed in, once per page load. */
  probe(): void;
  /** The password step: undefined when signed in, else the second factor's step that follows. */
  signIn(credentials: LoginRequest): Promise<LoginStep | undefined>;
  /** Reads the session after the second factor completed the sign-in. */
  refresh(): Promise<void>;
  /** Ends the session; true when the browser now leaves for the identity provider's own sign-out. */
  signOut(): Promise<boolean>;
}

export const AuthContext = createContext<AuthState | null>(null);

function useAuthState(): AuthState {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error('useAuth outside AuthProvider');
  return auth;
}

/**
 * The session, asked for when first needed: for staff, admin and sign-in pages. Citizen pages never
 * call it, so they send no /api/auth/me (and log no 401 in the citizen's console).
 */
export function useAuth(): AuthState {
  const auth = useAuthState();
  const { probe } = auth;
  useEffect(() => probe(), [probe]);
  return auth;
}

/** The session as far as a staff page has asked for it, never asking itself: for the header of every page. */
export function useKnownAuth(): AuthState {
  return useAuthState();
}
