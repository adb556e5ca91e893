/* db — the SQLite helpers shared by the learning log and the collection (internal to core).
 *
 * An lt_db is one connection plus a cache of prepared statements keyed by the address of
 * their SQL literal: prepared once, reset and rebound on every use, finalized on close.
 * Opening applies numbered migrations (PRAGMA user_version), each in its own transaction. */
#ifndef LENTERA_CORE_DB_H
#define LENTERA_CORE_DB_H

#include <glib.h>
#include <sqlite3.h>
#include <stdint.h>

#include "lentera/diag.h"

typedef struct {
  sqlite3 *db;
  char *path;
  GHashTable *stmts; /* SQL text (a literal, by address) -> prepared statement */
} lt_db;

/* Opens (creating) `path`, runs `pragmas`, then the migrations after the file's
 * user_version; `what` names the file in messages ("the log"). On failure `db` is closed. */
LT_MUST_CHECK lt_status lt_db_open(lt_db *db, const char *path, const char *what,
                                   const char *pragmas, const char *const *migrations,
                                   int migration_count, lt_diag_list *diags);
/* lt_db_open's flags: LT_DB_CREATE makes the file when missing; LT_DB_CHECK runs PRAGMA
 * quick_check before the migrations and returns LT_ERR_DAMAGED when it finds anything. */
enum { LT_DB_CREATE = 1, LT_DB_CHECK = 2 };
LT_MUST_CHECK lt_status lt_db_open_flags(lt_db *db, const char *path, const char *what,
                                         const char *pragmas, const char *const *migrations,
                                         int migration_count, int flags, lt_diag_list *diags);
void lt_db_close(lt_db *db);

/* Turns SQLite's last error into a diagnostic and a status, LT_ERR_DAMAGED for a damaged or
 * foreign file (SQLITE_CORRUPT, SQLITE_NOTADB), else LT_ERR_IO (a reporter: callers may
 * drop it). lt_db_exec and lt_db_run report the same way. */
lt_status lt_db_fail(lt_db *db, lt_diag_list *diags, const char *what);
LT_MUST_CHECK lt_status lt_db_exec(lt_db *db, const char *sql, lt_diag_list *diags);
/* The cached statement for `sql` (a string literal) with the varargs bound as `types` says:
 * 't' text (NULL binds SQL NULL), 'i' int64_t, 'd' double. NULL on error. */
sqlite3_stmt *lt_db_prepare(lt_db *db, lt_diag_list *diags, const char *sql, const char *types,
                            ...);
/* The first column of the first row into *out; a read error (or no row) is reported, never
 * taken for 0. Use it for every count a decision rests on ("nothing to send"). */
LT_MUST_CHECK lt_status lt_db_count(lt_db *db, lt_diag_list *diags, int64_t *out, const char *sql,
                                    const char *types, ...);
/* The first column of the first row, or `fallback` when there is none or it cannot be read
 * (for display only: lt_db_count when a wrong 0 would mislead). */
int64_t lt_db_scalar(lt_db *db, int64_t fallback, const char *sql, const char *types, ...);
/* Steps a statement that returns no rows (NULL = the prepare failed) and resets it. */
LT_MUST_CHECK lt_status lt_db_run(lt_db *db, sqlite3_stmt *st, lt_diag_list *diags);
/* BEGIN IMMEDIATE; lt_db_end commits when s is LT_OK, else rolls back, and returns s. */
LT_MUST_CHECK lt_status lt_db_begin(lt_db *db, lt_diag_list *diags);
LT_MUST_CHECK lt_status lt_db_end(lt_db *db, lt_status s, lt_diag_list *diags);

/* The LRS queues' two steps (lrs.h), shared by the log's outbox and the collection:
 * lt_db_take_batch steps `st` (prepared and bound; NULL gives 0) and copies up to `max`
 * rows of (id, json) from columns 0 and 1 into ids/jsons (g_free each), *last (may be NULL)
 * getting column 2 of the last row; lt_db_mark_each runs `sql` ("UPDATE … SET x = ? WHERE
 * id = ?", a literal) with the time now for every id, in one transaction. */
size_t lt_db_take_batch(sqlite3_stmt *st, size_t max, char **ids, char **jsons, int64_t *last);
/* The same, *out_rc (may be NULL) getting SQLITE_DONE when the rows were read without error
 * (all of them or `max`), else the SQLite error that stopped the reading: a short batch is
 * then not "nothing more". */
size_t lt_db_take_batch_rc(sqlite3_stmt *st, size_t max, char **ids, char **jsons, int64_t *last,
                           int *out_rc);
LT_MUST_CHECK lt_status lt_db_mark_each(lt_db *db, const char *sql, char *const *ids, size_t n);

/* Now as ISO 8601 UTC with milliseconds (g_free()). */
char *lt_db_now(void);

#endif
