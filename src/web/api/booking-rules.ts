import type { BookingRules } from '../../shared/booking-rules';
import { api } from './client';

/** The authority's rules for internet bookings: read by its staff, changed by its admins. */
export const bookingRulesApi = {
  get: () => api<BookingRules>('GET', '/admin/tenant/booking-rules'),
  update: (rules: BookingRules) => api<BookingRules>('PUT', '/admin/tenant/booking-rules', rules),
};
