/* Tests for refresher: Leitner's schedule against dates worked out by hand (month and year
 * ends, a leap day, learnt after box 5), then through a real log: which wrong answers make
 * cards (post-test, follow-up, practice; not a pre-test or a right answer), what is due on
 * which day, a refresher answer moving its card with its statement in the same
 * transaction, a second miss putting it back in box 1, and a card dropped. */
#include <sqlite3.h>
#include <stdlib.h>

#include "lentera/refresher.h"
#include "lentera/sign.h"
#include "check.h"
#include "sqlite_check.h"

static void schedule(void) {
  char due[11];
  /* the intervals, box by box */
  CHECK_INT(lt_refresher_interval(1), 1);
  CHECK_INT(lt_refresher_interval(2), 3);
  CHECK_INT(lt_refresher_interval(3), 7);
  CHECK_INT(lt_refresher_interval(4), 14);
  CHECK_INT(lt_refresher_interval(5), 30);
  CHECK_INT(lt_refresher_interval(0), 0);
  CHECK_INT(lt_refresher_interval(6), 0);
  /* one card answered right every time it is due: 2026-12-03 missed, then right on
   * 12-04 (+3 → 12-07), 12-07 (+7 → 12-14), 12-14 (+14 → 12-28), 12-28 (+30 → 2027-01-27),
   * 2027-01-27: learnt */
  CHECK_INT(lt_refresher_next(1, false, "2026-12-03", due), 1);
  CHECK_STR(due, "2026-12-04");
  CHECK_INT(lt_refresher_next(1, true, "2026-12-04", due), 2);
  CHECK_STR(due, "2026-12-07");
  CHECK_INT(lt_refresher_next(2, true, "2026-12-07", due), 3);
  CHECK_STR(due, "2026-12-14");
  CHECK_INT(lt_refresher_next(3, true, "2026-12-14", due), 4);
  CHECK_STR(due, "2026-12-28");
  CHECK_INT(lt_refresher_next(4, true, "2026-12-28", due), 5);
  CHECK_STR(due, "2027-01-27");
  CHECK_INT(lt_refresher_next(5, true, "2027-01-27", due), 6);
  CHECK_STR(due, "");
  /* wrong in any box: back to box 1, due the next day (a year's end, a leap day) */
  CHECK_INT(lt_refresher_next(4, false, "2026-12-31", due), 1);
  CHECK_STR(due, "2027-01-01");
  CHECK_INT(lt_refresher_next(5, false, "2028-02-28", due), 1);
  CHECK_STR(due, "2028-02-29");
  CHECK_INT(lt_refresher_next(3, true, "2027-02-20", due), 4);
  CHECK_STR(due, "2027-03-06");
  /* a day that is not a date gives no due date */
  CHECK_INT(lt_refresher_next(1, false, "kemarin", due), 1);
  CHECK_STR(due, "");
  char *today = lt_refresher_today();
  CHECK_INT(strlen(today), 10);
  g_free(today);
}

