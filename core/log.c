/* log — SQLite learning log with an xAPI outbox.
 *
 * Opening sets WAL and synchronous=FULL, then applies the numbered migrations (migration 1
 * is schema/log.sql, compiled in) inside a transaction each, bumping user_version. Every
 * recording function runs BEGIN IMMEDIATE … COMMIT around the event row(s) and the
 * statement row(s), so both are there or neither. Statements are built by xapi.c; the text
 * stored is the text sent. All SQL uses prepared statements with bound parameters. */
#include "lentera/log.h"

#include <errno.h>
#include <math.h>
#include <glib.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lentera/file.h"
#include "lentera/schema.h"
#include "lentera/sign.h"
#include "lentera/xapi.h"
#include "db.h"

struct lt_log {
  lt_db db;
  char device[37];
};

lt_status lt_log_open(const char *path, lt_log **out, lt_diag_list *diags) {
  lt_log *log = g_new0(lt_log, 1);
  const char *migrations[] = {lt_schema_text("log.sql", NULL), lt_schema_text("log-2.sql", NULL)};
  lt_status s =
      lt_db_open(&log->db, path, "the log",
                 "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
                 migrations, (int)(sizeof migrations / sizeof *migrations), diags);
  if (s != LT_OK) {
    g_free(log);
    return s;
  }
  sqlite3_stmt *st =
      lt_db_prepare(&log->db, diags, "SELECT value FROM device WHERE key = 'id'", "");
  if (st && sqlite3_step(st) == SQLITE_ROW)
    g_strlcpy(log->device, (const char *)sqlite3_column_text(st, 0), sizeof log->device);
  sqlite3_reset(st);
  if (!log->device[0]) {
    lt_xapi_uuid(log->device);
    s = lt_db_run(&log->db,
                  lt_db_prepare(&log->db, diags, "INSERT INTO device (key, value) VALUES ('id', ?)",
                                "t", log->device),
                  diags);
  }
  if (s != LT_OK) {
    lt_log_free(log);
    return s;
  }
  *out = log;
  return LT_OK;
}

void lt_log_free(lt_log *log) {
  if (!log) return;
  lt_db_close(&log->db);
  g_free(log);
}

const char *lt_log_device_id(const lt_log *log) { return log->device; }

/* ---- learners ---- */

lt_status lt_log_learner_add(lt_log *log, const char *employee_id, const char *name,
                             const char *unit, const char *pin, int64_t *out_id,
                             lt_diag_list *diags) {
  char *hash = NULL, *now = lt_db_now();
  if (pin && *pin && lt_sign_pin_hash(pin, &hash) != LT_OK) {
    g_free(now);
    return LT_ERR_NOMEM;
  }
  sqlite3_stmt *st =
      lt_db_prepare(&log->db, diags,
                    "INSERT INTO learner (employee_id, name, unit, pin_hash, created) "
                    "VALUES (?, ?, ?, ?, ?)",
                    "ttttt", employee_id, name, unit ? unit : "", hash ? hash : NULL, now);
  lt_status s = LT_ERR_IO;
  if (st) {
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
      s = LT_OK;
      if (out_id) *out_id = sqlite3_last_insert_rowid(log->db.db);
    } else if (rc == SQLITE_CONSTRAINT) {
      lt_diag_add(diags, LT_DIAG_ERROR, NULL, 0, 0, "a learner with employee id '%s' exists",
                  employee_id);
      s = LT_ERR_EXISTS;
    } else {
      s = lt_db_fail(&log->db, diags, "cannot add the learner");
    }
    sqlite3_reset(st);
  }
  free(hash);
  g_free(now);
  return s;
}

static void read_learner(sqlite3_stmt *st, lt_log_learner *l) {
  l->id = sqlite3_column_int64(st, 0);
  l->employee_id = g_strdup((const char *)sqlite3_column_text(st, 1));
  l->name = g_strdup((const char *)sqlite3_column_text(st, 2));
  l->unit = g_strdup((const char *)sqlite3_column_text(st, 3));
  l->has_pin = sqlite3_column_type(st, 4) != SQLITE_NULL;
}

