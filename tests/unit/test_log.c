/* Tests for log: migrations and pragmas, learners and PINs (and the wait after 5 wrong ones),
 * progress, a whole quiz attempt, each event with its statement, resume of an unfinished
 * attempt, export files, the clock-suspect mark and attempt sequence, modes 0600 (not on
 * Windows), a damaged page in the outbox (found by reading the file's b-tree, refused at
 * open, reported by every outbox read, repaired), an empty log refused, a backup.
 * With an argument, the export is left in that folder (tests/xapi validates it). */
#include <fcntl.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lentera/log.h"
#include "lentera/sign.h"
#include "check.h"
#include "sqlite_check.h"

/* The leaves of a table's b-tree, read from the database file itself (the file format,
 * sqlite.org/fileformat.html): in key order, each with its number of cells. Portable where
 * SQLite's dbstat table is not built in (Windows). */
static void leaves(const guchar *f, gsize size, long long ps, long long page, GArray *out) {
  if (page < 1 || (gsize)(page * ps) > size) return;
  const guchar *p = f + (page - 1) * ps, *h = p + (page == 1 ? 100 : 0);
  unsigned n = (unsigned)h[3] << 8 | h[4];
  if (h[0] == 0x0D) { /* a leaf of a table */
    long long leaf[2] = {page, n};
    g_array_append_vals(out, leaf, 2);
  } else if (h[0] == 0x05) { /* interior: each cell's left child, then the right-most */
    for (unsigned i = 0; i <= n; i++) {
      const guchar *c = i < n ? p + ((unsigned)h[12 + 2 * i] << 8 | h[13 + 2 * i]) : h + 8;
      leaves(f, size, ps, (long long)c[0] << 24 | c[1] << 16 | c[2] << 8 | c[3], out);
    }
  }
}

