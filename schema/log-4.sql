-- log-4.sql — migration 4: partial credit. An answer to a weighted question (Moodle's
-- partial fractions, imported from a question bank) earns a share of its mark: credit is
-- 0..1, NULL for answers recorded before (their credit is their correct, 0 or 1).
ALTER TABLE answer ADD COLUMN credit REAL;
