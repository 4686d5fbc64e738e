-- Files shared in a consultation. The bytes live encrypted on disk (${DATA_DIR}/files/<tenant>/<id>.bin,
-- AES-256-GCM with a random key per file); this row holds that key wrapped with the instance's master key,
-- the IV and tag, and what the other side sees. Deleted with the chat when the retention days are over.
CREATE TABLE consultation_files (
  id uuid NOT NULL PRIMARY KEY,
  tenant_id uuid NOT NULL,
  consultation_id uuid NOT NULL,
  -- Participant id ("agent:<staff id>", "citizen:<visit id>"), never a name.
  uploader text NOT NULL CHECK (uploader ~ '^(agent|citizen|guest):[0-9a-f-]{36}$'),
  uploader_role text NOT NULL CHECK (uploader_role IN ('agent', 'citizen')),
  -- The uploader's file name made safe; never used in a path.
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 255),
  mime text NOT NULL CHECK (length(mime) BETWEEN 1 AND 200),
  size bigint NOT NULL CHECK (size > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  wrapped_key bytea NOT NULL,
  iv bytea NOT NULL,
  auth_tag bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  FOREIGN KEY (tenant_id, consultation_id) REFERENCES consultations (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX consultation_files_order ON consultation_files (consultation_id, created_at);
