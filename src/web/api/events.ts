import type { HandInput, Question, QuestionDecision, RoomState } from '../../shared/event-audience';
import type { EventRecording, EventRecordingList } from '../../shared/event-recordings';
import type { AudienceSeat, PublicEventList, PublicEventPage, StaffEvent } from '../../shared/events';
import { api } from './client';

const publicPath = (tenantSlug: string, eventId?: string) =>
  `/public/tenants/${encodeURIComponent(tenantSlug)}/events${eventId ? `/${encodeURIComponent(eventId)}` : ''}`;

const bearer = (audienceToken: string) => ({ headers: { authorization: `Bearer ${audienceToken}` } });
const staffPath = (eventId: string) => `/staff/events/${encodeURIComponent(eventId)}`;

/** Public events: the authority's list and one event for citizens, the host's view for staff. */
export const eventsApi = {
  upcoming: (tenantSlug: string) => api<PublicEventList>('GET', publicPath(tenantSlug)),
  event: (tenantSlug: string, eventId: string) =>
    api<PublicEventPage>('GET', publicPath(tenantSlug, eventId)),
  /** The audience's proof-of-work challenge (see useProofOfWork). */
  challengePath: (tenantSlug: string, eventId: string) => `${publicPath(tenantSlug, eventId)}/challenge`,
  takeSeat: (tenantSlug: string, eventId: string, headers: Record<string, string>) =>
    api<AudienceSeat>('POST', `${publicPath(tenantSlug, eventId)}/audience`, undefined, { headers }),
  hosted: (eventId: string) => api<StaffEvent>('GET', staffPath(eventId)),
  myEvents: () => api<StaffEvent[]>('GET', '/staff/events'),
};

/** What a seat of the audience says, proven by its audience token. */
export const audienceApi = (tenantSlug: string, eventId: string, audienceToken: string) => ({
  ask: (text: string) =>
    api<Question>('POST', `${publicPath(tenantSlug, eventId)}/questions`, { text }, bearer(audienceToken)),
  vote: (questionId: string) =>
    api<Question>(
      'POST',
      `${publicPath(tenantSlug, eventId)}/questions/${encodeURIComponent(questionId)}/vote`,
      undefined,
      bearer(audienceToken),
    ),
  hand: (hand: HandInput) =>
    api<void>('PUT', `${publicPath(tenantSlug, eventId)}/hand`, hand, bearer(audienceToken)),
});

/** The hosts' moderation of an event. */
export const moderationApi = (eventId: string) => ({
  decide: (questionId: string, status: QuestionDecision['status']) =>
    api<Question>('POST', `${staffPath(eventId)}/questions/${encodeURIComponent(questionId)}`, { status }),
  giveFloor: (seatId: string) => api<void>('PUT', `${staffPath(eventId)}/floor`, { seatId }),
  takeFloor: () => api<void>('DELETE', `${staffPath(eventId)}/floor`),
  lock: (locked: boolean) => api<RoomState>('PUT', `${staffPath(eventId)}/lock`, { locked }),
  /** The seat's page is told and its socket closes; the seat cannot come back with its token. */
  remove: (seatId: string) =>
    api<void>('DELETE', `${staffPath(eventId)}/audience/${encodeURIComponent(seatId)}`),
  startRecording: () => api<EventRecording>('POST', `${staffPath(eventId)}/recording`),
  stopRecording: () => api<EventRecording>('DELETE', `${staffPath(eventId)}/recording`),
  recordings: () => api<EventRecordingList>('GET', `${staffPath(eventId)}/recordings`),
  /** A link, not a fetch: the browser downloads with the session cookie. */
  recordingFileUrl: (recordingId: string, fileId: string) =>
    `/api${staffPath(eventId)}/recordings/${encodeURIComponent(recordingId)}/files/${encodeURIComponent(fileId)}`,
});
