import { z } from 'zod';
import { Id, ShortText } from './fields';

/**
 * Public office hours and information sessions ("Bürgersprechstunde", "Infoabend"): staff hosts on stage
 * in a room of a Janus media server, an audience without accounts watching and listening.
 */

/** The audience of one event at most; a 2-core Janus carries about this many viewers of one stage. */
export const MAX_AUDIENCE_LIMIT = 1000;
/** An event is one sitting, not a series: at most this long. */
export const MAX_EVENT_HOURS = 12;

const Instant = z.iso.datetime({ offset: true });

const EventFields = z.strictObject({
  title: ShortText,
  description: z.string().trim().max(2000).default(''),
  startsAt: Instant,
  endsAt: Instant,
  /** Staff on stage (of the same authority), at least one. */
  hostIds: z.array(Id).min(1).max(10),
  maxAudience: z.int().min(1).max(MAX_AUDIENCE_LIMIT),
  /** Listed on the authority's public page; otherwise reached by its link only. */
  public: z.boolean(),
});

/** What an administrator or lead schedules (POST) or changes (PUT). */
export const EventInput = EventFields.superRefine((event, issues) => {
  const start = Date.parse(event.startsAt);
  const end = Date.parse(event.endsAt);
  const span =
    end <= start
      ? 'endsAt must be after startsAt'
      : end - start > MAX_EVENT_HOURS * 3_600_000
        ? `endsAt at most ${MAX_EVENT_HOURS} hours after startsAt`
        : null;
  // Either end may be the one at fault: both are named (as /api/v1's from and to).
  if (span)
    for (const field of ['startsAt', 'endsAt'])
      issues.addIssue({ code: 'custom', path: [field], message: span });
  if (new Set(event.hostIds).size !== event.hostIds.length)
    issues.addIssue({ code: 'custom', path: ['hostIds'], message: 'each host once' });
});
export type EventInput = z.infer<typeof EventInput>;

export const EventHost = z.object({ id: Id, displayName: z.string() });

/** An event as staff see it. */
export const StaffEvent = z.object({
  id: Id,
  title: z.string(),
  description: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  hosts: z.array(EventHost),
  maxAudience: z.int(),
  public: z.boolean(),
  /** ISO instant; null while the event takes place as planned. */
  cancelledAt: z.string().nullable(),
});
export type StaffEvent = z.infer<typeof StaffEvent>;

/** What a citizen sees of an event: no host ids, no audience figures. */
export const PublicEvent = z.object({
  id: Id,
  title: z.string(),
  description: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  hostNames: z.array(z.string()),
  cancelled: z.boolean(),
});
export type PublicEvent = z.infer<typeof PublicEvent>;

/** One event by its link, with the authority's time zone its times are shown in. */
export const PublicEventPage = PublicEvent.extend({ timeZone: z.string() });
export type PublicEventPage = z.infer<typeof PublicEventPage>;

export const PublicEventList = z.object({ timeZone: z.string(), events: z.array(PublicEvent) });
export type PublicEventList = z.infer<typeof PublicEventList>;

/** A seat in the audience: the token the page says hello with on its socket (as: 'audience'). */
export const AudienceSeat = z.object({ audienceToken: z.string() });
export type AudienceSeat = z.infer<typeof AudienceSeat>;

/** Problem details the pages tell apart. */
export const EVENTS_UNAVAILABLE = 'Events need a media server (JANUS_URL), which is not configured';
export const EVENT_FULL = 'The audience of this event is full';
export const EVENT_LOCKED = 'The hosts have closed this event to newcomers';
export const EVENT_NOT_OPEN = 'This event is not open now';
export const EVENT_TOO_MANY_QUESTIONS = 'You have asked several questions just now: please wait a little';
