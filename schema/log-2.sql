-- log-2.sql — migration 2: which seconds of a video were actually played.
-- `watched` holds one character a second of the video, '1' when that second was played
-- (in any session), so a video counts as watched only when 90% of it was, not skipped over.
ALTER TABLE progress ADD COLUMN watched TEXT NOT NULL DEFAULT '';
