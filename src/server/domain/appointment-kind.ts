import type { AppointmentKind, Channel } from '../../shared/admin';

/**
 * The kind an appointment takes: the one asked for if the service offers it, else the service's only
 * way; a service offered both ways defaults to video, which is what clients booked before the choice
 * existed. null: the service does not offer the kind asked for.
 */
export function appointmentKindFor(channel: Channel, requested?: AppointmentKind): AppointmentKind | null {
  if (channel === 'both') return requested ?? 'video';
  if (requested && requested !== channel) return null;
  return channel;
}
