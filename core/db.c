/* db — see db.h. Statements are cached by the address of their SQL literal, which is why
 * callers pass literals only; bindings are cleared on reuse so no value leaks between calls.
 * For those who measure: LENTERA_SQL_PROFILE=MS prints to stderr every statement that ran
 * MS milliseconds or more (from its first step to its reset, so a statement stepped while
 * other work goes on counts that work too). */
#include "db.h"

#include "lentera/file.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* SQLite's codes for a file that is not (or no longer) a sound database. */
static int profile_line(unsigned what, void *ctx, void *stmt, void *ns) {
  (void)what;
  double ms = (double)*(sqlite3_int64 *)ns / 1e6;
  if (ms >= *(double *)ctx) fprintf(stderr, "sql %9.1f ms  %.200s\n", ms, sqlite3_sql(stmt));
  return 0;
}

static void profile_if_asked(sqlite3 *db) {
  static double min_ms;
  const char *v = getenv("LENTERA_SQL_PROFILE");
  if (!v || !*v) return;
  min_ms = g_ascii_strtod(v, NULL);
  sqlite3_trace_v2(db, SQLITE_TRACE_PROFILE, profile_line, &min_ms);
}

static bool damage_code(int rc) {
  rc &= 0xff;
  return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB;
}

/* SQLite's error as a status: a full disk and a read-only file are told apart, since the
 * player says different things for them (and a full disk can be freed). */
