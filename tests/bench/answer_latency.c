/* answer_latency — how long one durable answer takes to record, against a bare SQLite
 * insert of the same size in the same conditions (WAL, synchronous=FULL, same disk).
 * Prints, in milliseconds: our p50 and p99, then the bare insert's p50 and p99, on one line
 * (tests/bench/player.sh turns them into its result lines).
 * Usage: answer_latency DIR [N]   (DIR on the disk to measure) */
#include <glib.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lentera/log.h"
#include "lentera/sign.h"

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

static double pct(double *v, int n, double p) {
  qsort(v, (size_t)n, sizeof *v, by_value);
  return v[(int)(p * (n - 1))];
}

int main(int argc, char **argv) {
  if (argc < 2 || lt_sign_init() != LT_OK) return 2;
  int n = argc > 2 ? atoi(argv[2]) : 300;
  double *ours = g_new(double, n), *bare = g_new(double, n);
  char *path = g_build_filename(argv[1], "bench-log.sqlite", NULL);
  char *bpath = g_build_filename(argv[1], "bench-bare.sqlite", NULL);
  for (int i = 0; i < 2; i++) { /* fresh files every run */
    const char *base = i ? bpath : path;
    const char *suffix[] = {"", "-wal", "-shm"};
    for (int k = 0; k < 3; k++) {
      char *f = g_strconcat(base, suffix[k], NULL);
      remove(f);
      g_free(f);
    }
  }
  lt_log *log;
  if (lt_log_open(path, &log, NULL) != LT_OK) return 2;
  int64_t learner, attempt;
  if (lt_log_learner_add(log, "1", "Bench", "", NULL, NULL, &learner, NULL) != LT_OK) return 2;
  const char *aud[] = {"semua-staf", NULL};
  lt_manifest_info pack = {"bench", "1.0.0", "Bench", "id", "P", NULL, aud, "0000000000000000",
                           1,       NULL,    NULL};
  lt_manifest_item quiz = {"quiz", "q", "Q", "quizzes/q.xml", 5, "posttest", 1, NULL};
  lt_log_where w = {&pack, &quiz, NULL, 0, 0, false};
  if (lt_log_attempt_begin(log, learner, &w, NULL, &attempt, NULL) != LT_OK) return 2;
  for (int i = 0; i < n; i++) {
    char qid[32];
    snprintf(qid, sizeof qid, "q%d", i);
    gint64 t0 = g_get_monotonic_time();
    if (lt_log_record_answer(log, attempt, &w, qid, "Question", NULL, "a,c", true, NULL) != LT_OK) {
      fprintf(stderr, "answer_latency: recording failed\n");
      return 1;
    }
    ours[i] = (double)(g_get_monotonic_time() - t0) / 1000.0;
  }
  lt_log_free(log);

  sqlite3 *db;
  sqlite3_open(bpath, &db);
  sqlite3_exec(db,
               "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t (k TEXT, v TEXT)",
               NULL, NULL, NULL);
  sqlite3_stmt *st;
  sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?, ?)", -1, &st, NULL);
  char payload[900]; /* about one statement's JSON */
  memset(payload, 'x', sizeof payload - 1);
  payload[sizeof payload - 1] = '\0';
  for (int i = 0; i < n; i++) {
    gint64 t0 = g_get_monotonic_time();
    sqlite3_bind_int(st, 1, i);
    sqlite3_bind_text(st, 2, payload, -1, SQLITE_STATIC);
    sqlite3_step(st);
    sqlite3_reset(st);
    bare[i] = (double)(g_get_monotonic_time() - t0) / 1000.0;
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  double o50 = pct(ours, n, 0.5), o99 = pct(ours, n, 0.99), b50 = pct(bare, n, 0.5),
         b99 = pct(bare, n, 0.99);
  printf("%.3f %.3f %.3f %.3f\n", o50, o99, b50, b99);
  g_free(ours), g_free(bare), g_free(path), g_free(bpath);
  return 0;
}
