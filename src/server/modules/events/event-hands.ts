import type { Floor, Hand, HandInput } from '../../../shared/event-audience';
import type { Db } from '../../db/client';
import type { Seat } from './audience-seats';
import { EventError } from './event-errors';

/** What hosts see: the raised hands of seats still present, oldest first, and who has the floor. */
export interface HandsState {
  hands: Hand[];
  floor: Floor;
}

/**
 * Raised hands and the floor of an event. Only one seat has the floor at a time (a unique index says so):
 * giving it to another takes it from the one before. Having the floor is what lets a seat publish.
 */
export function createEventHands(db: Db) {
  return {
    async state(eventId: string): Promise<HandsState> {
      const rows = await db.query<{ seatId: string; name: string; raisedAt: Date | null; floor: boolean }>(
        `SELECT id AS "seatId", coalesce(hand_name, '') AS name, hand_raised_at AS "raisedAt",
                floor_granted_at IS NOT NULL AS floor
           FROM event_audience
          WHERE event_id = $1 AND left_at IS NULL
            AND (hand_raised_at IS NOT NULL OR floor_granted_at IS NOT NULL)
          ORDER BY hand_raised_at, id`,
        [eventId],
      );
      const speaker = rows.find((r) => r.floor);
      return {
        hands: rows.flatMap(({ seatId, name, raisedAt }) =>
          raisedAt ? [{ seatId, name, raisedAt: raisedAt.toISOString() }] : [],
        ),
        floor: speaker ? { seatId: speaker.seatId, name: speaker.name } : null,
      };
    },

    /** Raises (keeping the time it first went up, so a new name does not jump the line) or lowers a hand. */
    async raise(seat: Seat, hand: Required<HandInput>, now: Date) {
      await db.query(
        `UPDATE event_audience
            SET hand_raised_at = CASE WHEN $2 THEN coalesce(hand_raised_at, $3) END,
                hand_name = CASE WHEN $2 THEN nullif($4, '') END
          WHERE id = $1`,
        [seat.id, hand.raised, now, hand.name],
      );
    },

    /** A host gives the floor to a present seat of the event: its hand goes down, whoever spoke before stops. */
    async give(eventId: string, seatId: string, now: Date) {
      await db.transaction(async (tx) => {
        await tx.query('SELECT id FROM events WHERE id = $1 FOR UPDATE', [eventId]);
        await tx.query(
          'UPDATE event_audience SET floor_granted_at = NULL WHERE event_id = $1 AND floor_granted_at IS NOT NULL',
          [eventId],
        );
        const given = await tx.query(
          `UPDATE event_audience SET floor_granted_at = $3, hand_raised_at = NULL
            WHERE event_id = $1 AND id = $2 AND left_at IS NULL RETURNING id`,
          [eventId, seatId, now],
        );
        if (given.length === 0) throw new EventError('unknown');
      });
    },

    /** A host takes the floor back (whoever has it). */
    async take(eventId: string) {
      await db.query('UPDATE event_audience SET floor_granted_at = NULL WHERE event_id = $1', [eventId]);
    },

    /** Whether this seat has the floor now (the server checks before it lets a seat publish). */
    async hasFloor(seat: Seat): Promise<boolean> {
      const [row] = await db.query<{ floor: boolean }>(
        'SELECT floor_granted_at IS NOT NULL AS floor FROM event_audience WHERE id = $1 AND left_at IS NULL',
        [seat.id],
      );
      return row?.floor ?? false;
    },
  };
}
export type EventHands = ReturnType<typeof createEventHands>;
