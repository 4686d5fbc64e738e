import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client';
import { hashToken, newToken } from '../../security/tokens';
import { EventError } from './event-errors';

/** A seat whose page never connected its socket counts this long after admission, then frees itself. */
export const UNCONNECTED_SEAT_SECONDS = 60;
/** A page whose socket dropped (network, a phone's app switch) gets its seat back within this time. */
export const RECONNECT_SECONDS = 120;

/** The number of seats of event $1 that count at $2: held, or admitted but not connected yet (for a minute). */
export const PRESENT_SEATS = `SELECT count(*)::int AS n FROM event_audience
     WHERE event_id = $1 AND left_at IS NULL
       AND (connected_at IS NOT NULL OR admitted_at > $2::timestamptz - make_interval(secs => ${UNCONNECTED_SEAT_SECONDS}))`;

export interface Seat {
  id: string;
  eventId: string;
}

/**
 * The audience of an event: a seat per browser admitted, counted against max_audience while its socket
 * is open. Seats carry no name and no address, only the hash of the token the page says hello with.
 */
export function createAudienceSeats(db: Db) {
  return {
    /**
     * A new seat when one is free and the hosts have not locked the room; the event row is locked
     * meanwhile, so two admissions never share the last seat.
     */
    async admit(eventId: string, maxAudience: number, now: Date): Promise<string> {
      return db.transaction(async (tx) => {
        const [event] = await tx.query<{ locked: boolean }>(
          'SELECT locked_at IS NOT NULL AS locked FROM events WHERE id = $1 FOR UPDATE',
          [eventId],
        );
        if (event?.locked) throw new EventError('locked');
        const [count] = await tx.query<{ n: number }>(PRESENT_SEATS, [eventId, now]);
        if ((count?.n ?? 0) >= maxAudience) throw new EventError('full');
        const token = newToken();
        await tx.query(
          'INSERT INTO event_audience (id, event_id, token_hash, admitted_at) VALUES ($1, $2, $3, $4)',
          [randomUUID(), eventId, hashToken(token), now],
        );
        return token;
      });
    },

    /**
     * The seat of a token whose page connects now; undefined when unknown, removed by a host, or given up
     * for longer than a reconnect. `seen`: the hosts list this seat (a raised hand or the floor), so they
     * hear that it is back.
     */
    async connect(token: string, now: Date): Promise<(Seat & { seen: boolean }) | undefined> {
      const [seat] = await db.query<Seat & { seen: boolean }>(
        `UPDATE event_audience SET connected_at = $2, left_at = NULL
          WHERE token_hash = $1 AND removed_at IS NULL
            AND (left_at IS NULL OR left_at > $2::timestamptz - make_interval(secs => ${RECONNECT_SECONDS}))
         RETURNING id, event_id AS "eventId", hand_raised_at IS NOT NULL OR floor_granted_at IS NOT NULL AS seen`,
        [hashToken(token), now],
      );
      return seat;
    },

    /** The seat of a token in this event while it is held (the page's socket not closed). */
    async holding(token: string, eventId: string): Promise<Seat | undefined> {
      const [seat] = await db.query<Seat>(
        `SELECT id, event_id AS "eventId" FROM event_audience
          WHERE token_hash = $1 AND event_id = $2 AND left_at IS NULL`,
        [hashToken(token), eventId],
      );
      return seat;
    },

    /**
     * The page's socket closed: the seat is free for someone else, unless the page is back in time.
     * True when the hosts saw it (a raised hand, the floor): their list changed.
     */
    async leave(seatId: string, now: Date): Promise<boolean> {
      const [left] = await db.query<{ seen: boolean }>(
        `UPDATE event_audience SET left_at = $2 WHERE id = $1 AND left_at IS NULL
         RETURNING hand_raised_at IS NOT NULL OR floor_granted_at IS NOT NULL AS seen`,
        [seatId, now],
      );
      return left?.seen ?? false;
    },
  };
}
export type AudienceSeats = ReturnType<typeof createAudienceSeats>;
