-- What a consultation leaves behind: the chat in the call, the agent's notes and outcome, the protocol
-- (PDF/A and JSON), and the citizen's anonymous rating.

-- Notes and outcome are the agent's; `rated` is a one-way marker so a citizen rates a consultation once,
-- while the rating itself (consultation_ratings) holds no link back to it.
ALTER TABLE consultations
  ADD COLUMN notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 20000),
  ADD COLUMN outcome text CHECK (outcome IN ('resolved', 'follow_up', 'documents_missing', 'forwarded')),
  ADD COLUMN rated boolean NOT NULL DEFAULT false;

-- Chat in the call: plain text, kept with the consultation until the authority's retention ends.
CREATE TABLE consultation_messages (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  -- The order of the conversation; uuids and equal timestamps could not give one.
  seq bigint GENERATED ALWAYS AS IDENTITY,
  tenant_id uuid NOT NULL,
  consultation_id uuid NOT NULL,
  -- Participant id ("agent:<staff id>", "citizen:<visit id>"), never a name.
  author text NOT NULL CHECK (author ~ '^(agent|citizen|guest):[0-9a-f-]{36}$'),
  author_role text NOT NULL CHECK (author_role IN ('agent', 'citizen')),
  text text NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  -- When the other side read it.
  read_at timestamptz,
  FOREIGN KEY (tenant_id, consultation_id) REFERENCES consultations (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX consultation_messages_order ON consultation_messages (consultation_id, seq);

-- Issued protocols; issuing again (e.g. after correcting the notes) adds a version, never overwrites one.
CREATE TABLE consultation_protocols (
  tenant_id uuid NOT NULL,
  consultation_id uuid NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  issued_at timestamptz NOT NULL DEFAULT now(),
  issued_by uuid,
  record jsonb NOT NULL CHECK (jsonb_typeof(record) = 'object'),
  pdf bytea NOT NULL,
  pdf_sha256 text NOT NULL CHECK (pdf_sha256 ~ '^[0-9a-f]{64}$'),
  PRIMARY KEY (consultation_id, version),
  FOREIGN KEY (tenant_id, consultation_id) REFERENCES consultations (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, issued_by) REFERENCES staff (tenant_id, id) ON DELETE SET NULL (issued_by)
);

-- Anonymous ratings: authority, office, day and the rating only. No consultation, visit, time of day or
-- sequence number, so a rating cannot be traced back to a citizen (ids are random uuids).
CREATE TABLE consultation_ratings (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  office_id uuid NOT NULL,
  day date NOT NULL,
  stars smallint NOT NULL CHECK (stars BETWEEN 1 AND 5),
  comment text NOT NULL DEFAULT '' CHECK (length(comment) <= 1000),
  FOREIGN KEY (tenant_id, office_id) REFERENCES offices (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX consultation_ratings_office_day ON consultation_ratings (office_id, day);
