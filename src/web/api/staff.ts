import type { CallResult, RemovedVisits, Workspace } from '../../shared/visits';
import { api } from './client';

export const staffApi = {
  workspace: () => api<Workspace>('GET', '/staff/workspace'),
  presence: (officeIds: string[]) => api<{ officeIds: string[] }>('PUT', '/staff/presence', { officeIds }),
  callNext: (officeId: string) => api<CallResult>('POST', `/staff/offices/${officeId}/call-next`),
  call: (visitId: string) => api<CallResult>('POST', `/staff/visits/${visitId}/call`),
  transfer: (visitId: string, officeId: string, note: string) =>
    api<CallResult>('POST', `/staff/visits/${visitId}/transfer`, { officeId, note }),
  end: (consultationId: string) => api<CallResult>('POST', `/staff/consultations/${consultationId}/end`),
  removeVisits: (officeId: string, visitIds: string[]) =>
    api<RemovedVisits>('POST', `/staff/offices/${officeId}/remove-visits`, { visitIds }),
};
