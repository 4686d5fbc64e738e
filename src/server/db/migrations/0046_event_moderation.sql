-- The hosts' control over who is in an event's room (issue 17): a locked room admits no new seats (those
-- already in stay, and a page back within its reconnect time keeps its seat); a removed seat cannot come
-- back with its token, and its hand, floor and socket end at once.

ALTER TABLE events ADD COLUMN locked_at timestamptz;
ALTER TABLE event_audience ADD COLUMN removed_at timestamptz;