lt_status lt_log_learner_find(lt_log *log, const char *employee_id, lt_log_learner *out) {
  sqlite3_stmt *st = lt_db_prepare(&log->db, NULL,
                                   "SELECT id, employee_id, name, unit, pin_hash FROM learner "
                                   "WHERE employee_id = ?",
                                   "t", employee_id);
  lt_status s = LT_ERR_INVALID;
  if (st && sqlite3_step(st) == SQLITE_ROW) {
    read_learner(st, out);
    s = LT_OK;
  }
  sqlite3_reset(st);
  return s;
}

lt_status lt_log_learner_check_pin(lt_log *log, int64_t learner, const char *pin, bool *out_ok) {
  sqlite3_stmt *st =
      lt_db_prepare(&log->db, NULL, "SELECT pin_hash FROM learner WHERE id = ?", "i", learner);
  lt_status s = LT_ERR_INVALID;
  if (st && sqlite3_step(st) == SQLITE_ROW) {
    const char *hash = (const char *)sqlite3_column_text(st, 0);
    *out_ok = !hash || (pin && lt_sign_pin_verify(hash, pin));
    s = LT_OK;
  }
  sqlite3_reset(st);
  return s;
}

lt_status lt_log_learners(lt_log *log, lt_log_learner **out, size_t *out_count) {
  sqlite3_stmt *st = lt_db_prepare(&log->db, NULL,
                                   "SELECT id, employee_id, name, unit, pin_hash FROM learner "
                                   "ORDER BY name COLLATE NOCASE",
                                   "");
  if (!st) return LT_ERR_IO;
  GArray *a = g_array_new(FALSE, TRUE, sizeof(lt_log_learner));
  while (sqlite3_step(st) == SQLITE_ROW) {
    lt_log_learner l;
    read_learner(st, &l);
    g_array_append_val(a, l);
  }
  sqlite3_reset(st);
  *out_count = a->len;
  *out = (lt_log_learner *)(void *)g_array_free(a, FALSE);
  return LT_OK;
}

void lt_log_learner_clear(lt_log_learner *l) {
  g_free(l->employee_id);
  g_free(l->name);
  g_free(l->unit);
  memset(l, 0, sizeof *l);
}

void lt_log_learners_free(lt_log_learner *list, size_t count) {
  for (size_t i = 0; list && i < count; i++)
    lt_log_learner_clear(&list[i]);
  g_free(list);
}

/* ---- statements ---- */

/* Fills the actor and object of `ev` for `learner` and `where`; *hold keeps the strings. */
static bool event_for(lt_log *log, int64_t learner, const lt_log_where *where, lt_xapi_event *ev,
                      GPtrArray *hold) {
  sqlite3_stmt *st = lt_db_prepare(
      &log->db, NULL, "SELECT name, employee_id, unit FROM learner WHERE id = ?", "i", learner);
  if (!st || sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_reset(st);
    return false;
  }
  char *name = g_strdup((const char *)sqlite3_column_text(st, 0));
  char *account = g_strdup((const char *)sqlite3_column_text(st, 1));
  char *unit = g_strdup((const char *)sqlite3_column_text(st, 2));
  sqlite3_reset(st);
  char *id = g_malloc(37), *now = lt_db_now();
  lt_xapi_uuid(id);
  char *object = lt_xapi_activity_id(where->pack->activity_base, where->pack->id,
                                     where->item ? where->item->id : NULL, NULL);
  char *course = lt_xapi_activity_id(where->pack->activity_base, where->pack->id, NULL, NULL);
  g_ptr_array_add(hold, name), g_ptr_array_add(hold, account), g_ptr_array_add(hold, id);
  g_ptr_array_add(hold, now), g_ptr_array_add(hold, object), g_ptr_array_add(hold, course);
  g_ptr_array_add(hold, unit);
  memset(ev, 0, sizeof *ev);
  ev->id = id;
  ev->timestamp = now;
  ev->actor_name = name;
  ev->actor_account = account;
  ev->actor_homepage = where->homepage ? where->homepage : LT_XAPI_DEFAULT_HOMEPAGE;
  ev->lang = where->pack->language;
  ev->object_id = object;
  ev->object_name = where->item ? where->item->title : where->pack->title;
  ev->object_type = !where->item                         ? LT_ACTIVITY_COURSE
                    : !strcmp(where->item->kind, "quiz") ? LT_ACTIVITY_ASSESSMENT
                                                         : LT_ACTIVITY_LESSON;
  ev->course_id = course;
  ev->course_name = where->pack->title;
  ev->unit = unit;
  ev->role = where->item ? where->item->role : NULL;
  ev->duration_seconds = -1;
  return true;
}

