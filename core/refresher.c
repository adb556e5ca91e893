/* refresher — Leitner's boxes over the log's `card` table (schema/log-6.sql).
 *
 * lt_refresher_next is the whole schedule: a pure function of the box, the answer and the
 * day, so the tests check its dates by hand. A wrong answer in a graded quiz reaches
 * lt_refresher_missed from inside log.c's answer transaction (an upsert: box 1, due
 * tomorrow); a refresher answer moves its card and queues its statement in one transaction
 * of its own (BEGIN IMMEDIATE … COMMIT through db.h, as every write of the log). */
#include "lentera/refresher.h"

#include <glib.h>
#include <string.h>

#include "db.h"
#include "log_parts.h"

static const int interval_days[LT_REFRESHER_BOXES] = {1, 3, 7, 14, 30};

int lt_refresher_interval(int box) {
  return box >= 1 && box <= LT_REFRESHER_BOXES ? interval_days[box - 1] : 0;
}

/* "YYYY-MM-DD" of `today` plus `days`, into due (11 bytes); "" when today cannot be read. */
static void add_days(const char *today, int days, char due[11]) {
  GDate d;
  g_date_clear(&d, 1);
  g_date_set_parse(&d, today);
  due[0] = '\0';
  if (strlen(today) != 10 || !g_date_valid(&d)) return;
  g_date_add_days(&d, (guint)days);
  g_snprintf(due, 11, "%04d-%02d-%02d", g_date_get_year(&d), g_date_get_month(&d),
             g_date_get_day(&d));
}

int lt_refresher_next(int box, bool right, const char *today, char due[11]) {
  int next = right ? MIN(MAX(box, 1) + 1, LT_REFRESHER_BOXES + 1) : 1;
  if (next > LT_REFRESHER_BOXES)
    due[0] = '\0';
  else
    add_days(today, lt_refresher_interval(next), due);
  return next;
}

char *lt_refresher_today(void) {
  GDateTime *now = g_date_time_new_now_local();
  char *s = g_date_time_format(now, "%Y-%m-%d");
  g_date_time_unref(now);
  return s;
}

/* The roles whose wrong answers come back: a post-test (its follow-ups are attempts at it)
 * and a practice quiz. A pre-test's are not: it asks before the course has taught them. */
static bool graded(const lt_log_where *where) {
  const char *role = where->item ? where->item->role : NULL;
  return role &&
         (!strcmp(role, "posttest") || !strcmp(role, "practice") || !strcmp(role, "followup"));
}

lt_status lt_refresher_missed(lt_log *log, int64_t learner, const lt_log_where *where,
                              const char *question_id, lt_diag_list *diags) {
  if (!graded(where)) return LT_OK;
  char *today = lt_refresher_today(), due[11];
  (void)lt_refresher_next(1, false, today, due);
  char *now = lt_db_now();
  lt_status s = lt_db_run(
      &log->db,
      lt_db_prepare(&log->db, diags,
                    "INSERT INTO card (learner_id, pack_id, quiz_id, question_id, box, due, "
                    "missed) VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6) ON CONFLICT DO UPDATE SET box = "
                    "1, due = ?5, missed = ?6",
                    "ittttt", learner, where->pack->id, where->item->id, question_id, due, now),
      diags);
  g_free(now), g_free(today);
  return s;
}

lt_refresher_card *lt_log_refresher_due(lt_log *log, int64_t learner, const char *today,
                                        size_t *out_count) {
  GArray *out = g_array_new(FALSE, TRUE, sizeof(lt_refresher_card));
  sqlite3_stmt *st = lt_db_prepare(
      &log->db, NULL,
      "SELECT pack_id, quiz_id, question_id, box, due FROM card WHERE learner_id = ? AND box <= "
      "? AND due <= ? ORDER BY due, missed, pack_id, quiz_id, question_id",
      "iit", learner, (int64_t)LT_REFRESHER_BOXES, today);
  while (st && sqlite3_step(st) == SQLITE_ROW) {
    lt_refresher_card c = {g_strdup((const char *)sqlite3_column_text(st, 0)),
                           g_strdup((const char *)sqlite3_column_text(st, 1)),
                           g_strdup((const char *)sqlite3_column_text(st, 2)),
                           sqlite3_column_int(st, 3),
                           {0}};
    g_strlcpy(c.due, (const char *)sqlite3_column_text(st, 4), sizeof c.due);
    g_array_append_val(out, c);
  }
  if (st) sqlite3_reset(st);
  *out_count = out->len;
  return (lt_refresher_card *)g_array_free(out, FALSE);
}

void lt_refresher_cards_free(lt_refresher_card *cards, size_t count) {
  for (size_t i = 0; cards && i < count; i++)
    g_free(cards[i].pack_id), g_free(cards[i].quiz_id), g_free(cards[i].question_id);
  g_free(cards);
}

