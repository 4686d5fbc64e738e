-- Moderated questions and raised hands of an event's audience (issue 17). A question is plain text from
-- one seat; hosts approve, mark answered or reject it; the audience sees approved (and answered) ones and
-- upvotes each once per seat. Everything goes with its event (and its authority).

CREATE TABLE event_questions (
  id uuid NOT NULL PRIMARY KEY,
  tenant_id uuid NOT NULL,
  event_id uuid NOT NULL,
  -- The seat that asked; the question stays when the seat is gone (the page closed).
  seat_id uuid REFERENCES event_audience (id) ON DELETE SET NULL,
  text text NOT NULL CHECK (length(text) BETWEEN 1 AND 500),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'answered', 'rejected')),
  votes int NOT NULL DEFAULT 0 CHECK (votes >= 0),
  asked_at timestamptz NOT NULL,
  FOREIGN KEY (tenant_id, event_id) REFERENCES events (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX event_questions_by_event ON event_questions (event_id, asked_at);
CREATE INDEX event_questions_by_seat ON event_questions (seat_id, asked_at);

-- One upvote per seat and question; the count is kept on the question in the same transaction.
CREATE TABLE event_question_votes (
  question_id uuid NOT NULL REFERENCES event_questions (id) ON DELETE CASCADE,
  seat_id uuid NOT NULL REFERENCES event_audience (id) ON DELETE CASCADE,
  PRIMARY KEY (question_id, seat_id)
);

-- A raised hand, with the name the citizen chose to give (optional, never logged), and the floor: the
-- one seat of an event a host let speak, which alone may publish its microphone into the event's room.
ALTER TABLE event_audience
  ADD COLUMN hand_raised_at timestamptz,
  ADD COLUMN hand_name text CHECK (length(hand_name) <= 80),
  ADD COLUMN floor_granted_at timestamptz;
CREATE UNIQUE INDEX event_audience_one_floor ON event_audience (event_id) WHERE floor_granted_at IS NOT NULL;

-- The citizen's publisher id while the one given the floor speaks; null otherwise.
ALTER TABLE event_rooms ADD COLUMN floor_feed bigint;