LT_MUST_CHECK static lt_status queue(lt_log *log, const lt_xapi_event *ev, lt_diag_list *diags) {
  char *json = lt_xapi_statement(ev);
  lt_status s = lt_db_run(&log->db,
                          lt_db_prepare(&log->db, diags,
                                        "INSERT INTO outbox (id, json, created) VALUES (?, ?, ?)",
                                        "ttt", ev->id, json, ev->timestamp),
                          diags);
  free(json);
  return s;
}

/* ---- progress ---- */

lt_status lt_log_progress_get(lt_log *log, int64_t learner, const char *pack_id,
                              const char *item_id, int *out_state, double *out_position) {
  sqlite3_stmt *st = lt_db_prepare(&log->db, NULL,
                                   "SELECT state, position FROM progress WHERE learner_id = ? AND "
                                   "pack_id = ? AND item_id = ?",
                                   "itt", learner, pack_id, item_id);
  if (!st) return LT_ERR_IO;
  *out_state = 0;
  *out_position = 0;
  if (sqlite3_step(st) == SQLITE_ROW) {
    *out_state = strcmp((const char *)sqlite3_column_text(st, 0), "completed") ? 1 : 2;
    *out_position = sqlite3_column_double(st, 1);
  }
  sqlite3_reset(st);
  return LT_OK;
}

char *lt_log_video_watched(lt_log *log, int64_t learner, const char *pack_id, const char *item_id) {
  sqlite3_stmt *st = lt_db_prepare(&log->db, NULL,
                                   "SELECT watched FROM progress WHERE learner_id = ? AND "
                                   "pack_id = ? AND item_id = ?",
                                   "itt", learner, pack_id, item_id);
  char *w = st && sqlite3_step(st) == SQLITE_ROW
                ? g_strdup((const char *)sqlite3_column_text(st, 0))
                : g_strdup("");
  if (st) sqlite3_reset(st);
  return w;
}

/* One progress step; with `watched` (a video) the seconds played are merged with those
 * stored and completion follows from them. */
LT_MUST_CHECK static lt_status progress_step(lt_log *log, int64_t learner,
                                             const lt_log_where *where, double position,
                                             double active_seconds, bool completed,
                                             const char *watched, double duration,
                                             double *out_share, lt_diag_list *diags) {
  int state;
  double old_pos;
  lt_status s =
      lt_log_progress_get(log, learner, where->pack->id, where->item->id, &state, &old_pos);
  if (s != LT_OK || (s = lt_db_begin(&log->db, diags)) != LT_OK) return s;
  char *merged = NULL;
  double share = 0;
  if (watched) {
    char *stored = lt_log_video_watched(log, learner, where->pack->id, where->item->id);
    size_t n = MAX(strlen(stored), strlen(watched)), ones = 0;
    merged = g_malloc0(n + 1);
    for (size_t i = 0; i < n; i++) {
      bool on =
          (i < strlen(stored) && stored[i] == '1') || (i < strlen(watched) && watched[i] == '1');
      merged[i] = on ? '1' : '0';
      ones += on;
    }
    g_free(stored);
    double seconds = duration > 1 ? ceil(duration) : 1;
    share = MIN(1.0, (double)ones / seconds);
    completed = share >= 0.9;
    if (out_share) *out_share = share;
  }
  char *now = lt_db_now();
  bool newly_done = completed && state != 2;
  s = lt_db_run(
      &log->db,
      lt_db_prepare(&log->db, diags,
                    "INSERT INTO progress (learner_id, pack_id, item_id, state, position, "
                    "active_seconds, updated, watched) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                    "ON CONFLICT (learner_id, pack_id, item_id) DO UPDATE SET "
                    "state = CASE WHEN state = 'completed' THEN state ELSE excluded.state END, "
                    "position = excluded.position, active_seconds = active_seconds + "
                    "excluded.active_seconds, updated = excluded.updated, watched = CASE WHEN "
                    "excluded.watched = '' THEN watched ELSE excluded.watched END",
                    "itttddtt", learner, where->pack->id, where->item->id,
                    completed ? "completed" : "started", position, active_seconds, now,
                    merged ? merged : ""),
      diags);
  g_free(now);
  g_free(merged);
  GPtrArray *hold = g_ptr_array_new_with_free_func(g_free);
  lt_xapi_event ev;
  if (s == LT_OK && state == 0 && event_for(log, learner, where, &ev, hold)) {
    ev.verb = LT_VERB_EXPERIENCED;
    s = queue(log, &ev, diags);
  }
  if (s == LT_OK && newly_done && event_for(log, learner, where, &ev, hold)) {
    ev.verb = LT_VERB_COMPLETED;
    ev.has_completion = ev.completion = true;
    if (watched) ev.has_watched = true, ev.watched = round(share * 1000) / 1000;
    sqlite3_stmt *st = lt_db_prepare(&log->db, diags,
                                     "SELECT active_seconds FROM progress WHERE learner_id = ? AND "
                                     "pack_id = ? AND item_id = ?",
                                     "itt", learner, where->pack->id, where->item->id);
    if (st && sqlite3_step(st) == SQLITE_ROW) ev.duration_seconds = sqlite3_column_double(st, 0);
    sqlite3_reset(st);
    s = queue(log, &ev, diags);
  }
  g_ptr_array_free(hold, TRUE);
  return lt_db_end(&log->db, s, diags);
}

