import type { OpeningHours } from '../../shared/admin';
import type {
  ActivationResult,
  BookableServices,
  BookingConfirmation,
  BookingRequest,
  FirmBooking,
  JoinResult,
  ManagedAppointment,
  SlotList,
  StaffAppointment,
  StaffBookingRequest,
} from '../../shared/booking';
import { api } from './client';

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });
const tenantPath = (tenantSlug: string) => `/public/tenants/${encodeURIComponent(tenantSlug)}`;

/** A staff member's own weekly hours (null: the office's hours) and date exceptions. */
export interface StaffAvailability {
  workingHours: OpeningHours | null;
  exceptions: { id: string; kind: 'absent' | 'extra'; from: string; to: string }[];
}

/** One message the embedded mail/SMS default kept instead of sending. */
export interface OutboxItem {
  id: string;
  channel: 'email' | 'sms';
  recipient: string;
  subject: string;
  body: string;
  attachments: { filename: string; contentType?: string }[];
  createdAt: string;
}

/** Booking without an account: the manage and join links prove the appointment by their token. */
export const bookingApi = {
  services: (tenantSlug: string) => api<BookableServices>('GET', `${tenantPath(tenantSlug)}/services`),
  slots: (tenantSlug: string, serviceId: string, window: { from?: string; days: number }) => {
    const query = new URLSearchParams({ days: String(window.days) });
    if (window.from) query.set('from', window.from);
    return api<SlotList>(
      'GET',
      `${tenantPath(tenantSlug)}/services/${encodeURIComponent(serviceId)}/slots?${query}`,
    );
  },
  /** The service's proof-of-work challenge (see useProofOfWork). */
  bookingChallengePath: (tenantSlug: string, serviceId: string) =>
    `${tenantPath(tenantSlug)}/services/${encodeURIComponent(serviceId)}/challenge`,
  book: (tenantSlug: string, serviceId: string, request: BookingRequest, headers: Record<string, string>) =>
    api<BookingConfirmation>(
      'POST',
      `${tenantPath(tenantSlug)}/services/${encodeURIComponent(serviceId)}/appointments`,
      request,
      { headers },
    ),
  /** The activation link of a held internet booking: makes it firm. */
  activate: (activationToken: string) =>
    api<ActivationResult>('POST', '/public/appointment/activate', undefined, bearer(activationToken)),
  appointment: (manageToken: string) =>
    api<ManagedAppointment>('GET', '/public/appointment', undefined, bearer(manageToken)),
  cancel: (manageToken: string) => api<void>('DELETE', '/public/appointment', undefined, bearer(manageToken)),
  reschedule: (manageToken: string, start: string) =>
    api<void>('PUT', '/public/appointment', { start }, bearer(manageToken)),
  join: (joinToken: string) =>
    api<JoinResult>('POST', '/public/appointment/join', undefined, bearer(joinToken)),
  /** A case system's invitation link (no appointment): straight into the office's queue. */
  joinInvitation: (invitationToken: string) =>
    api<JoinResult>('POST', '/public/invitation/join', undefined, bearer(invitationToken)),
};

/** The staff calendar, own availability and the admin outbox. */
export const calendarApi = {
  day: (date: string) =>
    api<StaffAppointment[]>('GET', `/staff/appointments?${new URLSearchParams({ date })}`),
  book: (request: StaffBookingRequest) => api<FirmBooking>('POST', '/staff/appointments', request),
  cancel: (id: string, message: string) => api<void>('POST', `/staff/appointments/${id}/cancel`, { message }),
  move: (id: string, start: string, message: string) =>
    api<void>('POST', `/staff/appointments/${id}/move`, { start, message }),
  noShow: (id: string) => api<void>('POST', `/staff/appointments/${id}/no-show`),
  /** Check-in at the counter of an in-person appointment. */
  arrived: (id: string) => api<void>('POST', `/staff/appointments/${id}/arrived`),
  availability: (staffId: string) => api<StaffAvailability>('GET', `/staff/staff/${staffId}/availability`),
  setWorkingHours: (staffId: string, workingHours: OpeningHours | null) =>
    api<void>('PUT', `/staff/staff/${staffId}/working-hours`, { workingHours }),
  addException: (staffId: string, exception: { kind: 'absent' | 'extra'; from: string; to: string }) =>
    api<{ id: string }>('POST', `/staff/staff/${staffId}/exceptions`, exception),
  removeException: (staffId: string, exceptionId: string) =>
    api<void>('DELETE', `/staff/staff/${staffId}/exceptions/${exceptionId}`),
  outbox: () => api<OutboxItem[]>('GET', '/admin/outbox'),
};
