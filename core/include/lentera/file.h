/* file — whole-file reads and crash-safe writes.
 *
 * Writes go to a temporary name in the destination folder, are fsynced, then renamed
 * over (or linked to, when overwriting is refused) the final name, and the folder is
 * fsynced: a reader sees the old file or the new one, never half of one. */
#ifndef LENTERA_FILE_H
#define LENTERA_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "lentera/diag.h"

/* The status for a failed system call's errno: LT_ERR_FULL for a full disk or quota,
 * LT_ERR_READONLY for a read-only file system or a denied write, else LT_ERR_IO. */
lt_status lt_file_status(int err);

/* Reads a whole file. *out is NUL-terminated (not counted in *out_len); free() it. */
LT_MUST_CHECK lt_status lt_file_read(const char *path, char **out, size_t *out_len,
                                     lt_diag_list *diags);

/* Atomically writes `len` bytes to `path` with permissions `mode`. With overwrite false an
 * existing file is left alone and LT_ERR_EXISTS returned. */
LT_MUST_CHECK lt_status lt_file_write_atomic(const char *path, const void *data, size_t len,
                                             mode_t mode, bool overwrite, lt_diag_list *diags);

/* Opens a temporary file beside `path` for a streamed atomic write. Returns the fd and
 * sets *out_tmp_path (free()). Finish with lt_file_commit() or lt_file_abandon(). */
LT_MUST_CHECK lt_status lt_file_begin(const char *path, mode_t mode, int *out_fd,
                                      char **out_tmp_path, lt_diag_list *diags);
/* fsyncs and closes `fd`, renames tmp_path to path, fsyncs the folder. */
LT_MUST_CHECK lt_status lt_file_commit(int fd, const char *tmp_path, const char *path,
                                       bool overwrite, lt_diag_list *diags);
/* Closes `fd` (if >= 0) and removes tmp_path. */
void lt_file_abandon(int fd, const char *tmp_path);

#endif
