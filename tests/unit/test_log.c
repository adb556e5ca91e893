/* Tests for log: migrations and pragmas, learners and PINs, progress, a whole quiz attempt,
 * each event with its statement, resume of an unfinished attempt, export files.
 * With an argument, the export is left in that folder (tests/xapi validates it). */
#include <sqlite3.h>
#include <stdlib.h>

#include "lentera/log.h"
#include "lentera/sign.h"
#include "check.h"

static long long scalar(const char *db, const char *sql) {
  sqlite3 *h;
  sqlite3_open(db, &h);
  sqlite3_stmt *st;
  long long v = -1;
  if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(h);
  return v;
}

static char *text(const char *db, const char *sql) {
  sqlite3 *h;
  sqlite3_open(db, &h);
  sqlite3_stmt *st;
  char *v = NULL;
  if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    v = g_strdup((const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  sqlite3_close(h);
  return v;
}

int main(int argc, char **argv) {
  CHECK_INT(lt_sign_init(), LT_OK);
  char *dir = tmp_dir(), *db = g_build_filename(dir, "log.sqlite", NULL);
  lt_diag_list *d = lt_diag_list_new();
  lt_log *log = NULL;
  CHECK_INT(lt_log_open(db, &log, d), LT_OK);
  CHECK_INT(scalar(db, "PRAGMA user_version"), 2);
  char *mode = text(db, "PRAGMA journal_mode");
  CHECK_STR(mode, "wal");
  g_free(mode);
  char *device = g_strdup(lt_log_device_id(log));
  CHECK_INT(strlen(device), 36);

  int64_t sari, budi;
  CHECK_INT(lt_log_learner_add(log, "198705122010012001", "Sari Dewi", "Bidang Pelayanan", "4321",
                               &sari, d),
            LT_OK);
  CHECK_INT(lt_log_learner_add(log, "199001012015011002", "Budi", "", NULL, &budi, d), LT_OK);
  lt_diag_list *e = lt_diag_list_new();
  CHECK_INT(lt_log_learner_add(log, "199001012015011002", "Budi lagi", "", NULL, NULL, e),
            LT_ERR_EXISTS);
  lt_diag_list_free(e);
  bool ok = false;
  CHECK_INT(lt_log_learner_check_pin(log, sari, "4321", &ok), LT_OK);
  CHECK(ok);
  CHECK_INT(lt_log_learner_check_pin(log, sari, "1234", &ok), LT_OK);
  CHECK(!ok);
  CHECK_INT(lt_log_learner_check_pin(log, budi, NULL, &ok), LT_OK);
  CHECK(ok);
  char *hash = text(db, "SELECT pin_hash FROM learner WHERE name = 'Sari Dewi'");
  CHECK(g_str_has_prefix(hash, "$argon2id$"));
  g_free(hash);
  lt_log_learner *all;
  size_t n;
  CHECK_INT(lt_log_learners(log, &all, &n), LT_OK);
  CHECK_INT(n, 2);
  CHECK_STR(all[0].name, "Budi"); /* by name */
  CHECK(all[1].has_pin);
  lt_log_learners_free(all, n);
  lt_log_learner found;
  CHECK_INT(lt_log_learner_find(log, "198705122010012001", &found), LT_OK);
  CHECK_STR(found.unit, "Bidang Pelayanan");
  lt_log_learner_clear(&found);

  const char *aud[] = {"semua-staf", NULL};
  lt_manifest_info pack = {"keamanan-dasar",
                           "1.1.0",
                           "Keamanan Dasar",
                           "id",
                           "BPSDM",
                           "https://bkpsdm.example.go.id/lentera",
                           aud,
                           "0123456789ABCDEF",
                           1};
  lt_manifest_item lesson = {
      "lesson", "01-phishing", "Mengenali Email Phishing", "lessons/01-phishing.xml", 8, NULL,
      0,        NULL};
  lt_manifest_item post = {"quiz", "posttest", "Tes Akhir", "quizzes/posttest.xml",
                           7,      "posttest", 3,           NULL};
  lt_log_where wl = {&pack, &lesson, NULL}, wq = {&pack, &post, NULL};

  CHECK_INT(lt_log_progress(log, sari, &wl, 120.0, 30.0, false, d), LT_OK);
  CHECK_INT(lt_log_progress(log, sari, &wl, 480.0, 200.5, true, d), LT_OK);
  CHECK_INT(lt_log_progress(log, sari, &wl, 0.0, 10.0, false, d), LT_OK); /* stays completed */
  int state;
  double pos;
  CHECK_INT(lt_log_progress_get(log, sari, "keamanan-dasar", "01-phishing", &state, &pos), LT_OK);
  CHECK_INT(state, 2);
  CHECK(pos == 0.0);
  CHECK_INT(scalar(db, "SELECT active_seconds * 10 FROM progress"), 2405);
  CHECK_INT(scalar(db, "SELECT count(*) FROM outbox WHERE json LIKE '%verbs/experienced%'"), 1);
  CHECK_INT(scalar(db, "SELECT count(*) FROM outbox WHERE json LIKE '%verbs/completed%'"), 1);

  int64_t att;
  CHECK_INT(lt_log_attempt_begin(log, sari, &wq, "{\"otp\":\"cab\"}", &att, d), LT_OK);
  CHECK_INT(lt_log_attempt_unfinished(log, sari, "keamanan-dasar", "posttest"), att);
  CHECK_INT(lt_log_record_answer(log, att, &wq, "otp", "Kode OTP", NULL, "b", true, d), LT_OK);
  CHECK_INT(lt_log_record_answer(log, att, &wq, "lampiran", "Lampiran", NULL, "a", true, d), LT_OK);
  CHECK(lt_log_answered(log, att, "otp"));
  CHECK(!lt_log_answered(log, att, "sandi"));
  e = lt_diag_list_new();
  CHECK(lt_log_record_answer(log, att, &wq, "otp", "Kode OTP", NULL, "c", false, e) != LT_OK);
  lt_diag_list_free(e);
  /* the failed second answer left no statement behind (one transaction) */
  CHECK_INT(scalar(db, "SELECT count(*) FROM outbox WHERE json LIKE '%verbs/answered%'"), 2);
  CHECK_INT(lt_log_record_answer(log, att, &wq, "sandi", "Kata sandi", NULL, "kopi", false, d),
            LT_OK);
  double score;
  bool passed;
  CHECK_INT(lt_log_attempt_finish(log, att, &wq, 3, 80, &score, &passed, d), LT_OK);
  CHECK(score > 0.66 && score < 0.67);
  CHECK(!passed);
  CHECK_INT(lt_log_attempt_unfinished(log, sari, "keamanan-dasar", "posttest"), 0);
  /* a finished attempt takes no more answers and is not finished twice (two windows) */
  e = lt_diag_list_new();
  CHECK_INT(lt_log_record_answer(log, att, &wq, "late", "Late", NULL, "a", true, e),
            LT_ERR_INVALID);
  CHECK_INT(lt_log_attempt_finish(log, att, &wq, 3, 80, &score, &passed, e), LT_ERR_INVALID);
  lt_diag_list_free(e);
  CHECK_INT(scalar(db, "SELECT count(*) FROM outbox WHERE json LIKE '%verbs/failed%'"), 1);
  CHECK_INT(lt_log_attempt_count(log, sari, "keamanan-dasar", "posttest"), 1);
  char *failed = text(db, "SELECT json FROM outbox WHERE json LIKE '%verbs/failed%'");
  CHECK_CONTAINS(failed, "\"score\":{\"scaled\":0.666667,\"raw\":2.0,\"min\":0.0,\"max\":3.0}");
  CHECK_CONTAINS(failed, "\"account\":{\"homePage\":\"https://lentera.invalid/pegawai\",\"name\":"
                         "\"198705122010012001\"}");
  g_free(failed);

  CHECK_INT(lt_log_attempt_begin(log, sari, &wq, NULL, &att, d), LT_OK);
  for (const char *q = "otp\0lampiran\0sandi\0"; *q; q += strlen(q) + 1)
    CHECK_INT(lt_log_record_answer(log, att, &wq, q, q, NULL, "x", true, d), LT_OK);
  CHECK_INT(lt_log_attempt_finish(log, att, &wq, 3, 80, &score, &passed, d), LT_OK);
  CHECK(passed);
  CHECK_INT(scalar(db, "SELECT number FROM attempt ORDER BY id DESC LIMIT 1"), 2);

  /* export: every statement once, in a .jsonl under lentera-sync/<device>/ */
  size_t total = lt_log_unexported(log), count = 0;
  CHECK_INT(total, 12); /* 2 lesson + 2 attempts x (attempted, 3 answered, failed|passed) */
  char *out = argc > 1 ? g_strdup(argv[1]) : g_build_filename(dir, "usb", NULL);
  CHECK_INT(lt_log_export(log, out, &count, d), LT_OK);
  CHECK_INT(count, total);
  CHECK_INT(lt_log_unexported(log), 0);
  CHECK_INT(lt_log_export(log, out, &count, d), LT_OK);
  CHECK_INT(count, 0); /* nothing new: no second file */
  char *folder = g_build_filename(out, "lentera-sync", device, NULL);
  GDir *gd = g_dir_open(folder, 0, NULL);
  int files = 0;
  const char *name;
  while (gd && (name = g_dir_read_name(gd))) {
    files++;
    CHECK(g_str_has_suffix(name, ".jsonl") && name[0] != '.');
    char *p = g_build_filename(folder, name, NULL), *body;
    g_file_get_contents(p, &body, NULL, NULL);
    char **lines = g_strsplit(body, "\n", -1);
    CHECK_INT(g_strv_length(lines), total + 1); /* last is the empty tail */
    char *first = text(db, "SELECT json FROM outbox ORDER BY created, id LIMIT 1");
    CHECK_STR(lines[0], first); /* the exact stored bytes */
    g_free(first);
    g_strfreev(lines);
    g_free(body);
    g_free(p);
  }
  if (gd) g_dir_close(gd);
  CHECK_INT(files, 1);

  /* a 20 s video: the first half played, then a jump to the end: not watched; the seconds
   * 10 to 18 in a later session make 19 of 20: watched, with the share in the statement */
  lt_manifest_item video = {"video", "01-phishing.klip", "Klip", "media/klip.mp4", 0, NULL, 0,
                            NULL};
  lt_log_where wv = {&pack, &video, NULL};
  double share = 0;
  CHECK_INT(
      lt_log_video_progress(log, sari, &wv, 19.5, 20.0, "11111111110000000000", 10.0, &share, d),
      LT_OK);
  CHECK(share == 0.5);
  CHECK_INT(lt_log_progress_get(log, sari, "keamanan-dasar", "01-phishing.klip", &state, &pos),
            LT_OK);
  CHECK_INT(state, 1);
  CHECK(pos == 19.5);
  CHECK_INT(
      lt_log_video_progress(log, sari, &wv, 20.0, 20.0, "00000000001111111110", 9.0, &share, d),
      LT_OK);
  CHECK(share > 0.949 && share < 0.951);
  CHECK_INT(lt_log_progress_get(log, sari, "keamanan-dasar", "01-phishing.klip", &state, &pos),
            LT_OK);
  CHECK_INT(state, 2);
  char *watched = lt_log_video_watched(log, sari, "keamanan-dasar", "01-phishing.klip");
  CHECK_STR(watched, "11111111111111111110");
  g_free(watched);
  CHECK_INT(scalar(db, "SELECT count(*) FROM outbox WHERE json LIKE '%verbs/completed%' AND json "
                       "LIKE '%\"https://lentera.invalid/xapi/watched\":0.95}%'"),
            1);

  lt_log_free(log);
  CHECK_INT(lt_log_open(db, &log, d), LT_OK); /* reopening keeps the device and the data */
  CHECK_STR(lt_log_device_id(log), device);
  char *integrity = text(db, "PRAGMA integrity_check");
  CHECK_STR(integrity, "ok");
  g_free(integrity);
  lt_log_free(log);
  lt_log_free(NULL);

  char *msgs = diags_text(d);
  CHECK_STR(msgs, "");
  g_free(msgs);
  lt_diag_list_free(d);
  tmp_remove(dir);
  g_free(dir), g_free(db), g_free(device), g_free(out), g_free(folder);
  return check_done("test_log");
}
