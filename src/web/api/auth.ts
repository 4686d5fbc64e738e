import type { LoginRequest, LoginStep, Me } from '../../shared/auth';
import { api } from './client';

/** What every staff page needs (loaded with the app); the login page's further steps are in sign-in.ts. */
export const authApi = {
  me: () => api<Me>('GET', '/auth/me'),
  /** undefined: signed in; otherwise the second factor's step that follows the right password. */
  login: (credentials: LoginRequest) => api<LoginStep | undefined>('POST', '/auth/login', credentials),
  /** With a session from the identity provider: where its own sign-out is. */
  logout: () => api<{ redirect: string } | undefined>('POST', '/auth/logout'),
};
