import type { VisitView } from '../../shared/realtime';
import { api } from './client';

/** One virtual office as the public page of an authority shows it. */
export interface PublicOffice {
  slug: string;
  name: string;
  open: boolean;
  /** ISO instant; null while closed. */
  closesAt: string | null;
  /** ISO instant; null when no opening is known. */
  nextOpening: string | null;
  agentsServing: number;
  freeAgents: number;
  waiting: number;
  full: boolean;
  /** null: nobody serves the office right now. */
  estimatedWaitMinutes: number | null;
}

export interface PublicTenant {
  name: string;
  logoUrl: string | null;
  timeZone: string;
  offices: PublicOffice[];
}

export interface EnterInput {
  displayName: string;
  concern: string;
  audioOnly: boolean;
}

const bearer = (visitToken: string) => ({ headers: { authorization: `Bearer ${visitToken}` } });

/** Citizen-facing calls: no account; a visit is proven by its token. */
export const citizenApi = {
  tenant: (tenantSlug: string) =>
    api<PublicTenant>('GET', `/public/tenants/${encodeURIComponent(tenantSlug)}`),
  enter: (tenantSlug: string, officeSlug: string, input: EnterInput) =>
    api<{ visitId: string; visitToken: string }>(
      'POST',
      `/public/tenants/${encodeURIComponent(tenantSlug)}/offices/${encodeURIComponent(officeSlug)}/visits`,
      input,
    ),
  visit: (visitToken: string) => api<VisitView>('GET', '/public/visit', undefined, bearer(visitToken)),
  leave: (visitToken: string) => api<void>('DELETE', '/public/visit', undefined, bearer(visitToken)),
};
