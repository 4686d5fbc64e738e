import type { Temporal } from 'temporal-polyfill';
import type { Queryable } from '../../db/client';
import { HttpProblem } from '../../http/problem';

/** The field message the web app translates (src/web/lib/validation.ts). */
export const OPEN_LIMIT_MESSAGE = 'too many open appointments for this address';

/** Addresses count as one whatever their case or surrounding spaces. */
export const normalEmail = (email: string) => email.trim().toLowerCase();

/**
 * Refuses an internet booking when the address already has `limit` open appointments at the authority:
 * firm ones not yet over, and holds still waiting for activation. Run inside the booking's transaction:
 * a lock per authority and address makes simultaneous bookings of one address take turns, so they
 * cannot all pass the count together.
 */
export async function assertOpenBelowLimit(
  tx: Queryable,
  check: { tenantId: string; email: string; limit: number; now: Temporal.Instant },
) {
  const email = normalEmail(check.email);
  await tx.query(`SELECT pg_advisory_xact_lock(hashtext('amtsraum.open-appointments:' || $1 || ':' || $2))`, [
    check.tenantId,
    email,
  ]);
  const [open] = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM appointments
      WHERE tenant_id = $1 AND lower(btrim(citizen_email)) = $2 AND ends_at > $3
        AND (status = 'booked' OR (status = 'pending_activation' AND activate_by > $3))`,
    [check.tenantId, email, check.now.toString()],
  );
  if (open!.n < check.limit) return;
  throw new HttpProblem(
    409,
    'Conflict',
    'This e-mail address already has as many open appointments as this authority allows',
    { errors: [{ field: 'body.email', message: OPEN_LIMIT_MESSAGE }], limit: check.limit },
  );
}
