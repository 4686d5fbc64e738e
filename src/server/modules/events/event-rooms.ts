import { randomBytes, randomInt } from 'node:crypto';
import type { Db } from '../../db/client';
import type { SealedText } from '../../security/sealed-text';
import type { JanusServers } from './janus-servers';

export interface EventRoom {
  server: string;
  room: number;
  /** The host on stage (their publisher id in the room); null while nobody publishes. */
  stageFeed: number | null;
  /** The citizen given the floor, while they speak. */
  floorFeed: number | null;
}

/** Who publishes a feed: a host on `stage`, or the citizen who has the `floor`. */
export type FeedPlace = 'stage' | 'floor';
const feedColumn = { stage: 'stage_feed', floor: 'floor_feed' } as const;
const feedOf = (value: string | null) => (value === null ? null : Number(value));

/** Janus's room ids are integers; below 2^47 they stay exact in JavaScript and in JSON. */
const newRoomId = () => randomInt(1, 2 ** 47);
const sealContext = (eventId: string) => `event_rooms.secret:${eventId}`;

/**
 * Each event's VideoRoom: made on one Janus server when a host first goes on stage, recorded here so
 * every Amtsraum process finds it (and the host's feed in it). A Janus restart loses its rooms: the
 * room is made again under the same id when a host publishes next.
 */
export function createEventRooms(db: Db, janus: JanusServers, sealed: SealedText) {
  const read = async (eventId: string) => {
    const [row] = await db.query<{
      server: string;
      room: string;
      secret: string;
      stageFeed: string | null;
      floorFeed: string | null;
    }>(
      `SELECT server, room, secret, stage_feed AS "stageFeed", floor_feed AS "floorFeed"
         FROM event_rooms WHERE event_id = $1`,
      [eventId],
    );
    return row;
  };

  /** Creates the room on its server unless it is there (a restarted Janus forgot it). */
  const createOnServer = async (eventId: string, server: string, room: number, secret: string) => {
    const handle = await janus.attach(server);
    try {
      if ((await handle.exists({ room })).exists) return;
      await handle.create({
        room,
        secret,
        description: `amtsraum-event-${eventId}`,
        // Hosts publish, and the one citizen given the floor (audio); everyone else only subscribes.
        max_publishers: 11,
        is_private: true,
        permanent: false,
        ...(janus.adminKey ? { admin_key: janus.adminKey } : {}),
        // Where Janus writes a publisher's recording; nobody is recorded unless asked (see event-socket.ts).
        ...(janus.recordingDir ? { rec_dir: janus.recordingDir } : {}),
      });
    } finally {
      await handle.detach().catch(() => {});
    }
  };

  return {
    /** The event's room as recorded, without asking Janus (audience pages watch through it). */
    async find(eventId: string): Promise<EventRoom | undefined> {
      const row = await read(eventId);
      if (!row) return undefined;
      return {
        server: row.server,
        room: Number(row.room),
        stageFeed: feedOf(row.stageFeed),
        floorFeed: feedOf(row.floorFeed),
      };
    },

    /** The room a host publishes into, made on its server when needed. */
    async ready(eventId: string): Promise<EventRoom> {
      const existing = await read(eventId);
      if (existing && janus.knows(existing.server)) {
        const room = Number(existing.room);
        await createOnServer(
          eventId,
          existing.server,
          room,
          sealed.open(existing.secret, sealContext(eventId)),
        );
        return {
          server: existing.server,
          room,
          stageFeed: feedOf(existing.stageFeed),
          floorFeed: feedOf(existing.floorFeed),
        };
      }
      const server = janus.serverFor(eventId);
      const room = newRoomId();
      const secret = randomBytes(24).toString('base64url');
      await createOnServer(eventId, server, room, secret);
      // Two hosts starting at once: the first row wins, the other's room stays unused until Janus restarts.
      // A row on a server no longer configured is replaced.
      const [stored] = await db.query<{ server: string; room: string }>(
        `INSERT INTO event_rooms (event_id, server, room, secret) VALUES ($1, $2, $3, $4)
         ON CONFLICT (event_id) DO UPDATE SET server = excluded.server, room = excluded.room, secret = excluded.secret,
           stage_feed = NULL, floor_feed = NULL
           WHERE NOT event_rooms.server = ANY($5)
         RETURNING server, room`,
        [eventId, server, room, sealed.seal(secret, sealContext(eventId)), janus.urls],
      );
      if (!stored) return (await this.find(eventId)) as EventRoom;
      return { server: stored.server, room: Number(stored.room), stageFeed: null, floorFeed: null };
    },

    /** Records who is on stage (or speaks) now; clearing names the feed, so a newer one is never cleared. */
    async setFeed(eventId: string, place: FeedPlace, feed: number) {
      await db.query(`UPDATE event_rooms SET ${feedColumn[place]} = $2 WHERE event_id = $1`, [eventId, feed]);
    },
    async clearFeed(eventId: string, place: FeedPlace, feed: number) {
      const column = feedColumn[place];
      const cleared = await db.query(
        `UPDATE event_rooms SET ${column} = NULL WHERE event_id = $1 AND ${column} = $2 RETURNING event_id`,
        [eventId, feed],
      );
      return cleared.length > 0;
    },

    /** Ends the room on its server (event cancelled); the record stays for the audit's sake. */
    async destroy(eventId: string) {
      const row = await read(eventId);
      if (!row || !janus.knows(row.server)) return;
      const handle = await janus.attach(row.server);
      try {
        await handle.destroy({
          room: Number(row.room),
          secret: sealed.open(row.secret, sealContext(eventId)),
        });
      } finally {
        await handle.detach().catch(() => {});
      }
      await db.query('UPDATE event_rooms SET stage_feed = NULL, floor_feed = NULL WHERE event_id = $1', [
        eventId,
      ]);
    },
  };
}
export type EventRooms = ReturnType<typeof createEventRooms>;
