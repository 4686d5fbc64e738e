-- Clerk states (issue 15): besides serving offices (agent_presence) or not (away), a clerk is available,
-- on a break (with an optional reason and expected end, for colleagues) or doing the follow-up work
-- ("Nachbearbeitung") that starts after each call. "In a call" is not stored: a live consultation says it.
-- One row per clerk, the current state only: no history of breaks is kept.
CREATE TABLE clerk_states (
  staff_id uuid PRIMARY KEY,
  tenant_id uuid NOT NULL,
  state text NOT NULL DEFAULT 'available' CHECK (state IN ('available', 'break')),
  break_reason text CHECK (length(break_reason) BETWEEN 1 AND 200),
  break_until timestamptz,
  -- Set from the app's clock when a call ends; cleared by the job that is due then, by "bereit" or by
  -- the next call. While set, the clerk serves but is not free.
  follow_up_until timestamptz,
  FOREIGN KEY (tenant_id, staff_id) REFERENCES staff (tenant_id, id) ON DELETE CASCADE,
  CHECK (state = 'break' OR (break_reason IS NULL AND break_until IS NULL))
);

-- Minutes of follow-up work after each call: per authority, and per office where it differs (NULL: the
-- authority's). 0: none.
ALTER TABLE tenants ADD COLUMN follow_up_minutes integer NOT NULL DEFAULT 2
  CHECK (follow_up_minutes BETWEEN 0 AND 60);
ALTER TABLE offices ADD COLUMN follow_up_minutes integer CHECK (follow_up_minutes BETWEEN 0 AND 60);
