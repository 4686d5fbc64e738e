import type { BookingRules } from '../../../shared/booking-rules';
import type { Queryable } from '../../db/client';
import { notFound } from '../../http/problem';

const COLUMNS = `booking_hold_minutes AS "holdMinutes", booking_open_per_email AS "openPerEmail",
  booking_release_minutes AS "releaseMinutes"`;

/** The authority's rules for internet bookings (migration 0019 holds the defaults). */
export async function loadBookingRules(db: Queryable, tenantId: string): Promise<BookingRules> {
  const [rules] = await db.query<BookingRules>(`SELECT ${COLUMNS} FROM tenants WHERE id = $1`, [tenantId]);
  if (!rules) throw notFound('Authority');
  return rules;
}

export async function saveBookingRules(db: Queryable, tenantId: string, rules: BookingRules) {
  const [saved] = await db.query<BookingRules>(
    `UPDATE tenants SET booking_hold_minutes = $2, booking_open_per_email = $3, booking_release_minutes = $4
      WHERE id = $1 RETURNING ${COLUMNS}`,
    [tenantId, rules.holdMinutes, rules.openPerEmail, rules.releaseMinutes],
  );
  if (!saved) throw notFound('Authority');
  return saved;
}

/**
 * Seconds until a slot a citizen gave up comes free: at a random moment between the configured delay and
 * twice that, so neither the one who gave it up nor anyone they told knows when to grab it.
 */
export const releaseDelaySeconds = (rules: Pick<BookingRules, 'releaseMinutes'>, random = Math.random) =>
  Math.round(rules.releaseMinutes * 60 * (1 + random()));
