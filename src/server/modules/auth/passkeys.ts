import {
  type AuthenticationResponseJSON,
  type AuthenticatorTransportFuture,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import type { Config } from '../../config';
import type { Queryable } from '../../db/client';

/** How long a browser has to answer a passkey challenge. */
const CEREMONY_SECONDS = 300;

type Purpose = 'register' | 'authenticate';

interface StoredPasskey {
  id: string;
  publicKey: string;
  counter: string;
  transports: AuthenticatorTransportFuture[];
}

/** The relying party is Amtsraum's public address: a passkey works there and nowhere else. */
const relyingParty = (config: Pick<Config, 'publicUrl'>) => ({
  rpID: config.publicUrl.hostname,
  origin: config.publicUrl.origin,
});

const passkeysOf = (db: Queryable, staffId: string) =>
  db.query<StoredPasskey>(
    `SELECT id, public_key AS "publicKey", counter::text AS counter, transports
       FROM staff_passkeys WHERE staff_id = $1 ORDER BY created_at`,
    [staffId],
  );

async function remember(db: Queryable, staffId: string, purpose: Purpose, challenge: string) {
  await db.query(
    `INSERT INTO webauthn_challenges (staff_id, challenge, purpose) VALUES ($1, $2, $3)
     ON CONFLICT (staff_id) DO UPDATE SET challenge = excluded.challenge, purpose = excluded.purpose,
       created_at = now()`,
    [staffId, challenge, purpose],
  );
}

/** The ceremony's challenge, spent by this one answer whatever it proves (no second try with it). */
async function spend(db: Queryable, staffId: string, purpose: Purpose) {
  const [row] = await db.query<{ challenge: string }>(
    `DELETE FROM webauthn_challenges WHERE staff_id = $1 AND purpose = $2
        AND created_at > now() - make_interval(secs => $3) RETURNING challenge`,
    [staffId, purpose, CEREMONY_SECONDS],
  );
  return row?.challenge;
}

export async function hasPasskey(db: Queryable, staffId: string) {
  return (await db.query('SELECT 1 FROM staff_passkeys WHERE staff_id = $1 LIMIT 1', [staffId])).length > 0;
}

/** What the browser needs to create a passkey for the account (navigator.credentials.create). */
export async function passkeyRegistrationOptions(
  db: Queryable,
  config: Pick<Config, 'publicUrl'>,
  staff: { id: string; email: string; displayName: string },
) {
  const options = await generateRegistrationOptions({
    rpName: 'Amtsraum',
    rpID: relyingParty(config).rpID,
    userName: staff.email,
    userDisplayName: staff.displayName,
    attestationType: 'none',
    excludeCredentials: (await passkeysOf(db, staff.id)).map((p) => ({ id: p.id, transports: p.transports })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  await remember(db, staff.id, 'register', options.challenge);
  return options;
}

/** Checks the new passkey against the ceremony's challenge and keeps it. */
export async function registerPasskey(
  db: Queryable,
  config: Pick<Config, 'publicUrl'>,
  staffId: string,
  response: RegistrationResponseJSON,
): Promise<'ok' | 'no-ceremony' | 'invalid'> {
  const expectedChallenge = await spend(db, staffId, 'register');
  if (!expectedChallenge) return 'no-ceremony';
  const { rpID, origin } = relyingParty(config);
  const verified = await verifyRegistrationResponse({
    response,
    expectedChallenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
  }).catch(() => undefined);
  if (!verified?.verified) return 'invalid';
  const { credential } = verified.registrationInfo;
  await db.query(
    `INSERT INTO staff_passkeys (id, staff_id, public_key, counter, transports) VALUES ($1, $2, $3, $4, $5)`,
    [
      credential.id,
      staffId,
      Buffer.from(credential.publicKey).toString('base64url'),
      credential.counter,
      credential.transports ?? [],
    ],
  );
  return 'ok';
}

/** What the browser needs to sign in with one of the account's passkeys (navigator.credentials.get). */
export async function passkeyAuthenticationOptions(
  db: Queryable,
  config: Pick<Config, 'publicUrl'>,
  staffId: string,
) {
  const options = await generateAuthenticationOptions({
    rpID: relyingParty(config).rpID,
    allowCredentials: (await passkeysOf(db, staffId)).map((p) => ({ id: p.id, transports: p.transports })),
    userVerification: 'preferred',
  });
  await remember(db, staffId, 'authenticate', options.challenge);
  return options;
}

/**
 * Checks the answer against the challenge and one of the account's passkeys; the signature counter must
 * go up (where the authenticator keeps one), in the same statement that records it.
 */
export async function acceptPasskey(
  db: Queryable,
  config: Pick<Config, 'publicUrl'>,
  staffId: string,
  response: AuthenticationResponseJSON,
): Promise<boolean> {
  const expectedChallenge = await spend(db, staffId, 'authenticate');
  const passkey = (await passkeysOf(db, staffId)).find((p) => p.id === response.id);
  if (!expectedChallenge || !passkey) return false;
  const { rpID, origin } = relyingParty(config);
  const verified = await verifyAuthenticationResponse({
    response,
    expectedChallenge,
    expectedOrigin: origin,
    expectedRPID: rpID,
    credential: {
      id: passkey.id,
      publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
      counter: Number(passkey.counter),
      transports: passkey.transports,
    },
  }).catch(() => undefined);
  if (!verified?.verified) return false;
  const counter = verified.authenticationInfo.newCounter;
  const taken = await db.query(
    `UPDATE staff_passkeys SET counter = $3, last_used_at = now()
      WHERE id = $1 AND staff_id = $2 AND (counter < $3 OR (counter = 0 AND $3 = 0)) RETURNING id`,
    [passkey.id, staffId, counter],
  );
  return taken.length > 0;
}
