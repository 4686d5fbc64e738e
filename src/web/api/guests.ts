import type { GuestJoinResult, GuestList, GuestSelf, GuestView } from '../../shared/guests';
import { api } from './client';

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
const base = (consultationId: string) => `/consultations/${encodeURIComponent(consultationId)}/guests`;

/** The agent's side: invite guests into a live consultation, list and remove them (session cookie). */
export const guestAdminApi = {
  list: (consultationId: string) => api<GuestList>('GET', base(consultationId)),
  invite: (consultationId: string, label: string) => api<GuestView>('POST', base(consultationId), { label }),
  remove: (consultationId: string, guestId: string) =>
    api<void>('DELETE', `${base(consultationId)}/${encodeURIComponent(guestId)}`),
};

/** The guest's side, without an account: the link's token once, then the session token it gave. */
export const guestApi = {
  join: (linkToken: string) =>
    api<GuestJoinResult>('POST', '/public/guests/join', undefined, bearer(linkToken)),
  me: (guestToken: string) => api<GuestSelf>('GET', '/public/guests/me', undefined, bearer(guestToken)),
  leave: (guestToken: string) => api<void>('POST', '/public/guests/leave', undefined, bearer(guestToken)),
};
