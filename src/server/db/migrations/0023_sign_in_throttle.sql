-- Sign-in throttling that cannot be raced or abused for a permanent lock-out (issue 14). Each bucket is
-- a leaky counter: an attempt is admitted only while the decayed score plus one stays within capacity,
-- decided in one atomic upsert, so parallel guesses cannot all be checked. Buckets are keyed by a hash
-- of the e-mail as typed (known or not, so a lock tells nothing about whether an account exists) and by
-- known devices of an account (their holder still gets in while strangers hammer the account).
CREATE TABLE sign_in_throttle (
  key text PRIMARY KEY,
  score double precision NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- A browser that once signed in to an account: the cookie holds a random token, this table its hash.
CREATE TABLE staff_devices (
  token_hash text PRIMARY KEY,
  staff_id uuid NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX staff_devices_staff ON staff_devices (staff_id);

-- The per-account counter that never decayed and the lock an admin could not lift.
ALTER TABLE staff DROP COLUMN failed_logins, DROP COLUMN locked_until;
