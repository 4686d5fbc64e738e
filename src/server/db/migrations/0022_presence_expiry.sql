-- An agent's presence whose heartbeat stopped no longer counts as a served chair (issue 13): the minute
-- sweep marks it expired exactly once, whichever process runs it, and announces the office's change; a
-- heartbeat that comes back clears the mark (and announces the chair again).
ALTER TABLE agent_presence ADD COLUMN expired_at timestamptz;