int main(int argc, char **argv) {
  CHECK_INT(lt_sign_init(), LT_OK);
  char *dir = tmp_dir(), *db = g_build_filename(dir, "log.sqlite", NULL);
  lt_diag_list *d = lt_diag_list_new();
  lt_log *log = NULL;
  CHECK_INT(lt_log_open(db, &log, d), LT_OK);
  CHECK_INT(scalar(db, "PRAGMA user_version"), 6);
#ifndef _WIN32 /* Windows: the profile's ACL, not modes (docs/PACKAGING.md) */
  struct stat sb;
  CHECK(stat(db, &sb) == 0 && (sb.st_mode & 0777) == 0600); /* names, NIPs: this account only */
#endif
  char *mode = text(db, "PRAGMA journal_mode");
  CHECK_STR(mode, "wal");
  g_free(mode);
  char *device = g_strdup(lt_log_device_id(log));
  CHECK_INT(strlen(device), 36);

  int64_t sari, budi;
  CHECK_INT(lt_log_learner_add(log, "198705122010012001", "Sari Dewi", "Bidang Pelayanan", NULL,
                               "4321", &sari, d),
            LT_OK);
  CHECK_INT(lt_log_learner_add(log, "199001012015011002", "Budi", "", NULL, NULL, &budi, d), LT_OK);
  lt_diag_list *e = lt_diag_list_new();
  CHECK_INT(lt_log_learner_add(log, "199001012015011002", "Budi lagi", "", NULL, NULL, NULL, e),
            LT_ERR_EXISTS);
  lt_diag_list_free(e);
  lt_log_pin_check pc;
  CHECK_INT(lt_log_learner_check_pin(log, sari, "4321", &pc, d), LT_OK);
  CHECK(pc.ok);
  CHECK_INT(lt_log_learner_check_pin(log, sari, "1234", &pc, d), LT_OK);
  CHECK(!pc.ok);
  CHECK_INT(pc.failures, 1);
  CHECK_INT(pc.wait_s, 0);
  CHECK_INT(lt_log_learner_check_pin(log, budi, NULL, &pc, d), LT_OK);
  CHECK(pc.ok);
  /* four more wrong PINs: the fifth makes her wait 30 s, and meanwhile even the right PIN is
   * refused without being checked, also after the log is opened again */
  for (int i = 0; i < 4; i++)
    CHECK_INT(lt_log_learner_check_pin(log, sari, "0000", &pc, d), LT_OK);
  CHECK(!pc.ok);
  CHECK_INT(pc.failures, 5);
  CHECK_INT(pc.wait_s, 30);
  CHECK_INT(lt_log_learner_check_pin(log, sari, "4321", &pc, d), LT_OK);
  CHECK(!pc.ok);
  CHECK(pc.wait_s > 25 && pc.wait_s <= 30);
  CHECK_INT(pc.failures, 5); /* not counted: not checked */
  lt_log_free(log);
  CHECK_INT(lt_log_open(db, &log, d), LT_OK);
  CHECK_INT(lt_log_learner_check_pin(log, sari, "4321", &pc, d), LT_OK);
  CHECK(!pc.ok && pc.wait_s > 0);
  /* once the wait is over a wrong PIN doubles it; a right one clears everything */
  CHECK_INT(scalar(db, "UPDATE learner SET pin_wait_until = '2000-01-01T00:00:00.000Z' WHERE "
                       "name = 'Sari Dewi' RETURNING 0"),
            0);
  CHECK_INT(lt_log_learner_check_pin(log, sari, "0000", &pc, d), LT_OK);
  CHECK(!pc.ok);
  CHECK_INT(pc.failures, 6);
  CHECK_INT(pc.wait_s, 60);
  CHECK_INT(scalar(db, "UPDATE learner SET pin_wait_until = '2000-01-01T00:00:00.000Z' WHERE "
                       "name = 'Sari Dewi' RETURNING 0"),
            0);
  CHECK_INT(lt_log_learner_check_pin(log, sari, "4321", &pc, d), LT_OK);
  CHECK(pc.ok);
  CHECK_INT(scalar(db, "SELECT pin_failures + (pin_wait_until IS NOT NULL) FROM learner WHERE "
                       "name = 'Sari Dewi'"),
            0);
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
                           1,
                           NULL,
                           NULL};
  lt_manifest_item lesson = {
      "lesson", "01-phishing", "Mengenali Email Phishing", "lessons/01-phishing.xml", 8, NULL,
      0,        NULL};
  lt_manifest_item post = {"quiz", "posttest", "Tes Akhir", "quizzes/posttest.xml",
                           7,      "posttest", 3,           NULL};
  lt_log_where wl = {&pack, &lesson, NULL, 0, 0, false}, wq = {&pack, &post, NULL, 0, 0, false};

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
  CHECK_INT(lt_log_attempt_unfinished(log, sari, "keamanan-dasar", "posttest", 0), att);
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
  CHECK_INT(lt_log_attempt_unfinished(log, sari, "keamanan-dasar", "posttest", 0), 0);
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
  /* the pass a certificate is printed from: the "passed" statement, carrying the version */
  lt_log_pass pass = {0};
  CHECK_INT(lt_log_quiz_pass(log, sari, "keamanan-dasar", "posttest", &pass, d), LT_OK);
  char *passed_id = text(db, "SELECT id FROM outbox WHERE json LIKE '%verbs/passed%'");
  CHECK_STR(pass.statement_id, passed_id);
  CHECK_STR(pass.version, "1.1.0");
  CHECK(pass.score == 1.0 && pass.when > 1700000000);
  g_free(passed_id);
  lt_log_pass_clear(&pass);
  CHECK_INT(lt_log_quiz_pass(log, sari, "keamanan-dasar", "pretest", &pass, d), LT_ERR_INVALID);
  CHECK_INT(scalar(db, "SELECT count(*) FROM outbox WHERE json LIKE '%verbs/passed%' AND json "
                       "LIKE '%\"revision\":\"1.1.0\",\"platform\"%'"),
            1);

  /* follow-ups (course.md followup: [30, 90]), due from the first pass, kept apart */
  int64_t t0 = g_get_real_time() / G_USEC_PER_SEC, day = 86400;
  const long fdays[] = {30, 90};
  CHECK_INT(lt_log_followup_due(log, sari, "keamanan-dasar", "posttest", fdays, 2, t0 + 29 * day),
            0);
  CHECK_INT(lt_log_followup_due(log, sari, "keamanan-dasar", "posttest", fdays, 2, t0 + 31 * day),
            30);
  CHECK_INT(lt_log_followup_due(log, sari, "keamanan-dasar", "posttest", fdays, 2, t0 + 91 * day),
            90);
  CHECK_INT(lt_log_followup_due(log, sari, "keamanan-dasar", "pretest", fdays, 2, t0 + 91 * day),
            0);
  lt_log_where wfu = wq;
  wfu.followup = 30;
  int64_t fatt;
  CHECK_INT(lt_log_attempt_begin(log, sari, &wfu, NULL, &fatt, d), LT_OK);
  CHECK_INT(lt_log_attempt_unfinished(log, sari, "keamanan-dasar", "posttest", 0), 0);
  CHECK_INT(lt_log_attempt_unfinished(log, sari, "keamanan-dasar", "posttest", 30), fatt);
  CHECK_INT(lt_log_record_answer(log, fatt, &wfu, "otp", "Kode OTP", NULL, "b", true, d), LT_OK);
  CHECK_INT(lt_log_attempt_finish(log, fatt, &wfu, 3, 80, &score, &passed, d), LT_OK);
  CHECK(!passed);
  CHECK_INT(lt_log_attempt_count(log, sari, "keamanan-dasar", "posttest"), 2); /* ordinary only */
  CHECK_INT(scalar(db, "SELECT number FROM attempt WHERE followup = 30"), 1);
  CHECK_INT(lt_log_followup_due(log, sari, "keamanan-dasar", "posttest", fdays, 2, t0 + 31 * day),
            0);
  CHECK_INT(lt_log_followup_due(log, sari, "keamanan-dasar", "posttest", fdays, 2, t0 + 91 * day),
            90);
  CHECK_INT(lt_log_quiz_pass(log, sari, "keamanan-dasar", "posttest", &pass, d), LT_OK);
  CHECK(pass.score == 1.0); /* the certificate's pass is still the ordinary one */
  lt_log_pass_clear(&pass);
  char *fstmt = text(db, "SELECT json FROM outbox WHERE json LIKE '%followup-days%' AND json LIKE "
                         "'%verbs/failed%'");
  CHECK_CONTAINS(fstmt, "\"https://lentera.invalid/xapi/role\":\"followup\"");
  CHECK_CONTAINS(fstmt, "\"https://lentera.invalid/xapi/followup-days\":30");
  g_free(fstmt);

  /* every statement of an attempt carries its place in the log's order, whatever the clock */
  CHECK_INT(scalar(db, "SELECT count(*) FROM outbox WHERE json LIKE '%\"https://lentera.invalid/"
                       "xapi/attempt-sequence\":2%'"),
            5);
  CHECK_INT(scalar(db, "SELECT count(*) FROM outbox WHERE json LIKE '%attempt-sequence\":1%' AND "
                       "json LIKE '%verbs/failed%'"),
            2); /* the first post-test attempt, and the follow-up's first */
  CHECK_INT(scalar(db, "SELECT count(*) FROM outbox WHERE json LIKE '%clock-suspect%'"), 0);

  /* export: every statement once, in a .jsonl under lentera-sync/<device>/ */
  size_t total = 0, count = 0;
  CHECK_INT(lt_log_unexported(log, &total, d), LT_OK);
  CHECK_INT(
      total,
      15); /* 2 lesson + 2 attempts x (attempted, 3 answered, failed|passed) + a follow-up (3) */
  char *out = argc > 1 ? g_strdup(argv[1]) : g_build_filename(dir, "usb", NULL);
  CHECK_INT(lt_log_export(log, out, &count, d), LT_OK);
  CHECK_INT(count, total);
  size_t left = 99;
  CHECK_INT(lt_log_unexported(log, &left, d), LT_OK);
  CHECK_INT(left, 0);
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
    char *first = text(db, "SELECT json FROM outbox ORDER BY created, rowid LIMIT 1");
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
  lt_log_where wv = {&pack, &video, NULL, 0, 0, false};
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

  /* a clock earlier than the pack's creation, or than the learner's last event: a warning,
   * and the statements made meanwhile are marked */
  CHECK(!lt_log_clock_suspect(log, sari, 1, NULL));
  lt_manifest_info future = pack;
  future.created = (int64_t)(g_get_real_time() / G_USEC_PER_SEC) + (int64_t)10 * 86400;
  char *seen = NULL;
  CHECK(lt_log_clock_suspect(log, 0, future.created, &seen));
  CHECK(seen && strlen(seen) == 20);
  g_free(seen);
  lt_manifest_item lesson2 = lesson;
  lesson2.id = "02-sandi";
  lt_log_where wf = {&future, &lesson2, NULL, 0, 0, false};
  CHECK_INT(lt_log_progress(log, budi, &wf, 0, 1, false, d), LT_OK);
  CHECK_INT(scalar(db, "SELECT count(*) FROM outbox WHERE json LIKE '%\"https://lentera.invalid/"
                       "xapi/clock-suspect\":true%'"),
            1);
  CHECK_INT(scalar(db, "UPDATE learner SET last_event = '2099-01-01T00:00:00.000Z' WHERE name = "
                       "'Budi' RETURNING 0"),
            0);
  CHECK(lt_log_clock_suspect(log, budi, 0, NULL));
  CHECK(!lt_log_clock_suspect(log, sari, 0, NULL));
  CHECK_INT(lt_log_progress(log, budi, &wl, 0, 1, false, d), LT_OK);
  CHECK_INT(scalar(db, "SELECT count(*) FROM outbox WHERE json LIKE '%clock-suspect%'"), 2);
  CHECK_INT(scalar(db, "SELECT last_event FROM learner WHERE name = 'Budi'") != -1, 1);
  char *last = text(db, "SELECT last_event FROM learner WHERE name = 'Budi'");
  CHECK_STR(last, "2099-01-01T00:00:00.000Z"); /* never moved back */
  g_free(last);

  /* a backup while the log is open: one file, 0600, sound, with everything */
  char *bdir = g_build_filename(dir, "cadangan", NULL), *bpath = NULL;
  CHECK_INT(lt_log_backup(log, bdir, &bpath, d), LT_OK);
