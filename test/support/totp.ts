import { Secret, TOTP } from 'otpauth';
import { totpContext } from '../../src/server/modules/auth/totp';
import { cookieHeader, sessionCookieFrom } from './cookies';
import type { TestServer } from './server';

const PERIOD_MS = 30_000;

/** Gives the staff member an authenticator app already set up (a confirmed secret); returns the secret. */
export async function giveAuthenticator(server: TestServer, staffId: string) {
  const secret = new Secret({ size: 20 }).base32;
  await server.ctx.db.query(
    `INSERT INTO staff_totp (staff_id, secret, confirmed_at) VALUES ($1, $2, now())
     ON CONFLICT (staff_id) DO UPDATE SET secret = excluded.secret, confirmed_at = now(), last_step = 0`,
    [staffId, secret],
  );
  return secret;
}

/** The code an authenticator app with this secret shows at the instant (epoch milliseconds). */
export const appCode = (secret: string, atMs: number) =>
  new TOTP({ algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) }).generate({
    timestamp: atMs,
  });

/**
 * A code the server accepts now for this staff member: the app's current one, or, when that step was
 * used already (a second sign-in within 30 s), the next step's, which the server allows for clock drift.
 */
export async function freshCode(server: TestServer, staffId: string) {
  const [row] = await server.ctx.db.query<{ secret: string; last: string }>(
    'SELECT secret, last_step::text AS last FROM staff_totp WHERE staff_id = $1',
    [staffId],
  );
  if (!row) throw new Error('no authenticator set up');
  const now = server.ctx.clock().epochMilliseconds;
  const step = Math.max(Math.floor(now / PERIOD_MS), Number(row.last) + 1);
  const secret = server.ctx.sealed.open(row.secret, totpContext(staffId));
  if (step > Math.floor(now / PERIOD_MS) + 1)
    throw new Error('both acceptable codes of this minute are used');
  return appCode(secret, step * PERIOD_MS);
}

/**
 * Signs in with e-mail and password and, when the account asks for it, the authenticator's code, as the
 * login page does; returns the session cookie (`name=value`).
 */
export async function signInFully(server: TestServer, who: { id: string; email: string; password: string }) {
  const login = await server.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email: who.email, password: who.password },
  });
  if (login.statusCode === 204) return sessionCookieFrom(server, login.headers['set-cookie']);
  if (login.statusCode !== 200 || login.json().next !== 'code') throw new Error(`login: ${login.body}`);
  const second = await server.app.inject({
    method: 'POST',
    url: '/api/auth/login/second-factor',
    headers: { cookie: cookieHeader(login.headers['set-cookie']) },
    payload: { code: await freshCode(server, who.id) },
  });
  if (second.statusCode !== 204) throw new Error(`second factor: ${second.body}`);
  return sessionCookieFrom(server, second.headers['set-cookie']);
}
