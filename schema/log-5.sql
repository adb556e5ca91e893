-- log-5.sql — migration 5: follow-up tests and the learner's group. An attempt at a post-test made because its
-- course's `followup` came due (days after the learner passed it) holds those days here; 0 is
-- an ordinary attempt. Ordinary attempts alone count for max_attempts and the certificate.
ALTER TABLE attempt ADD COLUMN followup INTEGER NOT NULL DEFAULT 0;
-- And the learner's training group as they picked it at sign-up (the guide's packages:
-- paket-a … paket-d, semua-staf; '' = not said): the home page lists their courses first.
ALTER TABLE learner ADD COLUMN audience TEXT NOT NULL DEFAULT '';
