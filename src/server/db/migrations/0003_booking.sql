-- Appointment booking: agents' own hours and exceptions, appointments, and the job queue.

-- An agent's weekly hours (same shape as an office's opening hours); null: the office's hours apply.
ALTER TABLE staff ADD COLUMN working_hours jsonb;

-- Date exceptions of an agent: absent (leave, training) or extra hours.
CREATE TABLE staff_exceptions (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  tenant_id uuid NOT NULL,
  staff_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('absent', 'extra')),
  during tstzrange NOT NULL CHECK (NOT isempty(during)),
  FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX staff_exceptions_staff ON staff_exceptions (staff_id);

CREATE TABLE appointments (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  service_id uuid NOT NULL,
  office_id uuid NOT NULL,
  agent_id uuid NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  -- The talk plus the service's buffers: what the agent's day loses to this appointment.
  blocked tstzrange NOT NULL,
  status text NOT NULL DEFAULT 'booked' CHECK (status IN ('booked', 'cancelled', 'no_show', 'done')),
  citizen_name text NOT NULL CHECK (length(citizen_name) BETWEEN 1 AND 120),
  citizen_email text NOT NULL CHECK (length(citizen_email) <= 254),
  citizen_phone text CHECK (length(citizen_phone) <= 20),
  language text NOT NULL DEFAULT 'de' CHECK (language IN ('de', 'en')),
  intake jsonb NOT NULL DEFAULT '{}',
  -- Link tokens are HMACs of (purpose, id, link_version) under the instance's link secret; only their
  -- hashes are stored. Moving an appointment bumps the version, so old links stop working.
  link_version integer NOT NULL DEFAULT 1,
  manage_token_hash text NOT NULL UNIQUE,
  join_token_hash text UNIQUE,
  visit_id uuid,
  booked_by_staff_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  cancelled_at timestamptz,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, service_id) REFERENCES services (tenant_id, id),
  FOREIGN KEY (tenant_id, office_id) REFERENCES offices (tenant_id, id),
  FOREIGN KEY (tenant_id, agent_id) REFERENCES staff (tenant_id, id),
  FOREIGN KEY (tenant_id, visit_id) REFERENCES visits (tenant_id, id),
  CHECK (ends_at > starts_at),
  -- Double booking is impossible: no two live appointments of one agent overlap, buffers included.
  CONSTRAINT appointments_no_overlap EXCLUDE USING gist (agent_id WITH =, blocked WITH &&) WHERE (status = 'booked')
);
CREATE INDEX appointments_office_day ON appointments (office_id, starts_at);

-- Appointment check-ins wait in the same queue as walk-ins; due ones go first (see domain/queue.ts).
ALTER TABLE visits ADD COLUMN appointment_starts_at timestamptz;

-- Secrets the instance creates for itself on first start (when not given by environment variables).
CREATE TABLE instance_secrets (
  name text PRIMARY KEY,
  value text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Jobs (reminders, later webhooks and deletions), worked with FOR UPDATE SKIP LOCKED by any process.
CREATE TABLE jobs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind text NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  run_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  max_attempts integer NOT NULL DEFAULT 8,
  -- Taken by a worker until then; a crashed worker's job becomes due again afterwards.
  locked_until timestamptz,
  done_at timestamptz,
  failed_at timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jobs_due ON jobs (run_at) WHERE done_at IS NULL AND failed_at IS NULL;
