import { createHash } from 'node:crypto';
import Janode, { type JanodeConnection, type JanodeSession } from 'janode';
import VideoRoomPlugin, { type VideoRoomHandle } from 'janode/plugins/videoroom';
import type { JanusSettings } from '../../config';

// janode logs every request at info level to stdout; Amtsraum logs what matters itself.
Janode.Logger.setLevel('error');

interface Link {
  connection: JanodeConnection;
  session: JanodeSession;
}

/**
 * This process's sessions with the configured Janus servers: one WebSocket and one Janus session per
 * server, opened at first use and again after it was lost (Janus restarted, network). Every browser
 * connection gets a VideoRoom handle of its own on it; a lost session ends those handles (their owners
 * hear it through `lost`).
 */
export function createJanusServers(settings: JanusSettings, onLost: (url: string, error: unknown) => void) {
  const links = new Map<string, Promise<Link>>();

  const open = async (url: string): Promise<Link> => {
    const connection = await Janode.connect({
      address: { url, ...(settings.apiSecret ? { apisecret: settings.apiSecret } : {}) },
      retry_time_secs: 1,
      max_retries: 1,
    });
    const forget = (error?: unknown) => {
      links.delete(url);
      onLost(url, error);
    };
    connection.once(Janode.EVENT.CONNECTION_CLOSED, () => forget());
    connection.once(Janode.EVENT.CONNECTION_ERROR, (error: unknown) => forget(error));
    const session = await connection.create();
    session.once(Janode.EVENT.SESSION_DESTROYED, () => forget());
    return { connection, session };
  };

  const link = (url: string) => {
    let found = links.get(url);
    if (!found) {
      found = open(url);
      // A failed connect is not kept: the next request tries again.
      found.catch(() => links.delete(url));
      links.set(url, found);
    }
    return found;
  };

  return {
    /** Where a new event's room goes: a stable choice per event, spreading events over the servers. */
    serverFor(eventId: string): string {
      const hash = createHash('sha256').update(eventId).digest().readUInt32BE(0);
      return settings.urls[hash % settings.urls.length] as string;
    },

    urls: settings.urls,
    /** Whether the URL is (still) configured: a room on a server that was removed is made anew. */
    knows: (url: string) => settings.urls.includes(url),

    /** A fresh VideoRoom handle on that server. */
    async attach(url: string): Promise<VideoRoomHandle> {
      return (await link(url)).session.attach(VideoRoomPlugin);
    },

    adminKey: settings.adminKey,
    recordingDir: settings.recording?.dir,

    async close() {
      const open = [...links.values()];
      links.clear();
      await Promise.allSettled(open.map(async (l) => (await l).connection.close()));
    },
  };
}
export type JanusServers = ReturnType<typeof createJanusServers>;
