-- log-6.sql — migration 6: refreshers ("Ulang singkat"). A question the learner answered
-- wrong in a post-test, one of its follow-ups or a practice quiz becomes a card in Leitner's
-- box 1; each refresher answer moves it (right: one box up, wrong: back to box 1) and sets
-- the local date it is next due: 1, 3, 7, 14 and 30 days for boxes 1 to 5. Right in box 5,
-- the card is learnt (box 6) and never due again (core/refresher.c).
CREATE TABLE card (
  learner_id  INTEGER NOT NULL REFERENCES learner(id),
  pack_id     TEXT NOT NULL,
  quiz_id     TEXT NOT NULL,
  question_id TEXT NOT NULL,
  box         INTEGER NOT NULL CHECK (box BETWEEN 1 AND 6),
  due         TEXT NOT NULL,          -- local date YYYY-MM-DD from which it is asked again
  missed      TEXT NOT NULL,          -- ISO 8601 UTC, when it was last answered wrong
  reviews     INTEGER NOT NULL DEFAULT 0, -- refresher answers given
  PRIMARY KEY (learner_id, pack_id, quiz_id, question_id)
);
CREATE INDEX card_due ON card (learner_id, due);