lt_status lt_log_progress(lt_log *log, int64_t learner, const lt_log_where *where, double position,
                          double active_seconds, bool completed, lt_diag_list *diags) {
  return progress_step(log, learner, where, position, active_seconds, completed, NULL, 0, NULL,
                       diags);
}

lt_status lt_log_video_progress(lt_log *log, int64_t learner, const lt_log_where *where,
                                double position, double duration, const char *watched,
                                double active_seconds, double *out_share, lt_diag_list *diags) {
  return progress_step(log, learner, where, position, active_seconds, false, watched, duration,
                       out_share, diags);
}

/* ---- quizzes ---- */

lt_status lt_log_attempt_begin(lt_log *log, int64_t learner, const lt_log_where *where,
                               const char *choice_order, int64_t *out_attempt,
                               lt_diag_list *diags) {
  lt_status s = lt_db_begin(&log->db, diags);
  if (s != LT_OK) return s;
  char uuid[37], *now = lt_db_now();
  lt_xapi_uuid(uuid);
  int number = lt_log_attempt_count(log, learner, where->pack->id, where->item->id) + 1;
  s = lt_db_run(
      &log->db,
      lt_db_prepare(
          &log->db, diags,
          "INSERT INTO attempt (uuid, learner_id, pack_id, pack_version, quiz_id, number, "
          "choice_order, started) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          "titttitt", uuid, learner, where->pack->id, where->pack->version, where->item->id,
          (int64_t)number, choice_order ? choice_order : "{}", now),
      diags);
  int64_t id = sqlite3_last_insert_rowid(log->db.db);
  g_free(now);
  GPtrArray *hold = g_ptr_array_new_with_free_func(g_free);
  lt_xapi_event ev;
  if (s == LT_OK && event_for(log, learner, where, &ev, hold)) {
    ev.verb = LT_VERB_ATTEMPTED;
    ev.registration = uuid;
    s = queue(log, &ev, diags);
  }
  g_ptr_array_free(hold, TRUE);
  s = lt_db_end(&log->db, s, diags);
  if (s == LT_OK) *out_attempt = id;
  return s;
}

int64_t lt_log_attempt_unfinished(lt_log *log, int64_t learner, const char *pack_id,
                                  const char *quiz_id) {
  return lt_db_scalar(
      &log->db, 0,
      "SELECT id FROM attempt WHERE learner_id = ? AND pack_id = ? AND quiz_id = ? AND "
      "finished IS NULL ORDER BY id DESC LIMIT 1",
      "itt", learner, pack_id, quiz_id);
}

char *lt_log_attempt_choice_order(lt_log *log, int64_t attempt) {
  sqlite3_stmt *st =
      lt_db_prepare(&log->db, NULL, "SELECT choice_order FROM attempt WHERE id = ?", "i", attempt);
  char *out = st && sqlite3_step(st) == SQLITE_ROW
                  ? strdup((const char *)sqlite3_column_text(st, 0))
                  : NULL;
  sqlite3_reset(st);
  return out;
}

int lt_log_attempt_count(lt_log *log, int64_t learner, const char *pack_id, const char *quiz_id) {
  return (int)lt_db_scalar(&log->db, 0,
                           "SELECT count(*) FROM attempt WHERE learner_id = ? AND pack_id = ? AND "
                           "quiz_id = ? AND finished IS NOT NULL",
                           "itt", learner, pack_id, quiz_id);
}

