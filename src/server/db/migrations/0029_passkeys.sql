-- Passkeys and security keys (WebAuthn) as the second factor of local accounts (issue 14), beside TOTP.
CREATE TABLE staff_passkeys (
  -- The credential's id as the authenticator gave it (base64url).
  id text PRIMARY KEY,
  staff_id uuid NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
  -- COSE public key, base64url.
  public_key text NOT NULL,
  -- The authenticator's signature counter: a clone shows as a counter that goes back.
  counter bigint NOT NULL DEFAULT 0,
  transports text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);
CREATE INDEX staff_passkeys_staff ON staff_passkeys (staff_id);

-- The challenge of the one passkey ceremony a staff member has under way (setting one up, or signing in).
CREATE TABLE webauthn_challenges (
  staff_id uuid PRIMARY KEY REFERENCES staff (id) ON DELETE CASCADE,
  challenge text NOT NULL,
  purpose text NOT NULL CHECK (purpose IN ('register', 'authenticate')),
  created_at timestamptz NOT NULL DEFAULT now()
);
