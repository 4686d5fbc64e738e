import { randomBytes } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { PROOF_OF_WORK_HEADER } from '../../src/shared/proof-of-work';
import { challengeUrl, solveProofOfWork } from '../support/proof-of-work';

/** The proxy that tests pretend sits in front of the server (inject's remoteAddress), and loopback for sockets. */
export const PROXY = '10.0.0.1';

/** Real, small limits (the test default raises every limit a thousandfold, see test/support/server.ts). */
export const RATE_LIMIT_ENV = {
  RATE_LIMIT_FACTOR: '1',
  TRUSTED_PROXIES: `${PROXY},loopback`,
  RATE_LIMIT_PUBLIC_PER_MINUTE: '40',
  RATE_LIMIT_ENTRIES_PER_MINUTE: '2',
  RATE_LIMIT_OFFICE_ENTRIES_PER_MINUTE: '4',
  RATE_LIMIT_BOOKINGS_PER_HOUR: '2',
  RATE_LIMIT_JOINS_PER_MINUTE: '2',
  RATE_LIMIT_SIGN_INS_PER_MINUTE: '5',
  RATE_LIMIT_SOCKETS_PER_ADDRESS: '3',
  RATE_LIMIT_HELLOS_PER_MINUTE: '2',
};

/** A walk-in entry as a citizen's page makes it: challenge, proof of work, POST, all from one address. */
export async function enterFrom(
  app: FastifyInstance,
  remoteAddress: string,
  tenantSlug: string,
  officeSlug: string,
) {
  const url = `/api/public/tenants/${tenantSlug}/offices/${officeSlug}/visits`;
  const challenge = await app.inject({ method: 'GET', url: challengeUrl(url), remoteAddress });
  const proof =
    challenge.statusCode === 200 ? { [PROOF_OF_WORK_HEADER]: await solveProofOfWork(challenge.json()) } : {};
  return app.inject({
    method: 'POST',
    url,
    remoteAddress,
    headers: proof,
    payload: { displayName: 'Anna', concern: '' },
  });
}

/** A 429 problem whose Retry-After header and retryAfterSeconds member agree and lie within the window. */
export function expectTooMany(
  response: LightMyRequestResponse,
  expected: { limit: string; scope: 'address' | 'office'; windowSeconds?: number },
) {
  expect(response.statusCode, response.body).toBe(429);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const retryAfter = Number(response.headers['retry-after']);
  expect(retryAfter).toBeGreaterThanOrEqual(1);
  expect(retryAfter).toBeLessThanOrEqual(expected.windowSeconds ?? 60);
  expect(response.json()).toMatchObject({
    status: 429,
    title: 'Too Many Requests',
    detail: expect.stringContaining(`try again in ${retryAfter} seconds`),
    reason: 'rate-limit',
    limit: expected.limit,
    scope: expected.scope,
    retryAfterSeconds: retryAfter,
  });
}

/** A WebSocket upgrade request whose refusal is read as an ordinary HTTP answer. */
export function upgradeAnswer(baseUrl: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; retryAfter: string | undefined; type: string; body: string }>(
    (resolve, reject) => {
      const request = httpRequest(`${baseUrl}/api/ws`, {
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': randomBytes(16).toString('base64'),
          origin: baseUrl,
          ...headers,
        },
      });
      request.on('response', (response) => {
        let body = '';
        response.on('data', (chunk) => {
          body += chunk;
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            retryAfter: response.headers['retry-after'],
            type: response.headers['content-type'] ?? '',
            body,
          }),
        );
      });
      request.on('upgrade', (_response, socket) => {
        socket.destroy();
        reject(new Error('the upgrade was accepted'));
      });
      request.on('error', reject);
      request.end();
    },
  );
}
