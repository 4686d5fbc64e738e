import type { Queryable } from '../../db/client';
import { recordAudit } from '../audit/audit-log';
import { emitAppointmentEvent } from '../webhooks/events';

export type AppointmentChange = 'appointment.booked' | 'appointment.cancelled' | 'appointment.moved';

/**
 * Runs inside an appointment change's own transaction, so the change, its audit event and its webhook
 * deliveries commit together or not at all (a crash between them would lose the event).
 */
export type ChangeRecorder = (tx: Queryable, appointmentId: string) => Promise<void>;

/** The audit event and the webhook deliveries of one appointment change, by `actor`. */
export function recordAppointmentChange(
  tenantId: string,
  actor: string,
  change: AppointmentChange,
): ChangeRecorder {
  return async (tx, appointmentId) => {
    await recordAudit(tx, { tenantId, actor, action: change, object: `appointment:${appointmentId}` });
    await emitAppointmentEvent(tx, tenantId, change, appointmentId);
  };
}
