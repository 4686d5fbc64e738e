import { SHOWN_TO_AUDIENCE } from '../../../shared/event-audience';
import type { ServerMessage } from '../../../shared/realtime';

/** Who reads an event's news on one socket: a host of it, a seat of its audience, or other staff watching. */
export type Viewer = { host: true } | { seatId: string } | { staff: true };

/**
 * What one socket passes on of an event's news. Hosts get everything but another seat's removal; everyone else sees approved and
 * answered questions only, and no one's hand or name: a seat learns its own hand and whether it has
 * the floor (sent when that changed), and that it was removed. The room's figures are the hosts' alone.
 * Returns the messages to send.
 */
export function createNewsFilter(viewer: Viewer) {
  let ownHand: string | undefined;
  return (message: ServerMessage): ServerMessage[] => {
    // For the removed seat alone (hosts learn of it by its hand and the room's count).
    if (message.type === 'event.removed')
      return 'seatId' in viewer && message.seatId === viewer.seatId ? [message] : [];
    if ('host' in viewer) return [message];
    if (message.type === 'event.room') return [];
    if (message.type === 'event.question') {
      const { eventId, question } = message;
      if (SHOWN_TO_AUDIENCE.includes(question.status)) return [message];
      return question.status === 'rejected'
        ? [{ type: 'event.question-hidden', eventId, questionId: question.id }]
        : [];
    }
    if (message.type === 'event.hands') {
      if (!('seatId' in viewer)) return [];
      const hand = {
        type: 'event.hand' as const,
        eventId: message.eventId,
        raised: message.hands.some((h) => h.seatId === viewer.seatId),
        floor: message.floor?.seatId === viewer.seatId,
      };
      const said = JSON.stringify(hand);
      if (said === ownHand) return [];
      ownHand = said;
      return [hand];
    }
    return [message];
  };
}
