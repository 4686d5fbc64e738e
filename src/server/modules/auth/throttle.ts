import type { Queryable } from '../../db/client';
import { hashToken } from '../../security/tokens';

/**
 * A leaky bucket: each admitted attempt adds one, the score drains by one every `leakSeconds`, and an
 * attempt is admitted only while the drained score plus one stays within `capacity`.
 */
export interface Bucket {
  capacity: number;
  leakSeconds: number;
}

/** Sign-ins to one e-mail from unknown browsers: five at once, then one every five minutes. */
export const ACCOUNT_BUCKET: Bucket = { capacity: 5, leakSeconds: 300 };
/** Sign-ins to one account from one of its known browsers: the same allowance, counted on its own. */
export const DEVICE_BUCKET: Bucket = ACCOUNT_BUCKET;

/** Seconds until a bucket holding `score` (drained to now) admits one more attempt. */
export function retryAfterSeconds(score: number, bucket: Bucket): number {
  return Math.max(1, Math.ceil((score + 1 - bucket.capacity) * bucket.leakSeconds));
}

/** The bucket key of an e-mail as typed: hashed, because unknown addresses are counted too. */
export const accountKey = (email: string) => `account:${hashToken(email.toLowerCase())}`;
export const deviceKey = (deviceTokenHash: string) => `device:${deviceTokenHash}`;

const drained = `greatest(0, t.score - greatest(0, extract(epoch FROM now() - t.updated_at)) / $2)`;

export type Admission = { admitted: true } | { admitted: false; retryAfterSeconds: number };

/**
 * Counts one attempt against the bucket if it has room, in one statement: concurrent attempts queue on
 * the row, so of 40 parallel guesses at most `capacity` are admitted. Refused attempts add nothing, so
 * hammering a locked account does not lengthen its lock.
 */
export async function admit(db: Queryable, key: string, bucket: Bucket): Promise<Admission> {
  const admitted = await db.query(
    `INSERT INTO sign_in_throttle AS t (key, score) VALUES ($1, 1)
     ON CONFLICT (key) DO UPDATE SET score = ${drained} + 1, updated_at = now()
       WHERE ${drained} + 1 <= $3
     RETURNING score`,
    [key, bucket.leakSeconds, bucket.capacity],
  );
  if (admitted.length > 0) return { admitted: true };
  const [row] = await db.query<{ score: number }>(
    `SELECT ${drained} AS score FROM sign_in_throttle t WHERE key = $1`,
    [key, bucket.leakSeconds],
  );
  return { admitted: false, retryAfterSeconds: retryAfterSeconds(Number(row?.score ?? 0), bucket) };
}

/** Forgets a bucket: after a successful sign-in, or when an admin lifts a lock. */
export async function clear(db: Queryable, key: string) {
  await db.query('DELETE FROM sign_in_throttle WHERE key = $1', [key]);
}

/** Buckets that have drained completely hold nothing worth keeping (retention sweep). */
export async function purgeDrained(db: Queryable) {
  const longest = Math.max(...[ACCOUNT_BUCKET, DEVICE_BUCKET].map((b) => b.capacity * b.leakSeconds));
  await db.query(`DELETE FROM sign_in_throttle WHERE updated_at < now() - make_interval(secs => $1)`, [
    longest,
  ]);
}
