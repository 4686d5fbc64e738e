import type { FastifyInstance } from 'fastify';
import { EVENT_FULL, EVENT_NOT_OPEN, EVENTS_UNAVAILABLE } from '../../../shared/events';
import { conflict, HttpProblem, notFound } from '../../http/problem';

/** What the events module refuses, in its own words; routes turn it into problem+json. */
export type EventRefusal =
  | 'unknown'
  | 'cancelled'
  | 'full'
  | 'not-open'
  | 'unavailable'
  | 'not-host'
  | 'bad-hosts';

export class EventError extends Error {
  constructor(readonly refusal: EventRefusal) {
    super(refusal);
  }
}

function problemOf(refusal: EventRefusal): HttpProblem {
  switch (refusal) {
    case 'unknown':
      return notFound('Event');
    case 'cancelled':
      return conflict('This event was cancelled');
    case 'full':
      return conflict(EVENT_FULL);
    case 'not-open':
      return conflict(EVENT_NOT_OPEN);
    // Not configured is not a failure of the server: the feature is not there (the pages hide it).
    case 'unavailable':
      return new HttpProblem(404, 'Not Found', EVENTS_UNAVAILABLE, { reason: 'events-unavailable' });
    case 'not-host':
      return new HttpProblem(403, 'Forbidden', 'Only the hosts of this event may do this');
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
  app.setErrorHandler((error) => {
    throw error instanceof EventError ? problemOf(error.refusal) : error;
  });
}
