-- log.sql — the player's local learning log (<data-dir>/log.sqlite), migration 1.
-- SQLite in WAL mode; answers are committed with synchronous=FULL. Every event row is
-- written in the same transaction as its xAPI statement in `outbox`, whose `json` holds
-- the exact bytes that are sent (an LRS compares bytes: a resend must not change them).
-- PRAGMA user_version is the number of the last migration applied.

CREATE TABLE device (
  key   TEXT PRIMARY KEY,           -- 'id': this installation's UUID
  value TEXT NOT NULL
);

CREATE TABLE learner (
  id          INTEGER PRIMARY KEY,
  employee_id TEXT NOT NULL UNIQUE, -- NIP or other staff number: the xAPI account name
  name        TEXT NOT NULL,
  unit        TEXT NOT NULL DEFAULT '',
  pin_hash    TEXT,                 -- Argon2id (libsodium crypto_pwhash_str), NULL = no PIN
  created     TEXT NOT NULL         -- ISO 8601 UTC
);

CREATE TABLE progress (             -- one row per learner and item
  learner_id     INTEGER NOT NULL REFERENCES learner(id),
  pack_id        TEXT NOT NULL,
  item_id        TEXT NOT NULL,
  state          TEXT NOT NULL CHECK (state IN ('started', 'completed')),
  position       REAL NOT NULL DEFAULT 0,   -- scroll offset or video time, to resume
  active_seconds REAL NOT NULL DEFAULT 0,
  updated        TEXT NOT NULL,
  PRIMARY KEY (learner_id, pack_id, item_id)
);

CREATE TABLE attempt (
  id           INTEGER PRIMARY KEY,
  uuid         TEXT NOT NULL UNIQUE,   -- xAPI context.registration
  learner_id   INTEGER NOT NULL REFERENCES learner(id),
  pack_id      TEXT NOT NULL,
  pack_version TEXT NOT NULL,
  quiz_id      TEXT NOT NULL,
  number       INTEGER NOT NULL,       -- 1 for the learner's first attempt at this quiz
  choice_order TEXT NOT NULL DEFAULT '{}', -- JSON {question id: "cab"}: the shuffle shown
  started      TEXT NOT NULL,
  finished     TEXT,                   -- NULL while in progress (resumed after a crash)
  score        REAL,                   -- 0..1
  passed       INTEGER
);

CREATE TABLE answer (
  attempt_id  INTEGER NOT NULL REFERENCES attempt(id),
  question_id TEXT NOT NULL,
  response    TEXT NOT NULL,           -- choice ids "a,c" (statements: "a[,]c") or the typed text
  correct     INTEGER NOT NULL,
  answered    TEXT NOT NULL,
  PRIMARY KEY (attempt_id, question_id)
);

CREATE TABLE outbox (
  id       TEXT PRIMARY KEY,           -- statement id, lower-case UUID
  json     TEXT NOT NULL,              -- exact bytes sent
  created  TEXT NOT NULL,
  exported TEXT,                       -- when written to a sync folder
  sent     TEXT,                       -- when an LRS accepted it
  error    TEXT                        -- last refusal (e.g. 409), kept for the report
);

CREATE INDEX outbox_pending ON outbox (created) WHERE sent IS NULL;
