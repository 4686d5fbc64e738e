-- A second factor for local accounts (issue 14): TOTP from any authenticator app, recovery codes for a
-- lost phone, and a sign-in that stops half-way (password checked, factor outstanding) for five minutes.

-- Whom the authority asks for a second factor: its admins (default) or everyone.
ALTER TABLE tenants ADD COLUMN second_factor text NOT NULL DEFAULT 'admins'
  CHECK (second_factor IN ('admins', 'everyone'));

CREATE TABLE staff_totp (
  staff_id uuid PRIMARY KEY REFERENCES staff (id) ON DELETE CASCADE,
  -- Base32, as authenticator apps take it; confirmed once the holder typed a first code from the app.
  secret text NOT NULL,
  confirmed_at timestamptz,
  -- The 30-second step of the last accepted code: a code works once (RFC 6238 §5.2).
  last_step bigint NOT NULL DEFAULT 0
);

CREATE TABLE staff_recovery_codes (
  staff_id uuid NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
  code_hash text NOT NULL,
  used_at timestamptz,
  PRIMARY KEY (staff_id, code_hash)
);

-- A sign-in whose password was right and whose second factor (or its enrolment) is outstanding.
CREATE TABLE sign_in_challenges (
  token_hash text PRIMARY KEY,
  staff_id uuid NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
  -- The throttle bucket the password attempt counted against: cleared only when the sign-in completes.
  bucket_key text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Wrong codes so far; the fifth ends the challenge and the password must be typed again.
  failures integer NOT NULL DEFAULT 0
);
