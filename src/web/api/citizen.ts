import type { VisitView } from '../../shared/realtime';
import type { EnterRequest, EnterResponse, PublicTenant } from '../../shared/visits';
import { api } from './client';

const bearer = (visitToken: string) => ({ headers: { authorization: `Bearer ${visitToken}` } });

/** Citizen-facing calls: no account; a visit is proven by its token. */
export const citizenApi = {
  tenant: (tenantSlug: string) =>
    api<PublicTenant>('GET', `/public/tenants/${encodeURIComponent(tenantSlug)}`),
  /** The waiting room's proof-of-work challenge (see useProofOfWork). */
  entryChallengePath: (tenantSlug: string, officeSlug: string) =>
    `/public/tenants/${encodeURIComponent(tenantSlug)}/offices/${encodeURIComponent(officeSlug)}/challenge`,
  enter: (tenantSlug: string, officeSlug: string, input: EnterRequest, headers: Record<string, string>) =>
    api<EnterResponse>(
      'POST',
      `/public/tenants/${encodeURIComponent(tenantSlug)}/offices/${encodeURIComponent(officeSlug)}/visits`,
      input,
      { headers },
    ),
  visit: (visitToken: string) => api<VisitView>('GET', '/public/visit', undefined, bearer(visitToken)),
  leave: (visitToken: string) => api<void>('DELETE', '/public/visit', undefined, bearer(visitToken)),
};
