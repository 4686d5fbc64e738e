import type {
  ClerkState,
  ClerkStateInput,
  FollowUpSettings,
  FollowUpUpdate,
} from '../../shared/clerk-states';
import { api } from './client';

/** The clerk's own break or readiness, and the follow-up time the authority's admins set. */
export const clerkStateApi = {
  set: (request: ClerkStateInput) => api<ClerkState>('PUT', '/staff/state', request),
  followUp: () => api<FollowUpSettings>('GET', '/admin/tenant/follow-up'),
  updateFollowUp: (update: FollowUpUpdate) => api<FollowUpSettings>('PUT', '/admin/tenant/follow-up', update),
};
