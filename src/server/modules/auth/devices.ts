import type { Config } from '../../config';
import type { Queryable } from '../../db/client';
import { hashToken, newToken } from '../../security/tokens';
import { signInCookie } from './cookie';

const DEVICE_DAYS = 180;

/**
 * A browser that signed in to an account before gets its own sign-in allowance, so a stranger who keeps
 * guessing at the account cannot lock its holder out (OWASP's "device cookies"). Only sign-in reads it.
 */
export function deviceCookie(config: Pick<Config, 'publicUrl'>) {
  return signInCookie(config, 'amtsraum-device', DEVICE_DAYS * 86_400);
}

/** The hash of the cookie's token when it names a known device of this account; undefined otherwise. */
export async function knownDevice(db: Queryable, staffId: string, token: string | undefined) {
  if (!token) return undefined;
  const tokenHash = hashToken(token);
  const rows = await db.query(
    `UPDATE staff_devices SET last_used_at = now()
      WHERE token_hash = $1 AND staff_id = $2 AND last_used_at > now() - make_interval(days => $3)
      RETURNING token_hash`,
    [tokenHash, staffId, DEVICE_DAYS],
  );
  return rows.length > 0 ? tokenHash : undefined;
}

/** Remembers this browser for the account; returns the cookie's token. */
export async function rememberDevice(db: Queryable, staffId: string) {
  const token = newToken();
  await db.query('INSERT INTO staff_devices (token_hash, staff_id) VALUES ($1, $2)', [
    hashToken(token),
    staffId,
  ]);
  return token;
}

/** Devices unused for longer than a cookie lives (retention sweep). */
export async function purgeStaleDevices(db: Queryable) {
  await db.query(`DELETE FROM staff_devices WHERE last_used_at < now() - make_interval(days => $1)`, [
    DEVICE_DAYS,
  ]);
}
