-- The slot search keeps what it read in memory (src/server/modules/booking/slot-cache.ts) and asks the
-- database only for what changed since (issue 13: a 60-day search read every appointment each time).

-- Which transaction last wrote each appointment. A search remembers the oldest transaction still running
-- when it read (pg_snapshot_xmin) and next time reads the appointments written by that one or later: a
-- booking that commits after a later one is still found, as a sequence number would not guarantee.
ALTER TABLE appointments ADD COLUMN change_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE INDEX appointments_change_xid ON appointments (change_xid);
CREATE FUNCTION appointments_mark_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_xid := pg_current_xact_id();
  RETURN NEW;
END $$;
CREATE TRIGGER appointments_mark_change BEFORE UPDATE ON appointments
  FOR EACH ROW EXECUTE FUNCTION appointments_mark_change();

-- Everything else a search reads (services, offices, their authority's calendar, staff, their hours and
-- exceptions) changes rarely, by admins: any change there, and a deleted appointment, makes every
-- process read its searches anew.
CREATE TABLE slot_inputs_generation (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  generation bigint NOT NULL
);
INSERT INTO slot_inputs_generation VALUES (true, 0);
CREATE FUNCTION slot_inputs_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE slot_inputs_generation SET generation = generation + 1;
  RETURN NULL;
END $$;
CREATE TRIGGER slot_inputs_changed AFTER INSERT OR UPDATE OR DELETE ON services
  FOR EACH STATEMENT EXECUTE FUNCTION slot_inputs_changed();
CREATE TRIGGER slot_inputs_changed AFTER INSERT OR UPDATE OR DELETE ON offices
  FOR EACH STATEMENT EXECUTE FUNCTION slot_inputs_changed();
CREATE TRIGGER slot_inputs_changed AFTER INSERT OR UPDATE OR DELETE ON tenants
  FOR EACH STATEMENT EXECUTE FUNCTION slot_inputs_changed();
CREATE TRIGGER slot_inputs_changed AFTER INSERT OR UPDATE OR DELETE ON staff
  FOR EACH STATEMENT EXECUTE FUNCTION slot_inputs_changed();
CREATE TRIGGER slot_inputs_changed AFTER INSERT OR UPDATE OR DELETE ON staff_offices
  FOR EACH STATEMENT EXECUTE FUNCTION slot_inputs_changed();
CREATE TRIGGER slot_inputs_changed AFTER INSERT OR UPDATE OR DELETE ON staff_exceptions
  FOR EACH STATEMENT EXECUTE FUNCTION slot_inputs_changed();
CREATE TRIGGER slot_inputs_changed AFTER DELETE ON appointments
  FOR EACH STATEMENT EXECUTE FUNCTION slot_inputs_changed();
