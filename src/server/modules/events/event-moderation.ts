import type { RoomState } from '../../../shared/event-audience';
import type { Db } from '../../db/client';
import { PRESENT_SEATS } from './audience-seats';
import { EventError } from './event-errors';

/**
 * The hosts' control over who is in an event's room: lock it against newcomers, remove one seat (its
 * hand, floor and seat end; its token is refused from then on), and the room as hosts see it.
 */
export function createEventModeration(db: Db) {
  return {
    async room(eventId: string, now: Date): Promise<RoomState> {
      const [room] = await db.query<RoomState>(
        `SELECT e.locked_at IS NOT NULL AS locked, (${PRESENT_SEATS}) AS audience FROM events e WHERE e.id = $1`,
        [eventId, now],
      );
      if (!room) throw new EventError('unknown');
      return room;
    },

    /** Locks the room (keeping the first time it was locked) or opens it again. */
    async lock(eventId: string, locked: boolean, now: Date) {
      await db.query(
        `UPDATE events SET locked_at = CASE WHEN $2 THEN coalesce(locked_at, $3) END WHERE id = $1`,
        [eventId, locked, now],
      );
    },

    /** Removes a seat of this event that is not removed yet; unknown otherwise. */
    async remove(eventId: string, seatId: string, now: Date) {
      const removed = await db.query(
        `UPDATE event_audience
            SET removed_at = $3, left_at = coalesce(left_at, $3), hand_raised_at = NULL, floor_granted_at = NULL
          WHERE event_id = $1 AND id = $2 AND removed_at IS NULL RETURNING id`,
        [eventId, seatId, now],
      );
      if (removed.length === 0) throw new EventError('unknown');
    },
  };
}
export type EventModeration = ReturnType<typeof createEventModeration>;
