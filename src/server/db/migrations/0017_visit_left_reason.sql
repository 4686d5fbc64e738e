-- Why a visit ended as left: the citizen left, or the queue let their place go after none of their tabs
-- had been connected for the grace period. The citizen is told which when they come back.
ALTER TABLE visits ADD COLUMN left_reason text CHECK (left_reason IN ('citizen', 'disconnected'));
