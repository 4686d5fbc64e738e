-- Issue 16: a service offered by video and in person lets the citizen choose, so the appointment keeps
-- its own kind; an in-person visit needs the office's street address (and how to find the door), and the
-- counter records when the citizen arrived.

ALTER TABLE offices
  ADD COLUMN address text CHECK (length(address) BETWEEN 1 AND 300),
  ADD COLUMN directions text CHECK (length(directions) BETWEEN 1 AND 1000);

ALTER TABLE appointments
  -- The booking store always names the kind; the default only fills rows written before.
  ADD COLUMN kind text NOT NULL DEFAULT 'video' CHECK (kind IN ('video', 'on_site')),
  ADD COLUMN arrived_at timestamptz;

-- Appointments booked before: an on-site service's were in person, every other one by video (the join
-- link they were sent).
UPDATE appointments a SET kind = 'on_site' FROM services s WHERE s.id = a.service_id AND s.channel = 'on_site';
