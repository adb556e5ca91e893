-- log-3.sql — migration 3: PIN guesses slowed down, a clock that goes back noticed.
-- After 5 wrong PINs in a row a learner's PIN is not checked again before pin_wait_until
-- (30 s, doubling with each further wrong PIN, at most an hour); a right PIN clears both.
-- last_event is the latest time any statement of the learner was stamped with: a clock
-- earlier than it (or than a pack's creation) marks the statements clock-suspect.
ALTER TABLE learner ADD COLUMN pin_failures INTEGER NOT NULL DEFAULT 0;
ALTER TABLE learner ADD COLUMN pin_wait_until TEXT;   -- ISO 8601 UTC, NULL = no wait
ALTER TABLE learner ADD COLUMN last_event TEXT;       -- ISO 8601 UTC, NULL = none yet
