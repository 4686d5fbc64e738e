import type { LoginRequest, Me } from '../../shared/auth';
import { api } from './client';

export const authApi = {
  me: () => api<Me>('GET', '/auth/me'),
  login: (credentials: LoginRequest) => api<void>('POST', '/auth/login', credentials),
  logout: () => api<void>('POST', '/auth/logout'),
};
