import { randomInt } from 'node:crypto';
import type { Queryable } from '../../db/client';
import { hashToken } from '../../security/tokens';

const COUNT = 10;
/** Crockford's base32 without look-alikes; 12 characters are 60 bits, written as three groups of four. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const normalise = (code: string) => code.toUpperCase().replace(/[\s-]/g, '');
const newCode = () =>
  Array.from({ length: 3 }, () =>
    Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join(''),
  ).join('-');

/** New recovery codes for the account, replacing the old ones; shown once, stored as hashes. */
export async function replaceRecoveryCodes(db: Queryable, staffId: string): Promise<string[]> {
  const codes = Array.from({ length: COUNT }, newCode);
  await db.query('DELETE FROM staff_recovery_codes WHERE staff_id = $1', [staffId]);
  await db.query('INSERT INTO staff_recovery_codes (staff_id, code_hash) SELECT $1, unnest($2::text[])', [
    staffId,
    codes.map((c) => hashToken(normalise(c))),
  ]);
  return codes;
}

/** Spends a recovery code in place of a TOTP code (a lost phone); each works once. */
export async function spendRecoveryCode(db: Queryable, staffId: string, code: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE staff_recovery_codes SET used_at = now()
      WHERE staff_id = $1 AND code_hash = $2 AND used_at IS NULL RETURNING staff_id`,
    [staffId, hashToken(normalise(code))],
  );
  return rows.length > 0;
}