void lt_log_refresher_next(lt_log *log, int64_t learner, const char *pack_id, const char *today,
                           char due[11], size_t *out_count) {
  due[0] = '\0', *out_count = 0;
  sqlite3_stmt *st = lt_db_prepare(
      &log->db, NULL,
      "SELECT due, count(*) FROM card WHERE learner_id = ?1 AND box <= ?2 AND due > ?3 AND (?4 "
      "IS NULL OR pack_id = ?4) GROUP BY due ORDER BY due LIMIT 1",
      "iitt", learner, (int64_t)LT_REFRESHER_BOXES, today, pack_id);
  if (st && sqlite3_step(st) == SQLITE_ROW) {
    g_strlcpy(due, (const char *)sqlite3_column_text(st, 0), 11);
    *out_count = (size_t)sqlite3_column_int64(st, 1);
  }
  if (st) sqlite3_reset(st);
}

void lt_log_refresher_counts(lt_log *log, int64_t learner, const char *pack_id, size_t *waiting,
                             size_t *learnt) {
  *waiting = (size_t)lt_db_scalar(
      &log->db, 0, "SELECT count(*) FROM card WHERE learner_id = ? AND pack_id = ? AND box <= ?",
      "iti", learner, pack_id, (int64_t)LT_REFRESHER_BOXES);
  *learnt = (size_t)lt_db_scalar(
      &log->db, 0, "SELECT count(*) FROM card WHERE learner_id = ? AND pack_id = ? AND box > ?",
      "iti", learner, pack_id, (int64_t)LT_REFRESHER_BOXES);
}

lt_status lt_log_refresher_answer(lt_log *log, int64_t learner, const lt_log_where *where,
                                  const char *registration, const char *question_id,
                                  const char *question_title, const lt_log_interaction *how,
                                  const char *response, double credit, const char *today,
                                  int *out_box, lt_diag_list *diags) {
  bool right = credit > 1 - 1e-9;
  lt_status s = lt_db_begin(&log->db, diags);
  if (s != LT_OK) return s;
  int box = (int)lt_db_scalar(&log->db, 0,
                              "SELECT box FROM card WHERE learner_id = ? AND pack_id = ? AND "
                              "quiz_id = ? AND question_id = ?",
                              "ittt", learner, where->pack->id, where->item->id, question_id);
  if (box < 1 || box > LT_REFRESHER_BOXES) {
    lt_diag_add(diags, LT_DIAG_ERROR, log->db.path, 0, 0, "no refresher card for %s/%s/%s",
                where->pack->id, where->item->id, question_id);
    return lt_db_end(&log->db, LT_ERR_INVALID, diags);
  }
  char due[11];
  int next = lt_refresher_next(box, right, today, due);
  s = lt_db_run(&log->db,
                lt_db_prepare(&log->db, diags,
                              "UPDATE card SET box = ?, due = ?, reviews = reviews + 1 WHERE "
                              "learner_id = ? AND pack_id = ? AND quiz_id = ? AND question_id = ?",
                              "itittt", (int64_t)next, due, learner, where->pack->id,
                              where->item->id, question_id),
                diags);
  GPtrArray *hold = g_ptr_array_new_with_free_func(g_free);
  lt_xapi_event ev;
  if (s == LT_OK && lt_log_event_for(log, learner, where, &ev, hold)) {
    char *qid = lt_xapi_activity_id(where->pack->activity_base, where->pack->id, where->item->id,
                                    question_id);
    char *quiz = g_strdup(ev.object_id);
    g_ptr_array_add(hold, qid), g_ptr_array_add(hold, quiz);
    ev.verb = LT_VERB_ANSWERED;
    ev.object_id = qid;
    ev.object_name = question_title;
    ev.object_type = LT_ACTIVITY_QUESTION;
    ev.parent_id = quiz;
    ev.registration = registration;
    ev.role = "refresher";
    ev.followup_days = 0;
    ev.leitner_box = box;
    ev.has_success = true, ev.success = right;
    if (credit > 0 && !right) ev.has_score = true, ev.score_scaled = credit;
    lt_log_set_response(&ev, how, response, hold);
    s = lt_log_queue(log, learner, &ev, diags);
  }
  g_ptr_array_free(hold, TRUE);
  s = lt_db_end(&log->db, s, diags);
  if (s == LT_OK && out_box) *out_box = next;
  return s;
}

lt_status lt_log_refresher_drop(lt_log *log, int64_t learner, const char *pack_id,
                                const char *quiz_id, const char *question_id, lt_diag_list *diags) {
  lt_status s = lt_db_begin(&log->db, diags);
  if (s != LT_OK) return s;
  s = lt_db_run(&log->db,
                lt_db_prepare(&log->db, diags,
                              "DELETE FROM card WHERE learner_id = ? AND pack_id = ? AND quiz_id "
                              "= ? AND question_id = ?",
                              "ittt", learner, pack_id, quiz_id, question_id),
                diags);
  return lt_db_end(&log->db, s, diags);
}
