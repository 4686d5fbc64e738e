-- Solved proof-of-work challenges, each usable once (replay protection shared by every server process).
-- The scope ('office:<id>', 'service:<id>') lets the rate of recent solves raise the difficulty there.
CREATE TABLE proof_of_work_spent (
  signature text PRIMARY KEY,
  scope text NOT NULL,
  spent_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX proof_of_work_spent_scope ON proof_of_work_spent (scope, spent_at);
