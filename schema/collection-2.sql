-- collection-2.sql — the collection's migration 2: the learner's training group (the
-- statement's audience extension: paket-a … paket-d, semua-staf; '' when not said), which
-- the report's targets count by.
ALTER TABLE statement ADD COLUMN audience TEXT NOT NULL DEFAULT '';
