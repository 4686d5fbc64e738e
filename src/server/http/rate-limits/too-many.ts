import type { FastifyReply } from 'fastify';
import { sendProblem } from '../problem';
import type { Refusal } from './limiter';

/** The sentence a client may show as it is (the web app shows its own translation, see problemMessage). */
function detailOf({ scope, retryAfterSeconds }: Refusal) {
  const wait = `Please try again in ${retryAfterSeconds} seconds.`;
  return scope === 'office'
    ? `This office is receiving too many requests right now. ${wait}`
    : `Too many requests from your connection. ${wait}`;
}

/**
 * 429 problem+json: `Retry-After` for clients that honour it, `retryAfterSeconds` for those that read the
 * body, `reason: "rate-limit"` and the `scope` so that a page can tell "you" from "this office".
 */
export function sendTooMany(reply: FastifyReply, refusal: Refusal) {
  reply.header('retry-after', String(refusal.retryAfterSeconds));
  return sendProblem(reply, 429, 'Too Many Requests', detailOf(refusal), {
    reason: 'rate-limit',
    limit: refusal.limit,
    scope: refusal.scope,
    retryAfterSeconds: refusal.retryAfterSeconds,
  });
}