int main(void) {
  CHECK_INT(lt_sign_init(), LT_OK);
  schedule();
  char *dir = tmp_dir(), *db = g_build_filename(dir, "log.sqlite", NULL);
  lt_diag_list *d = lt_diag_list_new();
  lt_log *log = NULL;
  CHECK_INT(lt_log_open(db, &log, d), LT_OK);
  int64_t sari;
  CHECK_INT(lt_log_learner_add(log, "198705122010012001", "Sari Dewi", "Bidang Pelayanan", NULL,
                               NULL, &sari, d),
            LT_OK);
  const char *aud[] = {"semua-staf", NULL};
  lt_manifest_info pack = {"keamanan-dasar",
                           "1.1.0",
                           "Keamanan Dasar",
                           "id",
                           "BPSDM",
                           NULL,
                           aud,
                           "0123456789ABCDEF",
                           1,
                           NULL,
                           NULL};
  lt_manifest_item pre = {"quiz", "pretest", "Tes Awal", "quizzes/pretest.xml",
                          5,      "pretest", 0,          NULL};
  lt_manifest_item post = {"quiz", "posttest", "Tes Akhir", "quizzes/posttest.xml",
                           7,      "posttest", 3,           NULL};
  lt_manifest_item drill = {"quiz", "latihan",  "Latihan", "quizzes/latihan.xml",
                            3,      "practice", 0,         NULL};
  lt_log_where wpre = {&pack, &pre, NULL, 0, 0, false}, wpost = {&pack, &post, NULL, 0, 0, false},
               wdrill = {&pack, &drill, NULL, 0, 0, false};
  lt_log_where wfu = wpost;
  wfu.followup = 30;
  lt_log_where *wheres[] = {&wpre, &wpost, &wdrill, &wfu};
  /* per quiz: q1 wrong, q2 right */
  for (size_t i = 0; i < G_N_ELEMENTS(wheres); i++) {
    int64_t att;
    CHECK_INT(lt_log_attempt_begin(log, sari, wheres[i], "{}", &att, d), LT_OK);
    CHECK_INT(lt_log_record_answer(log, att, wheres[i], i == 3 ? "q3" : "q1", "Soal satu", NULL,
                                   "b", false, d),
              LT_OK);
    CHECK_INT(lt_log_record_answer(log, att, wheres[i], "q2", "Soal dua", NULL, "a", true, d),
              LT_OK);
  }
  /* the post-test's q1, its follow-up's q3 and the practice's q1; not the pre-test's */
  CHECK_INT(scalar(db, "SELECT count(*) FROM card"), 3);
  CHECK_INT(scalar(db, "SELECT count(*) FROM card WHERE quiz_id = 'pretest'"), 0);
  CHECK_INT(scalar(db, "SELECT count(*) FROM card WHERE question_id = 'q2'"), 0);
  CHECK_INT(scalar(db, "SELECT count(*) FROM card WHERE box = 1 AND due = date('now', "
                       "'localtime', '+1 day')"),
            3);
  char *today = lt_refresher_today(), tomorrow[11], later[11];
  (void)lt_refresher_next(1, false, today, tomorrow);
  size_t n;
  lt_refresher_card *cards = lt_log_refresher_due(log, sari, today, &n);
  CHECK_INT(n, 0); /* nothing is asked again the day it was missed */
  lt_refresher_cards_free(cards, n);
  cards = lt_log_refresher_due(log, sari, tomorrow, &n);
  CHECK_INT(n, 3);
  CHECK_STR(cards[0].pack_id, "keamanan-dasar");
  CHECK_INT(cards[0].box, 1);
  CHECK_STR(cards[0].due, tomorrow);
  lt_refresher_cards_free(cards, n);

  /* tomorrow: the post-test's q1 right → box 2, due 3 days on, with its statement */
  int box = 0;
  size_t before = (size_t)scalar(db, "SELECT count(*) FROM outbox");
  CHECK_INT(lt_log_refresher_answer(log, sari, &wpost, "8f1c63a2-6a0e-4c2b-9d7e-0c5b0b1f2a10", "q1",
                                    "Soal satu", NULL, "a", 1.0, tomorrow, &box, d),
            LT_OK);
  CHECK_INT(box, 2);
  (void)lt_refresher_next(1, true, tomorrow, later);
  char *due = text(db, "SELECT due FROM card WHERE quiz_id = 'posttest' AND question_id = 'q1'");
  CHECK_STR(due, later);
  g_free(due);
  CHECK_INT(scalar(db, "SELECT count(*) FROM outbox"), (long long)before + 1);
  char *json = text(db, "SELECT json FROM outbox ORDER BY created DESC, rowid DESC LIMIT 1");
  CHECK_CONTAINS(json, "\"verb\":{\"id\":\"http://adlnet.gov/expapi/verbs/answered\"");
  CHECK_CONTAINS(json, "\"https://lentera.invalid/xapi/role\":\"refresher\"");
  CHECK_CONTAINS(json, "\"https://lentera.invalid/xapi/leitner-box\":1");
  CHECK_CONTAINS(json, "\"registration\":\"8f1c63a2-6a0e-4c2b-9d7e-0c5b0b1f2a10\"");
  CHECK_CONTAINS(json, "\"success\":true");
  CHECK(!strstr(json, "followup-days"));
  g_free(json);
  /* the practice's q1 wrong: stays in box 1, due the day after */
  CHECK_INT(lt_log_refresher_answer(log, sari, &wdrill, "8f1c63a2-6a0e-4c2b-9d7e-0c5b0b1f2a10",
                                    "q1", "Soal satu", NULL, "c", 0.0, tomorrow, &box, d),
            LT_OK);
  CHECK_INT(box, 1);
  cards = lt_log_refresher_due(log, sari, tomorrow, &n);
  CHECK_INT(n, 1); /* the follow-up's q3 is still waiting today; the other two moved on */
  CHECK_STR(cards[0].question_id, "q3");
  lt_refresher_cards_free(cards, n);
  /* a post-test retaken and q1 missed again: back to box 1 */
  int64_t att;
  CHECK_INT(lt_log_attempt_begin(log, sari, &wpost, "{}", &att, d), LT_OK);
  CHECK_INT(lt_log_record_answer(log, att, &wpost, "q1", "Soal satu", NULL, "d", false, d), LT_OK);
  CHECK_INT(scalar(db, "SELECT box FROM card WHERE quiz_id = 'posttest' AND question_id = 'q1'"),
            1);
  size_t waiting, learnt;
  lt_log_refresher_counts(log, sari, "keamanan-dasar", &waiting, &learnt);
  CHECK_INT(waiting, 3);
  CHECK_INT(learnt, 0);
  /* no card, no answer: refused, nothing queued */
  before = (size_t)scalar(db, "SELECT count(*) FROM outbox");
  lt_diag_list *e = lt_diag_list_new();
  CHECK_INT(lt_log_refresher_answer(log, sari, &wpre, "8f1c63a2-6a0e-4c2b-9d7e-0c5b0b1f2a10", "q1",
                                    "Soal satu", NULL, "a", 1.0, tomorrow, NULL, e),
            LT_ERR_INVALID);
  lt_diag_list_free(e);
  CHECK_INT(scalar(db, "SELECT count(*) FROM outbox"), (long long)before);
  /* five right in a row and the card is learnt: never due again */
  char day[11];
  g_strlcpy(day, tomorrow, sizeof day);
  for (int k = 0; k < 5; k++) {
    CHECK_INT(lt_log_refresher_answer(log, sari, &wdrill, "8f1c63a2-6a0e-4c2b-9d7e-0c5b0b1f2a10",
                                      "q1", "Soal satu", NULL, "a", 1.0, day, &box, d),
              LT_OK);
    CHECK_INT(box, k + 2);
    due = text(db, "SELECT due FROM card WHERE quiz_id = 'latihan' AND question_id = 'q1'");
    g_strlcpy(day, due, sizeof day);
    g_free(due);
  }
  CHECK_STR(day, "");
  cards = lt_log_refresher_due(log, sari, "2099-01-01", &n);
  CHECK_INT(n, 2);
  lt_refresher_cards_free(cards, n);
  lt_log_refresher_counts(log, sari, "keamanan-dasar", &waiting, &learnt);
  CHECK_INT(waiting, 2);
  CHECK_INT(learnt, 1);
  CHECK_INT(lt_log_refresher_drop(log, sari, "keamanan-dasar", "posttest", "q3", d), LT_OK);
  CHECK_INT(scalar(db, "SELECT count(*) FROM card WHERE question_id = 'q3'"), 0);
  g_free(today);
  lt_log_free(log);
  lt_diag_list_free(d);
  g_free(db), g_free(dir);
  return check_done("test_refresher");
}
