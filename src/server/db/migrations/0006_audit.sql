-- Audit trail: append-only, hash-chained per authority. Each row's hash covers its content and the
-- previous row's hash, so changing or removing any row breaks every link after it.
CREATE TABLE audit_events (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  seq bigint NOT NULL,
  at timestamptz NOT NULL,
  -- Who: "staff:<id>", "citizen:<visit id>", "system"; never a name or an address.
  actor text NOT NULL,
  action text NOT NULL,
  -- What it was done to, e.g. "staff:<id>", "consultation:<id>".
  object text,
  details jsonb NOT NULL DEFAULT '{}',
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (tenant_id, seq)
);

-- Append-only for the application: rows can be added, never changed or removed — except together with
-- their whole authority (the cascade runs after the tenant row is gone).
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND NOT EXISTS (SELECT 1 FROM tenants WHERE id = OLD.tenant_id) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
