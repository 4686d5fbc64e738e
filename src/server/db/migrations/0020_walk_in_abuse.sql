-- A walk-in office that one script cannot fill (issue 11).

-- A walk-in proves that a page waits for it by connecting its live socket soon after entering: until
-- this instant the entry holds a place without one; after it, only once connected. Null once the page
-- connected, and for appointment visits (their link proves them).
ALTER TABLE visits ADD COLUMN connect_by timestamptz;
CREATE INDEX visits_connect_by ON visits (connect_by) WHERE status = 'waiting' AND connect_by IS NOT NULL;

-- Which client entered, as HMAC(server secret, address or IPv6 /64), never the address itself: enough
-- to limit the walk-ins waiting at once from one client and to mark groups of them for staff. Kept only
-- while the visit waits or talks (the trigger below forgets it when the visit ends).
ALTER TABLE visits ADD COLUMN client_key text CHECK (length(client_key) <= 64);
CREATE INDEX visits_client_key ON visits (office_id, client_key)
  WHERE status = 'waiting' AND client_key IS NOT NULL;

CREATE FUNCTION visits_forget_client_key() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.client_key := NULL;
  RETURN NEW;
END;
$$;
CREATE TRIGGER visits_forget_client_key BEFORE UPDATE OF status ON visits
  FOR EACH ROW WHEN (NEW.status IN ('done', 'left') AND NEW.client_key IS NOT NULL)
  EXECUTE FUNCTION visits_forget_client_key();

-- A join link opened on a second device hands the visit over: the first device's token is replaced.
-- Its hash stays here, so that device is told "opened on another device" instead of "unknown visit".
ALTER TABLE visits ADD COLUMN superseded_token_hash text;
CREATE INDEX visits_superseded_token ON visits (superseded_token_hash) WHERE superseded_token_hash IS NOT NULL;

-- A walk-in's page never connected (never_connected), or staff removed the entry (removed_by_staff).
ALTER TABLE visits DROP CONSTRAINT visits_left_reason_check;
ALTER TABLE visits ADD CONSTRAINT visits_left_reason_check
  CHECK (left_reason IN ('citizen', 'disconnected', 'never_connected', 'removed_by_staff'));
