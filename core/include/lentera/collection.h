/* collection — the trainer's collection of learning records (schema/collection.sql).
 *
 * Statements come from sync folders (`lentera-sync/<device>/<time>.jsonl`, written by the
 * players' --export-sync) and from an LRS, and can be forwarded to another LRS. Each is
 * stored once by id; the same statement again is counted as a duplicate, a different one
 * under a known id is kept aside as a conflict and reported, never stored over the first.
 * A sync file is read in the same transaction as the row that remembers it (several whole
 * files share one), so a killed collect leaves each file either whole or not read. */
#ifndef LENTERA_COLLECTION_H
#define LENTERA_COLLECTION_H

#include <stddef.h>

#include "lentera/diag.h"
#include "lentera/lrs.h"

typedef struct lt_collection lt_collection;

typedef struct {
  size_t files_read, files_skipped; /* skipped: read before */
  size_t added, duplicates, conflicts, rejected;
  size_t files_unreadable; /* named in the diagnostics; the other files are read all the same */
} lt_collect_stats;

/* Opens or creates the collection file (a temporary in-memory one for ":memory:"). */
LT_MUST_CHECK lt_status lt_collection_open(const char *path, lt_collection **out,
                                           lt_diag_list *diags);
void lt_collection_free(lt_collection *c);

/* Reads the sync files under `source` not read before: a folder holding lentera-sync/, that
 * folder, one device's folder, or one .jsonl file. A line that is not a statement is
 * reported with its file:line:col and skipped, as is a line over LT_LIMIT_STATEMENT_BYTES
 * (limits.h) without being parsed; a file that cannot be read is reported, counted in
 * files_unreadable and skipped. Neither stops the others: every other file is kept. */
LT_MUST_CHECK lt_status lt_collection_read(lt_collection *c, const char *source,
                                           lt_lrs_progress_fn fn, void *user,
                                           lt_collect_stats *stats, lt_diag_list *diags);

/* Adds one statement's JSON text; `file`/`line` place it in messages, `source` is recorded
 * with it. LT_ERR_INVALID (counted as rejected) when it is not a usable statement. */
LT_MUST_CHECK lt_status lt_collection_add(lt_collection *c, const char *json, size_t len,
                                          const char *source, const char *file, int line,
                                          lt_collect_stats *stats, lt_diag_list *diags);

/* Pulls the statements an LRS stored since the last pull from it. */
void lt_collection_pull(lt_collection *c, const lt_lrs *lrs, lt_collect_stats *stats,
                        lt_lrs_result *out, lt_diag_list *diags);

/* Pushes the statements not yet forwarded to `lrs`. */
void lt_collection_forward(lt_collection *c, const lt_lrs *lrs, lt_lrs_progress_fn fn, void *user,
                           lt_lrs_result *out, lt_diag_list *diags);

/* Statements held. */
size_t lt_collection_count(lt_collection *c);

#endif
