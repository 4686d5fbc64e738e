import type { IdentityProvider, IdentityProviderInput } from '../../shared/identity-provider';
import { ApiProblem, api } from './client';

export const identityProviderApi = {
  /** The authority's provider, or null when none is set up. */
  async get(): Promise<IdentityProvider | null> {
    try {
      return await api<IdentityProvider>('GET', '/admin/tenant/identity-provider');
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 404) return null;
      throw error;
    }
  },
  save: (input: IdentityProviderInput) =>
    api<IdentityProvider>('PUT', '/admin/tenant/identity-provider', input),
  remove: () => api<void>('DELETE', '/admin/tenant/identity-provider'),
};
