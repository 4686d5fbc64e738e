-- Phone dial-in to consultations (issue 18). The agent issues a PIN for a live consultation; a caller
-- on the authority's dial-in number types it on the keypad. PINs are kept only as keyed hashes (HMAC
-- with the link secret: nine digits are too few for a plain hash) and expire; wrong PINs count per
-- caller number, which is kept the same way, never in clear.

CREATE TABLE dial_in_pins (
  id uuid NOT NULL PRIMARY KEY,
  tenant_id uuid NOT NULL,
  consultation_id uuid NOT NULL,
  -- Unique over all authorities: the PIN alone names the consultation on the shared line.
  pin_hash text NOT NULL UNIQUE,
  issued_by uuid,
  issued_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  -- Set when the agent replaces the PIN; the consultation's end retires it as well.
  revoked_at timestamptz,
  FOREIGN KEY (tenant_id, consultation_id) REFERENCES consultations (tenant_id, id) ON DELETE CASCADE,
  CHECK (expires_at > issued_at)
);
CREATE UNIQUE INDEX dial_in_pins_one_live ON dial_in_pins (consultation_id) WHERE revoked_at IS NULL;

-- Wrong PINs per caller number: after SIP_PIN_ATTEMPTS the number is locked for SIP_LOCK_MINUTES.
CREATE TABLE dial_in_callers (
  caller_hash text NOT NULL PRIMARY KEY,
  wrong_pins integer NOT NULL DEFAULT 0 CHECK (wrong_pins >= 0),
  last_wrong_at timestamptz,
  locked_until timestamptz
);

-- One phone participant in one consultation, from the accepted PIN to the hang-up.
CREATE TABLE dial_in_calls (
  id uuid NOT NULL PRIMARY KEY,
  tenant_id uuid NOT NULL,
  consultation_id uuid NOT NULL,
  caller_hash text NOT NULL,
  -- At most the last four digits, for the tile ("Telefon …1234").
  caller_tail text NOT NULL CHECK (caller_tail ~ '^[0-9]{0,4}$'),
  joined_at timestamptz NOT NULL,
  left_at timestamptz,
  end_reason text CHECK (end_reason IN ('hung_up', 'removed', 'ended')),
  FOREIGN KEY (tenant_id, consultation_id) REFERENCES consultations (tenant_id, id) ON DELETE CASCADE,
  CHECK ((left_at IS NULL) = (end_reason IS NULL)),
  CHECK (left_at IS NULL OR left_at >= joined_at)
);
CREATE INDEX dial_in_calls_live ON dial_in_calls (consultation_id) WHERE left_at IS NULL;
