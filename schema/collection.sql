-- collection.sql — the trainer's collection of learning records (lentera-pack collect),
-- migration 1. Each statement is stored once under its id: its text in `statement_json`,
-- and the columns the report reads, taken out of it once when it is stored, in `statement`
-- (kept apart so the report's scans do not read the texts). A statement that comes again
-- under a known id with other content goes to `conflict`, never over the first.

CREATE TABLE statement (
  id           TEXT PRIMARY KEY,   -- statement id (lower-case UUID)
  source       TEXT NOT NULL,      -- "<device>/<file>.jsonl" or the LRS it came from
  collected    TEXT NOT NULL,      -- ISO 8601 UTC
  forwarded    TEXT,               -- when --forward's LRS accepted it
  forward_error TEXT,              -- its refusal (e.g. a 409), not tried again
  actor        TEXT NOT NULL,      -- account name (employee id)
  actor_name   TEXT NOT NULL DEFAULT '',
  unit         TEXT NOT NULL DEFAULT '',
  verb         TEXT NOT NULL,      -- last part of the verb IRI: answered, passed, …
  object       TEXT NOT NULL,      -- activity id
  object_name  TEXT NOT NULL DEFAULT '',
  object_type  TEXT NOT NULL DEFAULT '', -- last part of the type IRI: course, lesson, …
  course       TEXT NOT NULL DEFAULT '', -- the course activity id
  course_name  TEXT NOT NULL DEFAULT '',
  parent       TEXT NOT NULL DEFAULT '', -- a question's quiz
  role         TEXT NOT NULL DEFAULT '', -- pretest | posttest | practice
  registration TEXT NOT NULL DEFAULT '',
  success      INTEGER,
  score        REAL,               -- scaled 0..1
  response     TEXT,
  duration     REAL,               -- seconds
  timestamp    TEXT NOT NULL DEFAULT ''
);

CREATE TABLE statement_json (
  statement INTEGER PRIMARY KEY,   -- statement.rowid
  json      TEXT NOT NULL          -- as produced (an LRS's stored/authority removed)
);

CREATE TABLE choice (               -- what a question's choice ids mean, as last seen
  object TEXT NOT NULL,
  id     TEXT NOT NULL,
  text   TEXT NOT NULL,
  PRIMARY KEY (object, id)
) WITHOUT ROWID;

CREATE TABLE source_file (          -- sync files read (never changed once written)
  name TEXT PRIMARY KEY,            -- "<device>/<file>.jsonl"
  size INTEGER NOT NULL,
  read TEXT NOT NULL
);

CREATE TABLE conflict (
  id     TEXT NOT NULL,             -- the statement id both share
  source TEXT NOT NULL,
  json   TEXT NOT NULL,             -- the other content, kept for a person to judge
  found  TEXT NOT NULL
);

CREATE TABLE lrs_pull (             -- where the last pull from an LRS stopped
  url   TEXT PRIMARY KEY,
  since TEXT NOT NULL               -- the latest `stored` seen
);
