-- collection-3.sql — the collection's migration 3: the attempt-sequence extension (the
-- player log's own count of a learner's attempts at a quiz, on answers and completed tests)
-- as a column, so the report finds each learner's first attempt without reading the
-- statements' texts. Statements collected before this migration get it from their text here,
-- once; NULL where the statement has none (older players: the report orders those by time).
ALTER TABLE statement ADD COLUMN attempt INTEGER;
UPDATE statement SET attempt = (
  SELECT json_extract(j.json, '$.context.extensions."https://lentera.invalid/xapi/attempt-sequence"')
  FROM statement_json j WHERE j.statement = statement.rowid)
WHERE verb IN ('answered', 'completed');
