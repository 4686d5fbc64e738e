import { z } from 'zod';
import { Id } from './fields';
import { IceCandidate, Sdp } from './ice-candidate';

/**
 * The socket messages of an event's media. Browsers never talk to Janus: the server holds one Janus
 * handle per browser connection and relays offers, answers and candidates between the two.
 * A host publishes (the browser offers, Janus answers); a watcher subscribes (Janus offers, the
 * browser answers). `media` says which of a tab's connections a candidate belongs to: a host's or a
 * speaking citizen's `publish`, the stage's `watch`, and `listen` to the citizen given the floor.
 */
export const EventMedia = z.enum(['publish', 'watch', 'listen']);
export type EventMedia = z.infer<typeof EventMedia>;
/** The connections Janus offers: the stage, or the citizen who has the floor. */
export const WatchedMedia = EventMedia.exclude(['publish']);
export type WatchedMedia = z.infer<typeof WatchedMedia>;

export const EventClientMessages = [
  /**
   * A host goes on stage with this offer (camera and microphone); a citizen given the floor, microphone
   * only. `recordingConsent`: the citizen agreed on screen that their voice may be recorded while the
   * event is recorded (absent: not recorded); hosts are recorded with the stage.
   */
  z.strictObject({
    type: z.literal('event.publish'),
    eventId: Id,
    sdp: Sdp,
    recordingConsent: z.boolean().optional(),
  }),
  /** Watch the stage (or listen to the floor): the server answers event.offer once someone is on it. */
  z.strictObject({ type: z.literal('event.watch'), eventId: Id, media: WatchedMedia.optional() }),
  /** The browser's answer to event.offer (absent media: the stage). */
  z.strictObject({ type: z.literal('event.answer'), eventId: Id, sdp: Sdp, media: WatchedMedia.optional() }),
  z.strictObject({
    type: z.literal('event.candidate'),
    eventId: Id,
    media: EventMedia,
    candidate: IceCandidate.nullable(),
  }),
  /** Leave the stage or stop watching (the socket's close does the same). */
  z.strictObject({ type: z.literal('event.leave'), eventId: Id, media: EventMedia }),
] as const;

export const EventServerMessages = [
  /** Janus's answer to a host's offer: the host is on stage. */
  z.object({ type: z.literal('event.published'), eventId: Id, sdp: Sdp }),
  /** Janus's offer of the stage (or of the floor) to a watcher. */
  z.object({ type: z.literal('event.offer'), eventId: Id, media: WatchedMedia, sdp: Sdp }),
  z.object({
    type: z.literal('event.candidate'),
    eventId: Id,
    media: EventMedia,
    candidate: IceCandidate.nullable(),
  }),
  /** Whether a host is on stage now; a watcher waiting for the stage asks again (event.watch) when it is. */
  z.object({ type: z.literal('event.stage'), eventId: Id, live: z.boolean() }),
  /** The event was cancelled or is over: the page says so and stops its media. */
  z.object({ type: z.literal('event.closed'), eventId: Id }),
] as const;

export const isEventMessage = <T extends { type: string }>(
  message: T,
): message is Extract<T, { type: `event.${string}` }> => message.type.startsWith('event.');
