import type { OfficeQueue } from '../../shared/realtime';
import { api } from './client';

export interface Workspace {
  /** Offices assigned to me; `serving` while I am present there. */
  offices: { id: string; slug: string; name: string; serving: boolean }[];
  /** Every office of the authority: where a citizen can be forwarded to. */
  transferTargets: { id: string; name: string }[];
  queues: OfficeQueue[];
  liveConsultation: { id: string; visitId: string; officeId: string } | null;
}

export interface CallResult {
  visitId: string;
  consultationId: string | null;
}

export const staffApi = {
  workspace: () => api<Workspace>('GET', '/staff/workspace'),
  presence: (officeIds: string[]) => api<{ officeIds: string[] }>('PUT', '/staff/presence', { officeIds }),
  callNext: (officeId: string) => api<CallResult>('POST', `/staff/offices/${officeId}/call-next`),
  call: (visitId: string) => api<CallResult>('POST', `/staff/visits/${visitId}/call`),
  transfer: (visitId: string, officeId: string, note: string) =>
    api<CallResult>('POST', `/staff/visits/${visitId}/transfer`, { officeId, note }),
  end: (consultationId: string) => api<CallResult>('POST', `/staff/consultations/${consultationId}/end`),
};
