import type {
  AppointmentContact,
  ErasureRequest,
  ErasureResult,
  SubjectRecords,
  SubjectSearch,
  VisitName,
} from '../../shared/data-protection';
import { api } from './client';

const BASE = '/admin/data-protection';

/** The ids of everything a search found: what the download and the erasure are about. */
export const selectionOf = (records: SubjectRecords) => ({
  appointmentIds: records.appointments.map((a) => a.id),
  visitIds: records.visits.map((v) => v.id),
  outboxMessageIds: records.outboxMessages.map((m) => m.id),
});

/** /api/admin/data-protection: citizens' requests and the records of processing. */
export const dataProtectionApi = {
  // A POST: the address or number searched for never becomes part of an address (history, logs).
  search: (search: SubjectSearch) => api<SubjectRecords>('POST', `${BASE}/search`, search),
  /** The access package's address: ids only, so the link can be an ordinary download. */
  exportUrl: (records: SubjectRecords) => {
    const query = Object.entries(selectionOf(records))
      .filter(([, ids]) => ids.length > 0)
      .map(([name, ids]) => `${name}=${ids.join(',')}`)
      .join('&');
    return `/api${BASE}/export?${query}`;
  },
  rectifyAppointment: (id: string, contact: AppointmentContact) =>
    api<void>('PUT', `${BASE}/appointments/${id}/contact`, contact),
  rectifyVisit: (id: string, name: VisitName) => api<void>('PUT', `${BASE}/visits/${id}/name`, name),
  erase: (request: ErasureRequest) => api<ErasureResult>('POST', `${BASE}/erasure`, request),
  processingRecordsUrl: `/api${BASE}/records-of-processing.pdf`,
};
