import type { Queryable } from '../../db/client';
import { recordAudit } from '../audit/audit-log';
import { emitAppointmentEvent } from '../webhooks/events';

/** The changes case systems hear of (webhooks): an appointment becomes firm, is cancelled or moved. */
type AnnouncedChange = 'appointment.booked' | 'appointment.cancelled' | 'appointment.moved';

/**
 * Changes only the audit trail records: an internet booking held for activation, its expiry, and a given-up
 * slot coming free. A case system learns of an appointment once it is firm, so bots' holds never reach it.
 */
type QuietChange = 'appointment.held' | 'appointment.expired' | 'appointment.slot_released';

export type AppointmentChange = AnnouncedChange | QuietChange;

const QUIET: ReadonlySet<AppointmentChange> = new Set<QuietChange>([
  'appointment.held',
  'appointment.expired',
  'appointment.slot_released',
]);
const announced = (change: AppointmentChange): change is AnnouncedChange => !QUIET.has(change);

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
    if (announced(change)) await emitAppointmentEvent(tx, tenantId, change, appointmentId);
  };
}
