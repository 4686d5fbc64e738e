import { createHash } from 'node:crypto';
import { createChallenge, randomInt, verifySolution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Temporal } from 'temporal-polyfill';
import {
  POW_VALID_SECONDS,
  type PowChallenge,
  type PowLevel,
  PowPayload,
  PROOF_OF_WORK_HEADER,
} from '../../../shared/proof-of-work';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import { HttpProblem } from '../../http/problem';

const FIELD = `headers.${PROOF_OF_WORK_HEADER}`;
/** Difficulty factor per level: the attempts a challenge needs on average. */
const FACTOR: Record<PowLevel, number> = { normal: 1, raised: 4, high: 16 };

/** A rejected proof: the client fetches a new challenge and solves it again (`reason` tells it so). */
const rejected = (status: 400 | 403, detail: string) =>
  new HttpProblem(status, status === 400 ? 'Bad Request' : 'Forbidden', detail, {
    reason: 'proof-of-work',
    errors: [{ field: FIELD, message: detail }],
  });

/**
 * ALTCHA proof-of-work for the two doors a script would hammer: entering a waiting room and booking.
 * Deterministic mode: the server picks the counter the client must find (uniform in 1…2×attempts, so the
 * mean is the configured work and nobody can start the search further up), and signs the derived key, so
 * checking a solution costs one key derivation. Each solved challenge is spent once, in the database, so
 * every server process refuses a replay. While a scope sees many solves, new challenges get harder.
 */
export function createProofOfWork(deps: {
  db: Db;
  secret: string;
  config: Config['proofOfWork'];
  clock: () => Temporal.Instant;
}) {
  const { db, config } = deps;
  const signatureSecret = subSecret(deps.secret, 'signature');
  const keySecret = subSecret(deps.secret, 'key');

  const levelOf = async (scope: string): Promise<PowLevel> => {
    // Counted only up to the highest level's threshold: in a rush, five minutes hold tens of thousands.
    const [row] = await db.query<{ recent: number }>(
      `SELECT count(*)::int AS recent FROM (SELECT FROM proof_of_work_spent
        WHERE scope = $1 AND spent_at > now() - interval '5 minutes' LIMIT $2) AS solves`,
      [scope, 4 * config.pressurePer5Minutes],
    );
    const recent = row?.recent ?? 0;
    if (recent >= 4 * config.pressurePer5Minutes) return 'high';
    return recent >= config.pressurePer5Minutes ? 'raised' : 'normal';
  };

  return {
    /** A fresh challenge for the scope ('office:<id>' or 'service:<id>'). */
    async challenge(scope: string): Promise<PowChallenge> {
      const level = await levelOf(scope);
      const mean = config.attempts * FACTOR[level];
      const challenge = await createChallenge({
        algorithm: 'PBKDF2/SHA-256',
        cost: config.cost,
        counter: randomInt(1, Math.min(2 * mean, 0xffffffff)),
        deriveKey,
        data: {
          scope,
          expires: Math.floor(deps.clock().epochMilliseconds / 1000) + POW_VALID_SECONDS,
          level,
        },
        hmacSignatureSecret: signatureSecret,
        hmacKeySignatureSecret: keySecret,
      });
      return challenge as PowChallenge;
    },

    /** Checks the request's proof for the scope and spends it; throws a problem the client can act on. */
    async spend(header: string | string[] | undefined, scope: string): Promise<void> {
      if (typeof header !== 'string' || header.length === 0) {
        throw rejected(400, 'The security check (proof of work) is missing');
      }
      const payload = decode(header);
      if (!payload) throw rejected(400, 'The security check (proof of work) is malformed');
      const { data } = payload.challenge.parameters;
      if (data.scope !== scope) throw rejected(403, 'The security check was made for another page');
      if (data.expires * 1000 < deps.clock().epochMilliseconds) {
        throw rejected(403, 'The security check has expired');
      }
      const result = await verifySolution({
        challenge: payload.challenge,
        solution: payload.solution,
        deriveKey,
        hmacSignatureSecret: signatureSecret,
        hmacKeySignatureSecret: keySecret,
      });
      if (!result.verified) throw rejected(403, 'The security check failed');
      const spent = await db.query(
        `INSERT INTO proof_of_work_spent (signature, scope) VALUES ($1, $2)
         ON CONFLICT (signature) DO NOTHING RETURNING 1`,
        [payload.challenge.signature, scope],
      );
      if (spent.length === 0) throw rejected(403, 'The security check has already been used');
    },
  };
}
export type ProofOfWork = ReturnType<typeof createProofOfWork>;

/** Two independent secrets from one, so the challenge and the key signatures never share a key. */
const subSecret = (secret: string, purpose: string) =>
  createHash('sha256').update(`amtsraum.pow.${purpose}:${secret}`).digest('base64url');

function decode(header: string): PowPayload | undefined {
  if (header.length > 4096 || !/^[A-Za-z0-9+/_-]+=*$/.test(header)) return undefined;
  try {
    const parsed = PowPayload.safeParse(JSON.parse(Buffer.from(header, 'base64').toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
