-- Recurring jobs (the daily retention sweep) wait at most once, however many processes start; the one
-- being worked on (locked) does not count, so it can plan its successor.
CREATE UNIQUE INDEX jobs_pending_singleton ON jobs (kind)
  WHERE done_at IS NULL AND failed_at IS NULL AND locked_until IS NULL AND (payload ->> 'singleton') = 'true';