bool lt_log_answered(lt_log *log, int64_t attempt, const char *question_id) {
  return lt_db_scalar(&log->db, 0, "SELECT 1 FROM answer WHERE attempt_id = ? AND question_id = ?",
                      "it", attempt, question_id) == 1;
}

/* The learner and registration of an attempt. */
static bool attempt_owner(lt_log *log, int64_t attempt, int64_t *learner, char uuid[37]) {
  sqlite3_stmt *st = lt_db_prepare(
      &log->db, NULL, "SELECT learner_id, uuid FROM attempt WHERE id = ?", "i", attempt);
  bool ok = st && sqlite3_step(st) == SQLITE_ROW;
  if (ok) {
    *learner = sqlite3_column_int64(st, 0);
    g_strlcpy(uuid, (const char *)sqlite3_column_text(st, 1), 37);
  }
  sqlite3_reset(st);
  return ok;
}

lt_status lt_log_record_answer(lt_log *log, int64_t attempt, const lt_log_where *where,
                               const char *question_id, const char *question_title,
                               const lt_log_interaction *how, const char *response, bool correct,
                               lt_diag_list *diags) {
  int64_t learner;
  char uuid[37];
  if (!attempt_owner(log, attempt, &learner, uuid)) return LT_ERR_INVALID;
  lt_status s = lt_db_begin(&log->db, diags);
  if (s != LT_OK) return s;
  if (lt_db_scalar(&log->db, 0, "SELECT finished IS NOT NULL FROM attempt WHERE id = ?", "i",
                   attempt)) {
    lt_diag_add(diags, LT_DIAG_ERROR, log->db.path, 0, 0, "attempt %lld is already finished",
                (long long)attempt);
    return lt_db_end(&log->db, LT_ERR_INVALID, diags);
  }
  char *now = lt_db_now();
  s = lt_db_run(
      &log->db,
      lt_db_prepare(&log->db, diags,
                    "INSERT INTO answer (attempt_id, question_id, response, correct, answered) "
                    "VALUES (?, ?, ?, ?, ?)",
                    "ittit", attempt, question_id, response, (int64_t)correct, now),
      diags);
  g_free(now);
  GPtrArray *hold = g_ptr_array_new_with_free_func(g_free);
  lt_xapi_event ev;
  if (s == LT_OK && event_for(log, learner, where, &ev, hold)) {
    char *qid = lt_xapi_activity_id(where->pack->activity_base, where->pack->id, where->item->id,
                                    question_id);
    char *quiz = g_strdup(ev.object_id);
    g_ptr_array_add(hold, qid), g_ptr_array_add(hold, quiz);
    ev.verb = LT_VERB_ANSWERED;
    ev.object_id = qid;
    ev.object_name = question_title;
    ev.object_type = LT_ACTIVITY_QUESTION;
    ev.parent_id = quiz;
    ev.registration = uuid;
    ev.has_success = true;
    ev.success = correct;
    ev.response = response;
    char *listed = NULL; /* xAPI lists several choices as "a[,]c" */
    if (how && how->type && !strcmp(how->type, "choice") && strchr(response, ',')) {
      char **ids = g_strsplit(response, ",", -1);
      ev.response = listed = g_strjoinv("[,]", ids);
      g_strfreev(ids);
      g_ptr_array_add(hold, listed);
    }
    if (how) {
      ev.interaction = how->type;
      ev.choice_count = how->count;
      ev.choice_ids = how->ids;
      ev.choice_texts = how->texts;
    }
    s = queue(log, &ev, diags);
  }
  g_ptr_array_free(hold, TRUE);
  return lt_db_end(&log->db, s, diags);
}

