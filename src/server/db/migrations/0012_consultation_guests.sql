-- Guests of a live consultation (an interpreter, a sign-language interpreter, a colleague), invited by
-- the agent with a one-time link. The link's token is an HMAC of the guest's id (so the agent can show it
-- again); only its SHA-256 is kept, as for the guest's session token once the link was redeemed.
CREATE TABLE consultation_guests (
  id uuid NOT NULL PRIMARY KEY,
  tenant_id uuid NOT NULL,
  consultation_id uuid NOT NULL,
  -- What the others see, e.g. "Dolmetscherin"; may be empty.
  label text NOT NULL DEFAULT '' CHECK (length(label) <= 60),
  -- Agent, citizen and two guests at most: peer-to-peer (mesh) stays small. Each guest holds a seat.
  seat smallint NOT NULL CHECK (seat IN (1, 2)),
  invited_by uuid,
  link_hash text NOT NULL UNIQUE,
  session_hash text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- When the link was redeemed (it works once); the order of joining decides who offers first.
  joined_at timestamptz,
  ended_at timestamptz,
  end_reason text CHECK (end_reason IN ('left', 'removed')),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, consultation_id) REFERENCES consultations (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, invited_by) REFERENCES staff (tenant_id, id) ON DELETE SET NULL (invited_by),
  CHECK ((ended_at IS NULL) = (end_reason IS NULL)),
  CHECK ((joined_at IS NULL) = (session_hash IS NULL))
);
-- A seat is free again once its guest left or was removed; two invitations can never take the same one.
CREATE UNIQUE INDEX consultation_guests_seat ON consultation_guests (consultation_id, seat) WHERE ended_at IS NULL;
