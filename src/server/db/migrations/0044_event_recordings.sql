-- Recording of public events with consent (issue 17). Hosts start and stop it; while it runs, Janus's
-- VideoRoom writes the feeds of the hosts on stage (and of a citizen given the floor who agreed on
-- screen) as .mjr files into JANUS_RECORDING_DIR; the audience is never recorded. After the stop a job
-- converts them with janus-pp-rec into webm (video) and opus (audio) under DATA_DIR; staff download them
-- there until the retention sweep deletes them with the rest of the event's personal data.

CREATE TABLE event_recordings (
  id uuid NOT NULL PRIMARY KEY,
  tenant_id uuid NOT NULL,
  event_id uuid NOT NULL,
  started_at timestamptz NOT NULL,
  -- Null while it runs; at most one runs per event.
  stopped_at timestamptz,
  -- recording → converting (stopped, the job is on it) → ready, or failed (janus-pp-rec refused).
  status text NOT NULL DEFAULT 'recording' CHECK (status IN ('recording', 'converting', 'ready', 'failed')),
  FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE,
  CHECK (stopped_at IS NULL OR stopped_at >= started_at),
  CHECK ((status = 'recording') = (stopped_at IS NULL))
);
CREATE UNIQUE INDEX event_recordings_one_running ON event_recordings (event_id) WHERE stopped_at IS NULL;
CREATE INDEX event_recordings_by_event ON event_recordings (event_id, started_at);

-- One converted file: one medium of one feed (Janus records each stream separately; there is no muxer).
CREATE TABLE event_recording_files (
  id uuid NOT NULL PRIMARY KEY,
  recording_id uuid NOT NULL REFERENCES event_recordings (id) ON DELETE CASCADE,
  media text NOT NULL CHECK (media IN ('video', 'audio')),
  -- Whose feed: a host on stage, or the citizen on the floor who agreed.
  place text NOT NULL CHECK (place IN ('stage', 'floor')),
  bytes bigint NOT NULL CHECK (bytes >= 0),
  -- From the first to the last packet, as janus-pp-rec reports it.
  duration_ms int NOT NULL CHECK (duration_ms >= 0)
);
CREATE INDEX event_recording_files_by_recording ON event_recording_files (recording_id);
