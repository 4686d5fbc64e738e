import type { Question } from '../../../shared/event-audience';
import type { ServerMessage } from '../../../shared/realtime';
import type { EventBus } from '../../realtime/bus';
import { channels } from '../../realtime/bus';
import type { EventHands } from './event-hands';
import type { EventModeration } from './event-moderation';

/**
 * Tells everyone following an event (on any process) what changed. Each socket passes on what its
 * person may see (see event-socket.ts): hosts everything, the audience approved questions and its own hand.
 */
export function createEventNews(bus: EventBus, hands: EventHands, moderation: EventModeration) {
  const tell = (eventId: string, message: ServerMessage) =>
    bus.publish(channels.event(eventId), { kind: 'deliver', message });
  return {
    tell,
    question: (eventId: string, question: Question) =>
      tell(eventId, { type: 'event.question', eventId, question }),
    /** The hands and the floor as they are now, read after the change. */
    hands: async (eventId: string) =>
      tell(eventId, { type: 'event.hands', eventId, ...(await hands.state(eventId)) }),
    /** The room (locked, audience) as it is at `now`, for the hosts. */
    room: async (eventId: string, now: Date) =>
      tell(eventId, { type: 'event.room', eventId, ...(await moderation.room(eventId, now)) }),
  };
}
export type EventNews = ReturnType<typeof createEventNews>;