lt_status lt_log_attempt_finish(lt_log *log, int64_t attempt, const lt_log_where *where,
                                long questions, long pass_percent, double *out_score,
                                bool *out_passed, lt_diag_list *diags) {
  int64_t learner;
  char uuid[37];
  if (!attempt_owner(log, attempt, &learner, uuid)) return LT_ERR_INVALID;
  sqlite3_stmt *st = lt_db_prepare(
      &log->db, diags, "SELECT coalesce(sum(correct), 0) FROM answer WHERE attempt_id = ?", "i",
      attempt);
  long right = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
  sqlite3_reset(st);
  double score = questions > 0 ? (double)right / (double)questions : 0;
  bool graded = where->item->role && !strcmp(where->item->role, "posttest");
  bool passed = score * 100.0 + 1e-9 >= (double)pass_percent;
  lt_status s = lt_db_begin(&log->db, diags);
  if (s != LT_OK) return s;
  char *now = lt_db_now();
  s = lt_db_run(
      &log->db,
      lt_db_prepare(&log->db, diags,
                    "UPDATE attempt SET finished = ?, score = ?, passed = ? WHERE id = ? AND "
                    "finished IS NULL",
                    "tdii", now, score, (int64_t)passed, attempt),
      diags);
  g_free(now);
  if (s == LT_OK && sqlite3_changes(log->db.db) != 1) { /* finished already (another window?) */
    lt_diag_add(diags, LT_DIAG_ERROR, log->db.path, 0, 0, "attempt %lld is already finished",
                (long long)attempt);
    s = LT_ERR_INVALID;
  }
  GPtrArray *hold = g_ptr_array_new_with_free_func(g_free);
  lt_xapi_event ev;
  if (s == LT_OK && event_for(log, learner, where, &ev, hold)) {
    ev.verb = graded ? (passed ? LT_VERB_PASSED : LT_VERB_FAILED) : LT_VERB_COMPLETED;
    ev.registration = uuid;
    ev.has_score = true;
    ev.score_scaled = score;
    ev.score_raw = (double)right;
    ev.score_max = (double)questions;
    ev.has_completion = ev.completion = true;
    if (graded) ev.has_success = true, ev.success = passed;
    s = queue(log, &ev, diags);
  }
  g_ptr_array_free(hold, TRUE);
  s = lt_db_end(&log->db, s, diags);
  if (s == LT_OK) {
    *out_score = score;
    *out_passed = passed;
  }
  return s;
}

/* ---- export ---- */

size_t lt_log_unexported(lt_log *log) {
  return (size_t)lt_db_scalar(&log->db, 0, "SELECT count(*) FROM outbox WHERE exported IS NULL",
                              "");
}

lt_status lt_log_export(lt_log *log, const char *dir, size_t *out_count, lt_diag_list *diags) {
  *out_count = 0;
  sqlite3_stmt *st =
      lt_db_prepare(&log->db, diags,
                    "SELECT id, json FROM outbox WHERE exported IS NULL ORDER BY created, id", "");
  if (!st) return LT_ERR_IO;
  GString *lines = g_string_new(NULL);
  GPtrArray *ids = g_ptr_array_new_with_free_func(g_free);
  while (sqlite3_step(st) == SQLITE_ROW) {
    g_ptr_array_add(ids, g_strdup((const char *)sqlite3_column_text(st, 0)));
    g_string_append_printf(lines, "%s\n", (const char *)sqlite3_column_text(st, 1));
  }
  sqlite3_reset(st);
  lt_status s = LT_OK;
  if (ids->len) {
    char *folder = g_build_filename(dir, "lentera-sync", log->device, NULL);
    GDateTime *t = g_date_time_new_now_utc();
    char *stamp = g_date_time_format(t, "%Y%m%dT%H%M%SZ");
    char *name = g_strdup_printf("%s-%06d.jsonl", stamp, g_date_time_get_microsecond(t));
    char *path = g_build_filename(folder, name, NULL);
    g_date_time_unref(t);
    if (g_mkdir_with_parents(folder, 0755) != 0) {
      lt_diag_add(diags, LT_DIAG_ERROR, folder, 0, 0, "cannot create: %s", g_strerror(errno));
      s = LT_ERR_IO;
    }
    /* the file is durable under its final name before any statement is marked exported */
    if (s == LT_OK) s = lt_file_write_atomic(path, lines->str, lines->len, 0644, false, diags);
    if (s == LT_OK && (s = lt_db_begin(&log->db, diags)) == LT_OK) {
      char *now = lt_db_now();
      for (guint i = 0; i < ids->len && s == LT_OK; i++)
        s = lt_db_run(&log->db,
                      lt_db_prepare(&log->db, diags, "UPDATE outbox SET exported = ? WHERE id = ?",
                                    "tt", now, ids->pdata[i]),
                      diags);
      g_free(now);
      s = lt_db_end(&log->db, s, diags);
    }
    if (s == LT_OK) *out_count = ids->len;
    g_free(folder), g_free(stamp), g_free(name), g_free(path);
  }
  g_ptr_array_free(ids, TRUE);
  g_string_free(lines, TRUE);
  return s;
}

