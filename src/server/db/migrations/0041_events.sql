-- Public office hours and information sessions (issue 17): an authority schedules an event, its hosts
-- (staff) go on stage in a room of a Janus media server, an audience without accounts watches. Amtsraum
-- keeps the room's state here; Janus keeps only the media.

CREATE TABLE events (
  id uuid NOT NULL PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
  description text NOT NULL DEFAULT '' CHECK (length(description) <= 2000),
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  max_audience int NOT NULL CHECK (max_audience BETWEEN 1 AND 1000),
  -- Listed on the authority's public page; a non-public event is reached by its link only.
  public boolean NOT NULL,
  cancelled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (ends_at > starts_at),
  UNIQUE (tenant_id, id)
);
CREATE INDEX events_by_end ON events (tenant_id, ends_at);

-- The staff on stage; the same authority's (checked when written, and by the foreign key's tenant).
CREATE TABLE event_hosts (
  tenant_id uuid NOT NULL,
  event_id uuid NOT NULL,
  staff_id uuid NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
  PRIMARY KEY (event_id, staff_id),
  FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE
);

-- The event's VideoRoom, created on one Janus server when a host first goes on stage. Its secret (which
-- lets anyone who knows it edit or destroy the room) is sealed with FILE_MASTER_KEY.
CREATE TABLE event_rooms (
  event_id uuid NOT NULL PRIMARY KEY REFERENCES events (id) ON DELETE CASCADE,
  server text NOT NULL,
  room bigint NOT NULL,
  secret text NOT NULL,
  -- The host's publisher id in the room while a host is on stage; null otherwise.
  stage_feed bigint,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- One seat of the audience: a browser that passed the proof of work, known by the hash of its token only.
-- A seat counts towards max_audience until its socket closes (left_at), or, when its page never
-- connected, for the first minute after admission.
CREATE TABLE event_audience (
  id uuid NOT NULL PRIMARY KEY,
  event_id uuid NOT NULL REFERENCES events (id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  admitted_at timestamptz NOT NULL,
  connected_at timestamptz,
  left_at timestamptz
);
CREATE INDEX event_audience_present ON event_audience (event_id) WHERE left_at IS NULL;
