import type { FastifyInstance } from 'fastify';
import {
  EVENT_FULL,
  EVENT_LOCKED,
  EVENT_NOT_OPEN,
  EVENT_TOO_MANY_QUESTIONS,
  EVENTS_UNAVAILABLE,
} from '../../../shared/events';
import { conflict, HttpProblem, notFound } from '../../http/problem';

/** What the events module refuses, in its own words; routes turn it into problem+json. */
export type EventRefusal =
  | 'unknown'
  | 'cancelled'
  | 'full'
  | 'locked'
  | 'not-open'
  | 'unavailable'
  | 'not-host'
  | 'bad-hosts'
  | 'no-seat'
  | 'too-many-questions'
  | 'already-voted'
  | 'no-floor'
  | 'recording-unavailable'
  | 'recording-running'
  | 'not-recording';

export class EventError extends Error {
  /** `retryAfterSeconds`: when a rate-limited seat may try again. */
  constructor(
    readonly refusal: EventRefusal,
    readonly retryAfterSeconds?: number,
  ) {
    super(refusal);
  }
}

function problemOf({ refusal, retryAfterSeconds }: EventError): HttpProblem {
  switch (refusal) {
    case 'unknown':
      return notFound('Event');
    case 'cancelled':
      return conflict('This event was cancelled');
    case 'full':
      return conflict(EVENT_FULL);
    case 'locked':
      return conflict(EVENT_LOCKED);
    case 'not-open':
      return conflict(EVENT_NOT_OPEN);
    // Not configured is not a failure of the server: the feature is not there (the pages hide it).
    case 'unavailable':
      return new HttpProblem(404, 'Not Found', EVENTS_UNAVAILABLE, { reason: 'events-unavailable' });
    case 'not-host':
      return new HttpProblem(403, 'Forbidden', 'Only the hosts of this event may do this');
    // The token does not hold a seat of this event (any more): the page joins again.
    case 'no-seat':
      return new HttpProblem(401, 'Unauthorized', 'Take a seat in this event first', { reason: 'no-seat' });
    case 'too-many-questions':
      return new HttpProblem(429, 'Too Many Requests', EVENT_TOO_MANY_QUESTIONS, {
        reason: 'rate-limit',
        limit: 'questions',
        scope: 'seat',
        retryAfterSeconds,
      });
    case 'already-voted':
      return conflict('You have voted for this question already');
    case 'no-floor':
      return new HttpProblem(403, 'Forbidden', 'Only a citizen a host gave the floor to may speak');
    // No JANUS_RECORDING_DIR: this install does not record (the host page hides the control).
    case 'recording-unavailable':
      return new HttpProblem(404, 'Not Found', 'Recording is not set up on this server', {
        reason: 'recording-unavailable',
      });
    case 'recording-running':
      return conflict('This event is being recorded already');
    case 'not-recording':
      return conflict('This event is not being recorded');
    case 'bad-hosts': {
      const message = 'every host must be a staff member of this authority';
      return new HttpProblem(400, 'Bad Request', 'Invalid body.hostIds', {
        errors: [{ field: 'body.hostIds', message }],
      });
    }
  }
}

/** Lets the app's problem handler answer EventErrors of this plugin's routes (a thrown error goes up). */
export function answerEventErrors(app: FastifyInstance) {
  app.setErrorHandler((error, _request, reply) => {
    if (!(error instanceof EventError)) throw error;
    if (error.retryAfterSeconds !== undefined) reply.header('retry-after', String(error.retryAfterSeconds));
    throw problemOf(error);
  });
}
