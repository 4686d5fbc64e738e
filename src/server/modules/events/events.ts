import type { JanusSettings } from '../../config';
import type { Db } from '../../db/client';
import type { EventBus } from '../../realtime/bus';
import type { SealedText } from '../../security/sealed-text';
import { createAudienceSeats } from './audience-seats';
import { EventError } from './event-errors';
import { createEventHands } from './event-hands';
import { createEventModeration } from './event-moderation';
import { createEventNews } from './event-news';
import { createEventQuestions } from './event-questions';
import { createEventRecordings } from './event-recordings';
import { createEventRooms } from './event-rooms';
import { createEventStore } from './event-store';
import { createJanusServers } from './janus-servers';

/**
 * Public events of this process: their records, the audience's seats and, when Janus servers are
 * configured (JANUS_URL), the media side; the audience's questions and hands, and the news of them; recordings. Without them every events route answers 404 (reason events-unavailable) and the pages
 * hide events.
 */
export function createEvents(deps: {
  db: Db;
  bus: EventBus;
  janus: JanusSettings | undefined;
  sealed: SealedText;
  dataDir: string;
  onJanusLost: (url: string, error: unknown) => void;
}) {
  const janus = deps.janus ? createJanusServers(deps.janus, deps.onJanusLost) : undefined;
  const media = janus ? { janus, rooms: createEventRooms(deps.db, janus, deps.sealed) } : undefined;
  const hands = createEventHands(deps.db);
  const moderation = createEventModeration(deps.db);
  const news = createEventNews(deps.bus, hands, moderation);
  return {
    store: createEventStore(deps.db),
    seats: createAudienceSeats(deps.db),
    questions: createEventQuestions(deps.db),
    hands,
    moderation,
    news,
    /** Recording with consent; available with a media server and JANUS_RECORDING_DIR. */
    recordings: createEventRecordings({
      db: deps.db,
      dataDir: deps.dataDir,
      settings: media ? deps.janus?.recording : undefined,
      tell: news.tell,
    }),
    available: media !== undefined,
    /** The media side; throws 'unavailable' when no Janus server is configured. */
    media() {
      if (!media) throw new EventError('unavailable');
      return media;
    },
    close: async () => janus?.close(),
  };
}
export type Events = ReturnType<typeof createEvents>;