static lt_status status_of(sqlite3 *db) {
  int rc = sqlite3_extended_errcode(db);
  if ((rc & 0xff) == SQLITE_FULL) return LT_ERR_FULL;
  if ((rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_PERM) return LT_ERR_READONLY;
  if ((rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_CANTOPEN)
    return lt_file_status(sqlite3_system_errno(db));
  if ((rc & 0xff) == SQLITE_NOMEM) return LT_ERR_NOMEM;
  if (damage_code(rc)) return LT_ERR_DAMAGED;
  return LT_ERR_IO;
}

/* Reports SQLite's words `msg`, and the system's when they say more ("disk I/O error"
 * alone hides a full or read-only disk). */
static lt_status report(lt_db *db, lt_diag_list *diags, const char *what, const char *msg) {
  lt_status st = status_of(db->db);
  int err = sqlite3_system_errno(db->db);
  bool more = st != LT_ERR_IO && st != LT_ERR_NOMEM && st != LT_ERR_DAMAGED && err &&
              (sqlite3_extended_errcode(db->db) & 0xff) != SQLITE_FULL;
  lt_diag_add(diags, LT_DIAG_ERROR, db->path, 0, 0, "%s%s%s%s%s%s", what ? what : "",
              what ? ": " : "", msg, more ? " (" : "", more ? g_strerror(err) : "",
              more ? ")" : "");
  return st;
}

lt_status lt_db_fail(lt_db *db, lt_diag_list *diags, const char *what) {
  return report(db, diags, what, sqlite3_errmsg(db->db));
}

lt_status lt_db_exec(lt_db *db, const char *sql, lt_diag_list *diags) {
  char *err = NULL;
  if (sqlite3_exec(db->db, sql, NULL, NULL, &err) == SQLITE_OK) return LT_OK;
  lt_status st = report(db, diags, NULL, err ? err : "SQLite error");
  sqlite3_free(err);
  return st;
}

static sqlite3_stmt *prepare_va(lt_db *db, lt_diag_list *diags, const char *sql, const char *types,
                                va_list ap) {
  sqlite3_stmt *st = g_hash_table_lookup(db->stmts, sql);
  if (st) {
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
  } else if (sqlite3_prepare_v3(db->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
             SQLITE_OK) {
    lt_db_fail(db, diags, "cannot prepare");
    return NULL;
  } else {
    g_hash_table_insert(db->stmts, (gpointer)(uintptr_t)sql, st);
  }
  for (int i = 0; types[i]; i++) {
    switch (types[i]) {
    case 't': sqlite3_bind_text(st, i + 1, va_arg(ap, const char *), -1, SQLITE_TRANSIENT); break;
    case 'i': sqlite3_bind_int64(st, i + 1, va_arg(ap, int64_t)); break;
    default: sqlite3_bind_double(st, i + 1, va_arg(ap, double)); break;
    }
  }
  return st;
}

sqlite3_stmt *lt_db_prepare(lt_db *db, lt_diag_list *diags, const char *sql, const char *types,
                            ...) {
  va_list ap;
  va_start(ap, types);
  sqlite3_stmt *st = prepare_va(db, diags, sql, types, ap);
  va_end(ap);
  return st;
}

lt_status lt_db_count(lt_db *db, lt_diag_list *diags, int64_t *out, const char *sql,
                      const char *types, ...) {
  va_list ap;
  va_start(ap, types);
  sqlite3_stmt *st = prepare_va(db, diags, sql, types, ap);
  va_end(ap);
  if (!st) return LT_ERR_IO;
  int rc = sqlite3_step(st);
  lt_status s = LT_OK;
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int64(st, 0);
  else
    s = lt_db_fail(db, diags, rc == SQLITE_DONE ? "no answer to a count" : "cannot read");
  sqlite3_reset(st);
  return s;
}

int64_t lt_db_scalar(lt_db *db, int64_t fallback, const char *sql, const char *types, ...) {
  va_list ap;
  va_start(ap, types);
  sqlite3_stmt *st = prepare_va(db, NULL, sql, types, ap);
  va_end(ap);
  int64_t v = st && sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : fallback;
  sqlite3_reset(st);
  return v;
}

lt_status lt_db_run(lt_db *db, sqlite3_stmt *st, lt_diag_list *diags) {
  if (!st) return LT_ERR_IO;
  int rc = sqlite3_step(st);
  lt_status s =
      rc == SQLITE_DONE || rc == SQLITE_ROW ? LT_OK : lt_db_fail(db, diags, "cannot write");
  sqlite3_reset(st);
  return s;
}

/* A ROLLBACK that fails leaves nothing to undo: SQLite has already ended the transaction
 * (that is when ROLLBACK fails), so its status carries no news. */
static void rollback(lt_db *db) {
  if (lt_db_exec(db, "ROLLBACK", NULL) != LT_OK) return;
}

lt_status lt_db_begin(lt_db *db, lt_diag_list *diags) {
  return lt_db_run(db, lt_db_prepare(db, diags, "BEGIN IMMEDIATE", ""), diags);
}

lt_status lt_db_end(lt_db *db, lt_status s, lt_diag_list *diags) {
  if (s == LT_OK) return lt_db_run(db, lt_db_prepare(db, diags, "COMMIT", ""), diags);
  rollback(db);
  return s;
}

size_t lt_db_take_batch(sqlite3_stmt *st, size_t max, char **ids, char **jsons, int64_t *last) {
  return lt_db_take_batch_rc(st, max, ids, jsons, last, NULL);
}

size_t lt_db_take_batch_rc(sqlite3_stmt *st, size_t max, char **ids, char **jsons, int64_t *last,
                           int *out_rc) {
  size_t n = 0;
  int rc = st ? SQLITE_ROW : SQLITE_ERROR;
  while (st && n < max && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    ids[n] = g_strdup((const char *)sqlite3_column_text(st, 0));
    jsons[n++] = g_strdup((const char *)sqlite3_column_text(st, 1));
    if (last) *last = sqlite3_column_int64(st, 2);
  }
  if (out_rc) *out_rc = rc == SQLITE_ROW ? SQLITE_DONE : rc; /* ROW: stopped at max */
  if (st) sqlite3_reset(st);
  return n;
}

lt_status lt_db_mark_each(lt_db *db, const char *sql, char *const *ids, size_t n) {
  lt_status s = lt_db_begin(db, NULL);
  char *now = lt_db_now();
  for (size_t i = 0; i < n && s == LT_OK; i++)
    s = lt_db_run(db, lt_db_prepare(db, NULL, sql, "tt", now, ids[i]), NULL);
  g_free(now);
  return lt_db_end(db, s, NULL);
}

char *lt_db_now(void) {
  GDateTime *dt = g_date_time_new_now_utc();
  char *base = g_date_time_format(dt, "%Y-%m-%dT%H:%M:%S");
  char *s = g_strdup_printf("%s.%03dZ", base, g_date_time_get_microsecond(dt) / 1000);
  g_free(base);
  g_date_time_unref(dt);
  return s;
}

LT_MUST_CHECK static lt_status migrate(lt_db *db, const char *what, const char *const *migrations,
                                       int latest, lt_diag_list *diags) {
  int64_t v64 = 0;
  lt_status s0 = lt_db_count(db, diags, &v64, "PRAGMA user_version", "");
  if (s0 != LT_OK) return s0;
  int version = (int)v64;
  if (version > latest) {
    lt_diag_add(diags, LT_DIAG_ERROR, db->path, 0, 0,
                "%s was written by a newer Lentera (schema %d, this one knows %d)", what, version,
                latest);
    return LT_ERR_INVALID;
  }
  for (int v = version; v < latest; v++) {
    char *sql = g_strdup_printf("BEGIN IMMEDIATE;\n%s\nPRAGMA user_version = %d;\nCOMMIT;",
                                migrations[v], v + 1);
    lt_status s = lt_db_exec(db, sql, diags);
    g_free(sql);
    if (s != LT_OK) {
      rollback(db);
      return s;
    }
  }
  return LT_OK;
}

/* PRAGMA quick_check: every page, cell and record is well formed (indexes are not compared
 * with their tables, which integrity_check adds at many times the cost). */
LT_MUST_CHECK static lt_status quick_check(lt_db *db, const char *what, lt_diag_list *diags) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db->db, "PRAGMA quick_check(5)", -1, &st, NULL) != SQLITE_OK) {
    char *msg = g_strdup_printf("cannot check %s", what);
    lt_status s = lt_db_fail(db, diags, msg);
    g_free(msg);
    return s == LT_ERR_IO ? LT_ERR_DAMAGED : s; /* a schema that cannot be read is damage */
  }
  GString *found = g_string_new(NULL);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *line = (const char *)sqlite3_column_text(st, 0);
    if (line && strcmp(line, "ok") != 0)
      g_string_append_printf(found, "%s%s", found->len ? "; " : "", line);
  }
  lt_status s = LT_OK;
  if (rc != SQLITE_DONE) {
    char *msg = g_strdup_printf("cannot check %s", what);
    s = lt_db_fail(db, diags, msg);
    g_free(msg);
    if (s == LT_ERR_IO) s = LT_ERR_DAMAGED;
  } else if (found->len) {
    lt_diag_add(diags, LT_DIAG_ERROR, db->path, 0, 0, "%s is damaged (PRAGMA quick_check: %s)",
                what, found->str);
    s = LT_ERR_DAMAGED;
  }
  sqlite3_finalize(st);
  g_string_free(found, TRUE);
  return s;
}

