import type { CallResult, RemovedVisits, WaitingPage, Workspace } from '../../shared/visits';
import { api } from './client';

export const staffApi = {
  workspace: () => api<Workspace>('GET', '/staff/workspace'),
  presence: (officeIds: string[]) => api<{ officeIds: string[] }>('PUT', '/staff/presence', { officeIds }),
  callNext: (officeId: string) => api<CallResult>('POST', `/staff/offices/${officeId}/call-next`),
  call: (visitId: string) => api<CallResult>('POST', `/staff/visits/${visitId}/call`),
  transfer: (visitId: string, officeId: string, note: string) =>
    api<CallResult>('POST', `/staff/visits/${visitId}/transfer`, { officeId, note }),
  end: (consultationId: string) => api<CallResult>('POST', `/staff/consultations/${consultationId}/end`),
  notAppeared: (consultationId: string) =>
    api<CallResult>('POST', `/staff/consultations/${consultationId}/not-appeared`),
  sendBack: (consultationId: string, note: string) =>
    api<CallResult>('POST', `/staff/consultations/${consultationId}/send-back`, { note }),
  park: (consultationId: string, note: string) =>
    api<CallResult>('POST', `/staff/consultations/${consultationId}/park`, { note }),
  putBack: (visitId: string, at: 'place' | 'end') =>
    api<CallResult>('POST', `/staff/visits/${visitId}/put-back`, { at }),
  setPriority: (visitId: string, priority: 'normal' | 'raised', reason: string) =>
    api<CallResult>('PUT', `/staff/visits/${visitId}/priority`, { priority, reason }),
  waitingPage: (officeId: string, from: number, count: number) =>
    api<WaitingPage>('GET', `/staff/offices/${officeId}/waiting?from=${from}&count=${count}`),
  removeVisits: (officeId: string, visitIds: string[]) =>
    api<RemovedVisits>('POST', `/staff/offices/${officeId}/remove-visits`, { visitIds }),
};
