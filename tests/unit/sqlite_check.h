/* sqlite_check.h — the unit tests' direct reads of a database file, with their own
 * connection (as another program would read it): the first column of the first row as a
 * number (-1 when there is none) or as text (NULL; g_free()). */
#ifndef LENTERA_TESTS_SQLITE_CHECK_H
#define LENTERA_TESTS_SQLITE_CHECK_H

#include <glib.h>
#include <sqlite3.h>

static inline long long scalar(const char *db, const char *sql) {
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

static inline char *text(const char *db, const char *sql) {
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

#endif
