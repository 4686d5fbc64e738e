-- Bookings that one script cannot hoard or trade (issue 11): an internet booking holds its slot until the
-- citizen opens the activation link mailed to them; one address may hold only so many open appointments;
-- a slot a citizen gave up comes free only after a while.

-- Per service: whether an internet booking waits for the citizen's activation (staff bookings and case
-- systems never do). On by default, also for the services that exist already.
ALTER TABLE services ADD COLUMN requires_activation boolean NOT NULL DEFAULT true;

-- Per authority, changed by its admins (see src/shared/booking-rules.ts).
ALTER TABLE tenants
  ADD COLUMN booking_hold_minutes integer NOT NULL DEFAULT 30 CHECK (booking_hold_minutes BETWEEN 5 AND 1440),
  ADD COLUMN booking_open_per_email integer NOT NULL DEFAULT 3 CHECK (booking_open_per_email BETWEEN 1 AND 100),
  ADD COLUMN booking_release_minutes integer NOT NULL DEFAULT 15
    CHECK (booking_release_minutes BETWEEN 0 AND 1440);

-- pending_activation: held for the citizen until activate_by; expired: never activated (its personal data
-- erased at once).
ALTER TABLE appointments DROP CONSTRAINT appointments_status_check;
ALTER TABLE appointments ADD CONSTRAINT appointments_status_check
  CHECK (status IN ('pending_activation', 'booked', 'cancelled', 'expired', 'no_show', 'done'));
-- The activation link is an HMAC like the manage link; only its hash is kept, also after use, so a second
-- click or a late one is answered clearly.
ALTER TABLE appointments ADD COLUMN activation_token_hash text UNIQUE;
ALTER TABLE appointments ADD COLUMN activate_by timestamptz;
ALTER TABLE appointments ADD CONSTRAINT appointments_activation_check
  CHECK (status <> 'pending_activation' OR (activation_token_hash IS NOT NULL AND activate_by IS NOT NULL));

-- A slot given up by a citizen (cancelled, or a hold never activated) stays blocked until a job clears
-- this flag a while later, so nobody can hand the slot to an accomplice by giving it up on cue.
ALTER TABLE appointments ADD COLUMN slot_release_pending boolean NOT NULL DEFAULT false;
ALTER TABLE appointments ADD CONSTRAINT appointments_release_check
  CHECK (NOT slot_release_pending OR status IN ('cancelled', 'expired'));

-- No two appointments of one agent overlap while they take the time: firm, held, or not yet released.
ALTER TABLE appointments DROP CONSTRAINT appointments_no_overlap;
ALTER TABLE appointments ADD CONSTRAINT appointments_no_overlap EXCLUDE USING gist (agent_id WITH =, blocked WITH &&)
  WHERE (status IN ('booked', 'pending_activation') OR slot_release_pending);

-- The limit of open appointments per address compares addresses trimmed and in lower case.
CREATE INDEX appointments_open_by_email ON appointments (tenant_id, lower(btrim(citizen_email)))
  WHERE status IN ('booked', 'pending_activation');