lt_status lt_db_open(lt_db *db, const char *path, const char *what, const char *pragmas,
                     const char *const *migrations, int migration_count, lt_diag_list *diags) {
  return lt_db_open_flags(db, path, what, pragmas, migrations, migration_count, LT_DB_CREATE,
                          diags);
}

lt_status lt_db_open_flags(lt_db *db, const char *path, const char *what, const char *pragmas,
                           const char *const *migrations, int migration_count, int flags,
                           lt_diag_list *diags) {
  db->path = g_strdup(path);
  db->stmts = g_hash_table_new(g_direct_hash, g_direct_equal);
  lt_status s = LT_OK;
  /* a connection is only ever used by one thread at a time: no SQLite mutexes */
  int rc = sqlite3_open_v2(path, &db->db,
                           SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                               (flags & LT_DB_CREATE ? SQLITE_OPEN_CREATE : 0),
                           NULL);
  if (rc != SQLITE_OK) {
    char *msg = g_strdup_printf("cannot open %s", what);
    s = lt_db_fail(db, diags, msg);
    g_free(msg);
  }
  /* SQLite quietly opens a file it cannot write read-only: every later write would fail */
  if (s == LT_OK && sqlite3_db_readonly(db->db, "main") == 1) {
    int err = sqlite3_system_errno(db->db); /* why the writable open failed, when known */
    s = err ? lt_file_status(err) : LT_ERR_READONLY;
    if (s == LT_ERR_IO) s = LT_ERR_READONLY;
    lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "%s cannot be written: %s", what,
                err ? g_strerror(err) : "a read-only file, folder or disk, or no permission");
  }
  if (s == LT_OK) {
    sqlite3_busy_timeout(db->db, 5000);
    profile_if_asked(db->db);
    s = lt_db_exec(db, pragmas, diags);
  }
  if (s == LT_OK && (flags & LT_DB_CHECK)) s = quick_check(db, what, diags);
  if (s == LT_OK) s = migrate(db, what, migrations, migration_count, diags);
  if (s != LT_OK) lt_db_close(db);
  return s;
}

void lt_db_close(lt_db *db) {
  if (db->stmts) {
    GHashTableIter it;
    gpointer key, st;
    g_hash_table_iter_init(&it, db->stmts);
    while (g_hash_table_iter_next(&it, &key, &st))
      sqlite3_finalize(st);
    g_hash_table_destroy(db->stmts);
  }
  sqlite3_close(db->db);
  g_free(db->path);
  db->db = NULL, db->path = NULL, db->stmts = NULL;
}