/* ---- sync to an LRS ---- */

size_t lt_log_pending(lt_log *log) {
  return (size_t)lt_db_scalar(
      &log->db, 0, "SELECT count(*) FROM outbox WHERE sent IS NULL AND error IS NULL", "");
}

static size_t outbox_next(void *ctx, size_t max, char **ids, char **jsons) {
  lt_log *log = ctx;
  return lt_db_take_batch(lt_db_prepare(&log->db, NULL,
                                        "SELECT id, json FROM outbox WHERE sent IS NULL AND "
                                        "error IS NULL ORDER BY created, id LIMIT ?",
                                        "i", (int64_t)max),
                          max, ids, jsons, NULL);
}

LT_MUST_CHECK static lt_status outbox_sent(void *ctx, char *const *ids, size_t n) {
  lt_log *log = ctx;
  return lt_db_mark_each(&log->db, "UPDATE outbox SET sent = ? WHERE id = ?", ids, n);
}

LT_MUST_CHECK static lt_status outbox_refused(void *ctx, const char *id, const char *why) {
  lt_log *log = ctx;
  return lt_db_run(
      &log->db,
      lt_db_prepare(&log->db, NULL, "UPDATE outbox SET error = ? WHERE id = ?", "tt", why, id),
      NULL);
}

LT_MUST_CHECK static lt_status set_device(lt_log *log, const char *key, const char *value,
                                          lt_diag_list *diags) {
  return lt_db_run(
      &log->db,
      lt_db_prepare(&log->db, NULL,
                    "INSERT INTO device (key, value) VALUES (?, ?) ON CONFLICT (key) DO "
                    "UPDATE SET value = excluded.value",
                    "tt", key, value),
      diags);
}

static char *get_device(lt_log *log, const char *key) {
  sqlite3_stmt *st =
      lt_db_prepare(&log->db, NULL, "SELECT value FROM device WHERE key = ?", "t", key);
  char *v = st && sqlite3_step(st) == SQLITE_ROW
                ? g_strdup((const char *)sqlite3_column_text(st, 0))
                : NULL;
  if (st) sqlite3_reset(st);
  return v;
}

void lt_log_sync(lt_log *log, const lt_lrs *lrs, lt_lrs_progress_fn fn, void *user,
                 lt_lrs_result *out, lt_diag_list *diags) {
  lt_lrs_queue q = {log, outbox_next, outbox_sent, outbox_refused};
  lt_lrs_push(lrs, &q, lt_log_pending(log), fn, user, out, diags);
  /* the sync screen's "last success / last error": what the push did is already durable in
   * the outbox, so a failure here is said as a warning, not turned into a failed push */
  lt_status s = LT_OK;
  if (out->outcome == LT_LRS_DONE) {
    char *now = lt_db_now();
    s = set_device(log, "sync_last_success", now, diags);
    g_free(now);
    if (s == LT_OK)
      s = lt_db_run(
          &log->db,
          lt_db_prepare(&log->db, diags, "DELETE FROM device WHERE key = 'sync_last_error'", ""),
          diags);
  } else if (out->outcome != LT_LRS_CANCELLED) {
    char *e = g_strdup_printf("%d %s", (int)out->outcome, out->detail);
    s = set_device(log, "sync_last_error", e, diags);
    g_free(e);
  }
  if (s != LT_OK)
    lt_diag_add(diags, LT_DIAG_WARNING, log->db.path, 0, 0,
                "the time of this sync could not be noted in the log");
}

void lt_log_sync_status(lt_log *log, lt_log_sync_state *out) {
  out->pending = lt_log_pending(log);
  out->refused = (size_t)lt_db_scalar(
      &log->db, 0, "SELECT count(*) FROM outbox WHERE sent IS NULL AND error IS NOT NULL", "");
  out->last_success = get_device(log, "sync_last_success");
  out->last_error = get_device(log, "sync_last_error");
}

void lt_log_sync_state_clear(lt_log_sync_state *st) {
  g_free(st->last_success), g_free(st->last_error);
  memset(st, 0, sizeof *st);
}
