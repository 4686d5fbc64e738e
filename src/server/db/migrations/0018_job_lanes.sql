-- The disconnect sweep runs every minute and looks for live visits (waiting or in a consultation) that
-- still count as connected. Ended visits stay as anonymised rows for statistics, and appointments and
-- consultations (with their protocols) refer to them, so they pile up: without this index that look-up
-- read every visit ever made. (Its other look-up, overdue waiting visits, has visits_disconnected.)
CREATE INDEX visits_live_connected ON visits (id)
  WHERE status IN ('waiting', 'in_consultation') AND disconnected_at IS NULL;
