-- Walk-in virtual office: visits in office queues, the consultations they lead to, agents' presence.

CREATE TABLE visits (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  office_id uuid NOT NULL,
  kind text NOT NULL DEFAULT 'walk_in' CHECK (kind IN ('walk_in', 'appointment')),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 60),
  concern text NOT NULL DEFAULT '' CHECK (length(concern) <= 500),
  audio_only boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'in_consultation', 'done', 'left')),
  -- Queue order follows the first arrival; a transfer keeps it, so nobody loses their place.
  arrived_at timestamptz NOT NULL DEFAULT now(),
  -- When the visit entered its current office's queue (differs from arrived_at after a transfer).
  queued_at timestamptz NOT NULL DEFAULT now(),
  -- Seconds waited in earlier queues, before the current one.
  waited_seconds integer NOT NULL DEFAULT 0,
  transfer_note text CHECK (length(transfer_note) <= 500),
  transferred_from_office_id uuid,
  resume_token_hash text NOT NULL UNIQUE,
  ended_at timestamptz,
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, office_id) REFERENCES offices (tenant_id, id),
  FOREIGN KEY (tenant_id, transferred_from_office_id) REFERENCES offices (tenant_id, id)
);
CREATE INDEX visits_waiting ON visits (office_id, arrived_at, id) WHERE status = 'waiting';

CREATE TABLE consultations (
  id uuid NOT NULL DEFAULT gen_random_uuid() PRIMARY KEY,
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  visit_id uuid NOT NULL,
  office_id uuid NOT NULL,
  agent_id uuid,
  started_at timestamptz NOT NULL DEFAULT now(),
  ended_at timestamptz,
  end_reason text CHECK (end_reason IN ('completed', 'transferred', 'citizen_left')),
  UNIQUE (tenant_id, id),
  FOREIGN KEY (tenant_id, visit_id) REFERENCES visits (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, office_id) REFERENCES offices (tenant_id, id),
  FOREIGN KEY (tenant_id, agent_id) REFERENCES staff (tenant_id, id) ON DELETE SET NULL (agent_id),
  CHECK (ended_at IS NULL OR ended_at >= started_at)
);
-- One live call per visit and per agent: a double click or two agents calling at once cannot break this.
CREATE UNIQUE INDEX consultations_live_visit ON consultations (visit_id) WHERE ended_at IS NULL;
CREATE UNIQUE INDEX consultations_live_agent ON consultations (agent_id) WHERE ended_at IS NULL;
CREATE INDEX consultations_recent ON consultations (office_id, ended_at DESC) WHERE ended_at IS NOT NULL;

-- Which offices an agent serves right now; only offices the agent is assigned to.
CREATE TABLE agent_presence (
  tenant_id uuid NOT NULL,
  staff_id uuid NOT NULL,
  office_id uuid NOT NULL,
  since timestamptz NOT NULL DEFAULT now(),
  -- Refreshed by the agent's open workspace; stale rows no longer count as a served chair.
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (staff_id, office_id),
  FOREIGN KEY (staff_id, office_id) REFERENCES staff_offices (staff_id, office_id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, office_id) REFERENCES offices (tenant_id, id) ON DELETE CASCADE
);
