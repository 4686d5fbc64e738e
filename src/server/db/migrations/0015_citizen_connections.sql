-- Whether a waiting citizen still has a tab open, across server processes. Each process counts the
-- citizen sockets it holds per visit and proves it is alive by a heartbeat: a crashed process sends no
-- close events, so its counts stop mattering once the disconnect sweep finds its heartbeat stale and
-- removes the process (its counts go with it, by cascade).
CREATE TABLE server_processes (
  id uuid PRIMARY KEY,
  started_at timestamptz NOT NULL DEFAULT now(),
  heartbeat_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE citizen_sockets (
  visit_id uuid NOT NULL REFERENCES visits (id) ON DELETE CASCADE,
  process_id uuid NOT NULL REFERENCES server_processes (id) ON DELETE CASCADE,
  -- A row exists only while the process holds at least one socket of the visit (several tabs).
  open_sockets integer NOT NULL CHECK (open_sockets > 0),
  PRIMARY KEY (visit_id, process_id)
);
CREATE INDEX citizen_sockets_process ON citizen_sockets (process_id);

-- Since when none of the citizen's tabs is connected; null while one is, and before the first hello.
-- Waiting visits disconnected for longer than QUEUE_DISCONNECT_GRACE_MINUTES leave the queue.
ALTER TABLE visits ADD COLUMN disconnected_at timestamptz;
CREATE INDEX visits_disconnected ON visits (disconnected_at)
  WHERE status = 'waiting' AND disconnected_at IS NOT NULL;
