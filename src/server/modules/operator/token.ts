import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * Whether an Authorization header carries the operator token as a bearer. Both sides are hashed to 32
 * bytes and compared with timingSafeEqual, so neither the token's content nor its length shows in the
 * time an answer takes.
 */
export function isOperatorToken(expected: string, authorization: string | undefined): boolean {
  const given = authorization?.match(/^Bearer ([\x21-\x7e]+)$/)?.[1];
  // Compared even without a token, so a missing header takes as long as a wrong one.
  const same = timingSafeEqual(digest(given ?? ''), digest(expected));
  return given !== undefined && same;
}