#ifndef _WIN32 /* Windows: the profile's ACL, not modes (docs/PACKAGING.md) */
  CHECK(bpath && stat(bpath, &sb) == 0 && (sb.st_mode & 0777) == 0600);
#else
  CHECK(bpath != NULL);
#endif
  char *bcheck = bpath ? text(bpath, "PRAGMA integrity_check") : NULL;
  CHECK_STR(bcheck, "ok");
  g_free(bcheck);
  CHECK_INT(scalar(bpath, "SELECT count(*) FROM outbox"),
            scalar(db, "SELECT count(*) FROM outbox"));
  CHECK_INT(scalar(bpath, "SELECT count(*) FROM answer"), 7); /* 6 + the follow-up's 1 */
  char *bwal = g_strconcat(bpath, "-wal", NULL);
  CHECK(!g_file_test(bwal, G_FILE_TEST_EXISTS));
  g_free(bwal), g_free(bpath), g_free(bdir);

  lt_log_free(log);
  CHECK_INT(lt_log_open(db, &log, d), LT_OK); /* reopening keeps the device and the data */
  CHECK_STR(lt_log_device_id(log), device);
  char *integrity = text(db, "PRAGMA integrity_check");
  CHECK_STR(integrity, "ok");
  g_free(integrity);

  /* many statements, then one page of the outbox damaged on disk behind the open log */
  for (int i = 0; i < 60; i++) { /* 5 statements each */
    CHECK_INT(lt_log_attempt_begin(log, budi, &wq, NULL, &att, d), LT_OK);
    for (const char *q = "otp\0lampiran\0sandi\0"; *q; q += strlen(q) + 1)
      CHECK_INT(lt_log_record_answer(log, att, &wq, q, q, NULL, "x", true, d), LT_OK);
    CHECK_INT(lt_log_attempt_finish(log, att, &wq, 3, 80, &score, &passed, d), LT_OK);
  }
  CHECK_INT(lt_log_attempt_begin(log, budi, &wq, NULL, &att, d), LT_OK);
  CHECK_INT(lt_log_record_answer(log, att, &wq, "otp", "Kode OTP", NULL, "b", true, d), LT_OK);
  lt_log_free(log); /* the last connection: everything checkpointed into the file */
  long long statements = scalar(db, "SELECT count(*) FROM outbox");
  long long page_size = scalar(db, "PRAGMA page_size");
  gchar *file = NULL;
  gsize file_size = 0;
  GArray *leaf = g_array_new(FALSE, FALSE, sizeof(long long));
  CHECK(g_file_get_contents(db, &file, &file_size, NULL));
  leaves((const guchar *)file, file_size, page_size,
         scalar(db, "SELECT rootpage FROM sqlite_master WHERE name = 'outbox'"), leaf);
  g_free(file);
  CHECK(leaf->len >= 4); /* the outbox spans two leaves or more: the second is damaged */
  long long page = g_array_index(leaf, long long, 2), lost = g_array_index(leaf, long long, 3);
  g_array_free(leaf, TRUE);
  CHECK(page > 1 && lost > 0 && statements > 12);
  CHECK_INT(lt_log_open(db, &log, d), LT_OK);
  int fd = open(db, O_WRONLY);
  char garbage[65536];
  for (size_t i = 0; i < sizeof garbage; i++)
    garbage[i] = (char)(i * 7 + 1); /* page type 1: no such type */
  CHECK(fd >= 0 && pwrite(fd, garbage, (size_t)page_size, (off_t)((page - 1) * page_size)) ==
                       (ssize_t)page_size);
  close(fd);
  sqlite3 *other; /* another process's write: the open log drops its cached pages */
  sqlite3_open(db, &other);
  CHECK_INT(
      sqlite3_exec(other, "INSERT INTO device (key, value) VALUES ('x', 'y')", NULL, NULL, NULL),
      SQLITE_OK);
  sqlite3_close(other);
  lt_diag_list *bad = lt_diag_list_new();
  size_t n_out = 99;
  CHECK_INT(lt_log_pending(log, &n_out, bad), LT_ERR_DAMAGED); /* never "0 to send" */
  CHECK_INT(n_out, 99);
  CHECK(lt_log_unexported(log, &n_out, bad) != LT_OK);
  CHECK(lt_log_export(log, out, &count, bad) != LT_OK);
  CHECK_INT(count, 0);
  lt_log_sync_state ss;
  CHECK(lt_log_sync_status(log, &ss, bad) != LT_OK);
  lt_log_sync_state_clear(&ss);
  lt_log_free(log);
  log = NULL;
  CHECK_INT(lt_log_open(db, &log, bad), LT_ERR_DAMAGED); /* refused at open */
  CHECK(log == NULL);
  char *why = diags_text(bad);
  CHECK_CONTAINS(why, "lentera-player --repair-log");
  g_free(why);
  lt_diag_list_free(bad);

  /* the repair keeps the damaged file, recovers all the rest, the device id too */
  lt_log_repair_result rr;
  bad = lt_diag_list_new();
  CHECK_INT(lt_log_repair(db, &rr, bad), LT_OK);
  CHECK_INT(rr.statements, statements - lost);
  CHECK_INT(rr.learners, 2);
  CHECK_INT(rr.answers, 7 + 60 * 3 + 1);
  CHECK(rr.device_kept);
  CHECK(rr.damaged_path && g_file_test(rr.damaged_path, G_FILE_TEST_EXISTS));
  lt_log_repair_result_clear(&rr);
  lt_diag_list_free(bad);
  CHECK_INT(lt_log_open(db, &log, d), LT_OK);
  CHECK_STR(lt_log_device_id(log), device);
  CHECK_INT(lt_log_pending(log, &n_out, d), LT_OK);
  CHECK_INT(n_out, statements - lost);
  char *x = text(db, "SELECT value FROM device WHERE key = 'x'");
  CHECK_STR(x, "y"); /* the other device rows came along */
  g_free(x);
  integrity = text(db, "PRAGMA integrity_check");
  CHECK_STR(integrity, "ok");
  g_free(integrity);
  lt_log_free(log);

  /* a log whose latest answers are still in its -wal (the copy of a running player's):
   * the repair reads them too; a repair cut short is refused at open until run again */
  CHECK_INT(lt_log_open(db, &log, d), LT_OK);
  CHECK_INT(lt_log_attempt_begin(log, sari, &wq, NULL, &att, d), LT_OK);
  CHECK_INT(lt_log_record_answer(log, att, &wq, "otp", "Kode OTP", NULL, "b", true, d), LT_OK);
  char *snap = g_build_filename(dir, "salinan.sqlite", NULL);
  char *snap_wal = g_strconcat(snap, "-wal", NULL), *db_wal = g_strconcat(db, "-wal", NULL);
  char *bytes = NULL;
  gsize nbytes = 0;
  CHECK(g_file_get_contents(db, &bytes, &nbytes, NULL) &&
        g_file_set_contents(snap, bytes, (gssize)nbytes, NULL));
  g_free(bytes);
  CHECK(g_file_get_contents(db_wal, &bytes, &nbytes, NULL) && nbytes > 0 &&
        g_file_set_contents(snap_wal, bytes, (gssize)nbytes, NULL));
  g_free(bytes);
  lt_log_free(log);
  char *marker = g_strconcat(snap, ".repairing", NULL);
  g_file_set_contents(marker, "", 0, NULL);
  bad = lt_diag_list_new();
  CHECK_INT(lt_log_open(snap, &log, bad), LT_ERR_DAMAGED);
  why = diags_text(bad);
  CHECK_CONTAINS(why, "a repair of the log was interrupted");
  g_free(why);
  lt_diag_list_free(bad);
  unlink(marker);
  bad = lt_diag_list_new();
  CHECK_INT(lt_log_repair(snap, &rr, bad), LT_OK);
  CHECK_INT(rr.statements, statements - lost + 2); /* attempted and answered, in the -wal */
  CHECK_INT(rr.answers, 7 + 60 * 3 + 1 + 1);
  lt_log_repair_result_clear(&rr);
  lt_diag_list_free(bad);
  CHECK(!g_file_test(snap_wal, G_FILE_TEST_EXISTS) ||
        scalar(snap, "SELECT count(*) FROM answer") == 7 + 60 * 3 + 2);
  CHECK_INT(scalar(snap, "SELECT count(*) FROM answer"), 7 + 60 * 3 + 2);
  g_free(snap), g_free(snap_wal), g_free(db_wal), g_free(marker);

  /* an empty log.sqlite is damage, not a new log; a missing one is new */
  char *empty = g_build_filename(dir, "kosong.sqlite", NULL);
  g_file_set_contents(empty, "", 0, NULL);
  bad = lt_diag_list_new();
  CHECK_INT(lt_log_open(empty, &log, bad), LT_ERR_DAMAGED);
  lt_diag_list_free(bad);
  CHECK(g_file_test(empty, G_FILE_TEST_EXISTS));
  bad = lt_diag_list_new();
  CHECK_INT(lt_log_repair(empty, &rr, bad), LT_OK);
  CHECK_INT(rr.statements, 0);
  CHECK(!rr.device_kept);
  lt_log_repair_result_clear(&rr);
  lt_diag_list_free(bad);
  CHECK_INT(lt_log_open(empty, &log, d), LT_OK);
  lt_log_free(log);
  g_free(empty);
  /* an existing log open to others is tightened, with a note */
  char *loose = g_build_filename(dir, "longgar.sqlite", NULL);
  CHECK_INT(lt_log_open(loose, &log, d), LT_OK);
  lt_log_free(log);
