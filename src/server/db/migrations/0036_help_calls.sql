-- A clerk in a call asks colleagues for help (issue 15, "Notruf" in ZMS): the alert goes to everyone
-- who has the office in their workspace; the first to answer ("Ich komme zu Hilfe!") joins the call as
-- a guest of it, speaking or silent. At most one alert per consultation is open at a time; it stays
-- open (answered) until the call ends, so the clerk sees who is coming.
CREATE TABLE help_calls (
  id uuid NOT NULL PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  consultation_id uuid NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
  office_id uuid NOT NULL REFERENCES offices (id) ON DELETE CASCADE,
  -- Staff may be deleted later; the audit trail keeps who asked and who answered.
  requested_by uuid REFERENCES staff (id) ON DELETE SET NULL,
  requested_at timestamptz NOT NULL DEFAULT now(),
  answered_by uuid REFERENCES staff (id) ON DELETE SET NULL,
  answered_at timestamptz,
  guest_id uuid REFERENCES consultation_guests (id) ON DELETE SET NULL,
  ended_at timestamptz,
  end_reason text CHECK (end_reason IN ('withdrawn', 'call_ended')),
  CHECK ((ended_at IS NULL) = (end_reason IS NULL))
);
CREATE UNIQUE INDEX help_calls_one_open ON help_calls (consultation_id) WHERE ended_at IS NULL;
-- Every snapshot of an office's queue for staff reads its open alerts: usually none.
CREATE INDEX help_calls_open_by_office ON help_calls (office_id) WHERE ended_at IS NULL;

-- A colleague who answers silently joins with the microphone off (they may switch it on).
ALTER TABLE consultation_guests ADD COLUMN joins_muted boolean NOT NULL DEFAULT false;
