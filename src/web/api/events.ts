import type { AudienceSeat, PublicEventList, PublicEventPage, StaffEvent } from '../../shared/events';
import { api } from './client';

const publicPath = (tenantSlug: string, eventId?: string) =>
  `/public/tenants/${encodeURIComponent(tenantSlug)}/events${eventId ? `/${encodeURIComponent(eventId)}` : ''}`;

/** Public events: the authority's list and one event for citizens, the host's view for staff. */
export const eventsApi = {
  upcoming: (tenantSlug: string) => api<PublicEventList>('GET', publicPath(tenantSlug)),
  event: (tenantSlug: string, eventId: string) =>
    api<PublicEventPage>('GET', publicPath(tenantSlug, eventId)),
  /** The audience's proof-of-work challenge (see useProofOfWork). */
  challengePath: (tenantSlug: string, eventId: string) => `${publicPath(tenantSlug, eventId)}/challenge`,
  takeSeat: (tenantSlug: string, eventId: string, headers: Record<string, string>) =>
    api<AudienceSeat>('POST', `${publicPath(tenantSlug, eventId)}/audience`, undefined, { headers }),
  hosted: (eventId: string) => api<StaffEvent>('GET', `/staff/events/${encodeURIComponent(eventId)}`),
  myEvents: () => api<StaffEvent[]>('GET', '/staff/events'),
};
