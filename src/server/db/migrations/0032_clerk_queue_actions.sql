-- The clerk's queue actions (issue 15): a citizen can be sent back to the waiting room for a moment,
-- parked for later, recalled after not answering and finally listed as missed; a clerk can raise a
-- waiting citizen's priority.
ALTER TABLE visits DROP CONSTRAINT visits_status_check;
ALTER TABLE visits ADD CONSTRAINT visits_status_check
  CHECK (status IN ('waiting', 'in_consultation', 'done', 'left', 'parked', 'missed'));

-- 1 = raised by a clerk (queue.ts gives it a bounded head start), with the clerk's reason.
ALTER TABLE visits ADD COLUMN priority smallint NOT NULL DEFAULT 0 CHECK (priority IN (0, 1));
ALTER TABLE visits ADD COLUMN priority_reason text CHECK (length(priority_reason) <= 200);

-- The clerk who sent the citizen back for a moment: first in line, called back by that clerk only.
ALTER TABLE visits ADD COLUMN held_by uuid;
-- The clerk's note to the citizen when sending back or parking ("Ich frage kurz nach").
ALTER TABLE visits ADD COLUMN clerk_note text CHECK (length(clerk_note) <= 500);

-- Calls the citizen did not answer ("nicht erschienen"), and when call-next may call them again.
ALTER TABLE visits ADD COLUMN missed_calls smallint NOT NULL DEFAULT 0 CHECK (missed_calls >= 0);
ALTER TABLE visits ADD COLUMN recall_at timestamptz;
-- Since when a visit is parked or missed (the lists' order and the day-end sweep).
ALTER TABLE visits ADD COLUMN set_aside_at timestamptz;
CREATE INDEX visits_set_aside ON visits (office_id, set_aside_at) WHERE status IN ('parked', 'missed');

ALTER TABLE consultations DROP CONSTRAINT consultations_end_reason_check;
ALTER TABLE consultations ADD CONSTRAINT consultations_end_reason_check
  CHECK (end_reason IN ('completed', 'transferred', 'citizen_left', 'no_show', 'sent_back', 'parked'));

-- Parked and missed visits of an earlier day end as left (the sweep, set-aside-expiry.ts).
ALTER TABLE visits DROP CONSTRAINT visits_left_reason_check;
ALTER TABLE visits ADD CONSTRAINT visits_left_reason_check
  CHECK (left_reason IN ('citizen', 'disconnected', 'never_connected', 'removed_by_staff', 'day_ended'));

-- Parked and missed citizens' pages count as open or closed too (the lists show it, and one put back
-- into the line must not be passed over as closed): the sweep's look-up covers them.
DROP INDEX visits_live_connected;
CREATE INDEX visits_live_connected ON visits (id)
  WHERE status IN ('waiting', 'in_consultation', 'parked', 'missed') AND disconnected_at IS NULL;
