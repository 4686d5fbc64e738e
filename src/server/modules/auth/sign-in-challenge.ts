import type { Config } from '../../config';
import type { Queryable } from '../../db/client';
import { hashToken, newToken } from '../../security/tokens';
import { signInCookie } from './cookie';

const LIFETIME_SECONDS = 300;
/** Wrong codes one challenge takes; then the password must be typed again (and counts against its bucket). */
const MAX_FAILURES = 5;

/** The half-done sign-in between the password and the second factor, held by a short-lived cookie. */
export function challengeCookie(config: Pick<Config, 'publicUrl'>) {
  return signInCookie(config, 'amtsraum-sign-in', LIFETIME_SECONDS);
}

export interface Challenge {
  staffId: string;
  /** The throttle bucket the password attempt counted against, cleared when the sign-in completes. */
  bucketKey: string;
}

export async function openChallenge(db: Queryable, challenge: Challenge) {
  const token = newToken();
  await db.query('INSERT INTO sign_in_challenges (token_hash, staff_id, bucket_key) VALUES ($1, $2, $3)', [
    hashToken(token),
    challenge.staffId,
    challenge.bucketKey,
  ]);
  return token;
}

/** The live challenge of this cookie, if any. */
export async function findChallenge(
  db: Queryable,
  token: string | undefined,
): Promise<Challenge | undefined> {
  if (!token) return undefined;
  const [row] = await db.query<Challenge>(
    `SELECT c.staff_id AS "staffId", c.bucket_key AS "bucketKey"
       FROM sign_in_challenges c JOIN staff s ON s.id = c.staff_id
      WHERE c.token_hash = $1 AND s.active AND c.failures < $2
        AND c.created_at > now() - make_interval(secs => $3)`,
    [hashToken(token), MAX_FAILURES, LIFETIME_SECONDS],
  );
  return row;
}

/** Counts a wrong code; true while the challenge may still be answered. */
export async function failChallenge(db: Queryable, token: string) {
  const [row] = await db.query<{ failures: number }>(
    'UPDATE sign_in_challenges SET failures = failures + 1 WHERE token_hash = $1 RETURNING failures',
    [hashToken(token)],
  );
  return (row?.failures ?? MAX_FAILURES) < MAX_FAILURES;
}

export async function closeChallenge(db: Queryable, token: string) {
  await db.query('DELETE FROM sign_in_challenges WHERE token_hash = $1', [hashToken(token)]);
}

/** Challenges outlive their cookie by nothing worth keeping (retention sweep). */
export async function purgeChallenges(db: Queryable) {
  await db.query(`DELETE FROM sign_in_challenges WHERE created_at < now() - make_interval(secs => $1)`, [
    LIFETIME_SECONDS,
  ]);
}
