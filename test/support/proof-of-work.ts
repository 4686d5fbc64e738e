import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/server/config';
import { type PowChallenge, PROOF_OF_WORK_HEADER } from '../../src/shared/proof-of-work';

const { cost, attempts } = loadConfig({}).proofOfWork;
/** The production difficulty (the configuration's defaults), for tests and benches that need the real cost. */
export const PRODUCTION_POW_ENV = { POW_COST: String(cost), POW_ATTEMPTS: String(attempts) };

/** The challenge address that belongs to an entry, booking or audience address (…/visits, …/appointments, …/audience). */
export const challengeUrl = (url: string) => url.replace(/\/(visits|appointments|audience)$/, '/challenge');

/** Solves a challenge as a citizen's browser does and encodes the header value. */
export async function solveProofOfWork(challenge: PowChallenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('proof-of-work challenge not solved');
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}

/**
 * The proof-of-work header for one POST to an entry or booking address of this app, fetched and solved
 * as the citizen's page would (test servers run with the lowest difficulty, see server.ts).
 */
export async function proofOfWork(app: FastifyInstance, url: string): Promise<Record<string, string>> {
  const response = await app.inject({ method: 'GET', url: challengeUrl(url) });
  if (response.statusCode !== 200) throw new Error(`challenge: ${response.statusCode} ${response.body}`);
  return { [PROOF_OF_WORK_HEADER]: await solveProofOfWork(response.json()) };
}

/** A citizen's POST to an entry or booking address, with the proof of work the citizen's page would send. */
export async function citizenPost(app: FastifyInstance, url: string, payload: object) {
  return app.inject({ method: 'POST', url, payload, headers: await proofOfWork(app, url) });
}
