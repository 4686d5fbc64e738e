import type { Db, Queryable } from '../../db/client';
import { enqueueJob, type JobHandler } from '../../jobs/queue';
import { loadBookingRules, releaseDelaySeconds } from './booking-rules';
import { recordAppointmentChange } from './change-record';

/** At a hold's deadline: an internet booking nobody activated expires (enqueued with the hold time). */
export const HOLD_EXPIRY_JOB = 'booking.expire-hold';
/** A while after a citizen gave a slot up: the slot is free for others again. */
export const SLOT_RELEASE_JOB = 'booking.release-slot';

/** What an expired hold keeps: nothing of the unverified requester (the name marks it as erased). */
const ERASED = `citizen_name = '–', citizen_email = '', citizen_phone = NULL, intake = '{}'`;

/**
 * Gives up the appointment's slot in the caller's transaction: at once when the authority's delay is 0,
 * otherwise it stays blocked (slot_release_pending, set by the caller's update) until SLOT_RELEASE_JOB
 * runs at a random moment between the delay and twice that.
 */
export async function scheduleSlotRelease(tx: Queryable, appointmentId: string, delaySeconds: number) {
  if (delaySeconds > 0) await enqueueJob(tx, SLOT_RELEASE_JOB, { appointmentId }, delaySeconds);
}

/** The hold's deadline passed unconfirmed: expired, personal data erased, slot given up as by a citizen. */
export function createHoldExpiryJob(db: Db): JobHandler {
  return async (payload) => {
    const appointmentId = String(payload.appointmentId);
    await db.transaction(async (tx) => {
      const [held] = await tx.query<{ tenantId: string }>(
        `SELECT tenant_id AS "tenantId" FROM appointments WHERE id = $1 AND status = 'pending_activation' FOR UPDATE`,
        [appointmentId],
      );
      // Activated meanwhile (or already expired by an earlier run): nothing to do.
      if (!held) return;
      const delay = releaseDelaySeconds(await loadBookingRules(tx, held.tenantId));
      await tx.query(
        `UPDATE appointments SET status = 'expired', slot_release_pending = $2, ${ERASED} WHERE id = $1`,
        [appointmentId, delay > 0],
      );
      await scheduleSlotRelease(tx, appointmentId, delay);
      await recordAppointmentChange(held.tenantId, 'system', 'appointment.expired')(tx, appointmentId);
    });
  };
}

/** The delay after a citizen gave the slot up has passed: the time is free for everyone. */
export function createSlotReleaseJob(db: Db): JobHandler {
  return async (payload) => {
    const appointmentId = String(payload.appointmentId);
    await db.transaction(async (tx) => {
      const [released] = await tx.query<{ tenantId: string }>(
        `UPDATE appointments SET slot_release_pending = false WHERE id = $1 AND slot_release_pending
         RETURNING tenant_id AS "tenantId"`,
        [appointmentId],
      );
      if (released)
        await recordAppointmentChange(
          released.tenantId,
          'system',
          'appointment.slot_released',
        )(tx, appointmentId);
    });
  };
}
