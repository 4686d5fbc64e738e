-- Coupling to case systems (Fachverfahren): API keys of an authority for the versioned REST API /api/v1,
-- the case system's own reference on appointments, and invitations into an office's queue.

-- A key is shown once when created; only the SHA-256 of the whole key is kept, plus a short, non-secret
-- prefix (part of the key) so admins can tell keys apart. Revoking keeps the row for the audit trail.
CREATE TABLE api_keys (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  scopes text[] NOT NULL CHECK (
    cardinality(scopes) >= 1
    AND scopes <@ ARRAY['appointments:read', 'appointments:write', 'consultations:read', 'consultations:write']
  ),
  prefix text NOT NULL UNIQUE CHECK (prefix ~ '^[0-9a-f]{12}$'),
  secret_hash text NOT NULL UNIQUE,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, created_by) REFERENCES staff (tenant_id, id) ON DELETE SET NULL (created_by)
);

-- The case system's reference (Aktenzeichen) of an appointment booked through the API.
ALTER TABLE appointments ADD COLUMN case_reference text CHECK (length(case_reference) BETWEEN 1 AND 100);
CREATE INDEX appointments_case_reference ON appointments (tenant_id, case_reference)
  WHERE case_reference IS NOT NULL;

-- A case system opens a video consultation straight from a case: a link that, when the citizen opens it,
-- places them in the office's queue (like an appointment's join link, but without a slot). Only the hash
-- of the link token is stored; opening it again hands over the same visit while it lasts.
CREATE TABLE visit_invitations (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  office_id uuid NOT NULL,
  citizen_name text NOT NULL CHECK (length(citizen_name) BETWEEN 1 AND 60),
  case_reference text CHECK (length(case_reference) BETWEEN 1 AND 100),
  token_hash text NOT NULL UNIQUE,
  api_key_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  visit_id uuid,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, office_id) REFERENCES offices (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, visit_id) REFERENCES visits (tenant_id, id) ON DELETE SET NULL (visit_id),
  FOREIGN KEY (tenant_id, api_key_id) REFERENCES api_keys (tenant_id, id) ON DELETE SET NULL (api_key_id),
  CHECK (expires_at > created_at)
);
CREATE INDEX visit_invitations_visit ON visit_invitations (visit_id) WHERE visit_id IS NOT NULL;
