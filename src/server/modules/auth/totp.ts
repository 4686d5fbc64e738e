import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import type { Queryable } from '../../db/client';
import type { SealedText } from '../../security/sealed-text';

/** RFC 6238 as every authenticator app reads it: SHA-1, six digits, 30 seconds. */
const PERIOD = 30;
const totpOf = (secret: string, label = '') =>
  new TOTP({
    issuer: 'Amtsraum',
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD,
    secret: Secret.fromBase32(secret),
  });

/** The row a sealed secret belongs to: a copy in another account's row does not open. */
export const totpContext = (staffId: string) => `totp:${staffId}`;

/**
 * A fresh, unconfirmed secret for the account (replacing an unconfirmed one), to scan into the app; the
 * database keeps it sealed (security/sealed-text.ts).
 */
export async function startTotpEnrolment(db: Queryable, sealed: SealedText, staffId: string, label: string) {
  const secret = new Secret({ size: 20 }).base32;
  const stored = await db.query(
    `INSERT INTO staff_totp (staff_id, secret) VALUES ($1, $2)
     ON CONFLICT (staff_id) DO UPDATE SET secret = excluded.secret, last_step = 0 WHERE staff_totp.confirmed_at IS NULL
     RETURNING staff_id`,
    [staffId, sealed.seal(secret, totpContext(staffId))],
  );
  if (stored.length === 0) return undefined;
  const uri = totpOf(secret, label).toString();
  return {
    secret,
    uri,
    qrSvg: await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }),
  };
}

/**
 * Accepts a code of the account's secret (one step either side for clocks that drift) once: the step it
 * belongs to must be later than the last accepted one, decided in one statement, so a code overheard or
 * sent twice in parallel signs in at most once. `confirming` accepts only the unconfirmed secret.
 */
export async function acceptTotpCode(
  db: Queryable,
  sealed: SealedText,
  staffId: string,
  code: string,
  nowMs: number,
  confirming = false,
): Promise<boolean> {
  const [row] = await db.query<{ secret: string }>(
    `SELECT secret FROM staff_totp WHERE staff_id = $1 AND (confirmed_at IS NULL) = $2`,
    [staffId, confirming],
  );
  if (!row || !/^\d{6}$/.test(code)) return false;
  const delta = totpOf(sealed.open(row.secret, totpContext(staffId))).validate({
    token: code,
    timestamp: nowMs,
    window: 1,
  });
  if (delta === null) return false;
  const step = Math.floor(nowMs / 1000 / PERIOD) + delta;
  const taken = await db.query(
    `UPDATE staff_totp SET last_step = $2, confirmed_at = coalesce(confirmed_at, now())
      WHERE staff_id = $1 AND last_step < $2 RETURNING staff_id`,
    [staffId, step],
  );
  return taken.length > 0;
}

export async function hasTotp(db: Queryable, staffId: string) {
  const rows = await db.query('SELECT 1 FROM staff_totp WHERE staff_id = $1 AND confirmed_at IS NOT NULL', [
    staffId,
  ]);
  return rows.length > 0;
}