#ifndef _WIN32 /* Windows: the profile's ACL, not modes (docs/PACKAGING.md) */
  chmod(loose, 0644);
#endif
  lt_diag_list *notes = lt_diag_list_new();
  CHECK_INT(lt_log_open(loose, &log, notes), LT_OK);
#ifndef _WIN32
  CHECK(stat(loose, &sb) == 0 && (sb.st_mode & 0777) == 0600);
  char *said = diags_text(notes);
  CHECK_CONTAINS(said, "now 0600");
  g_free(said);
#endif
  lt_diag_list_free(notes);
  /* partial credit (Moodle weights): the credit is stored, summed into the score, and a
   * partly right answer's statement carries it as result.score.scaled */
  char *pdb = g_build_filename(dir, "partial.sqlite", NULL);
  lt_log *plog = NULL;
  int64_t pl, part;
  CHECK_INT(lt_log_open(pdb, &plog, d), LT_OK);
  CHECK_INT(lt_log_learner_add(plog, "198705122010012001", "Sari Dewi", "", NULL, NULL, &pl, d),
            LT_OK);
  CHECK_INT(lt_log_attempt_begin(plog, pl, &wq, "{}", &part, d), LT_OK);
  CHECK_INT(lt_log_record_answer_credit(plog, part, &wq, "otp", "Kode OTP", NULL, "c", 0.25, d),
            LT_OK);
  CHECK_INT(lt_log_record_answer_credit(plog, part, &wq, "lampiran", "Lampiran", NULL, "a", 1.0, d),
            LT_OK);
  CHECK_INT(scalar(pdb, "SELECT count(*) FROM answer WHERE credit = 0.25 AND correct = 0"), 1);
  CHECK_INT(scalar(pdb, "SELECT count(*) FROM outbox WHERE json LIKE '%\"scaled\":0.25%'"), 1);
  CHECK_INT(lt_log_attempt_finish(plog, part, &wq, 2, 60, &score, &passed, d), LT_OK);
  CHECK(score > 0.624 && score < 0.626);
  CHECK(passed);
  lt_log_free(plog);
  g_free(pdb);
  /* the learner's group is on every statement, except an anonymous survey's */
  int64_t rina, anon_att;
  CHECK_INT(lt_log_learner_add(log, "199205052015022003", "Rina", "Bagian Umum", "paket-a", NULL,
                               &rina, d),
            LT_OK);
  lt_manifest_item survey = {
      "quiz", "umpan-balik", "Umpan Balik", "quizzes/umpan-balik.xml", 2, "survey", 0, NULL};
  lt_log_where wa = {&pack, &survey, NULL, 0, 0, true};
  CHECK_INT(lt_log_progress(log, rina, &wl, 0, 5, false, d), LT_OK);
  CHECK_INT(lt_log_attempt_begin(log, rina, &wa, "{}", &anon_att, d), LT_OK);
  CHECK_INT(scalar(loose, "SELECT count(*) FROM outbox WHERE json LIKE '%\"https://lentera.invalid/"
                          "xapi/audience\":\"paket-a\"%'"),
            1);
  char *anon = text(loose, "SELECT json FROM outbox WHERE json LIKE '%umpan-balik%'");
  CHECK_CONTAINS(anon, "anonim-");
  CHECK(!strstr(anon, "xapi/audience"));
  g_free(anon);
  lt_log_free(log);
  g_free(loose);
  lt_log_free(NULL);

  char *msgs = diags_text(d);
  CHECK_STR(msgs, "");
  g_free(msgs);
  lt_diag_list_free(d);
  tmp_remove(dir);
  g_free(dir), g_free(db), g_free(device), g_free(out), g_free(folder);
  return check_done("test_log");
}
