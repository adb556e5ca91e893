/* file — whole-file reads, confined reads, and crash-safe writes.
 *
 * Writes go to a temporary name in the destination folder, are fsynced, then renamed
 * over (or linked to, when overwriting is refused) the final name, and the folder is
 * fsynced: a reader sees the old file or the new one, never half of one.
 *
 * Confined reads (lt_file_open_in) are how the packer reads a course folder: only regular
 * files inside the folder, never through a symbolic link, never a hard link (whose other
 * name may be anywhere), a device, a FIFO or a socket. A colleague's folder holding
 * `media/panduan.pdf -> ~/.ssh/id_rsa` must not put the trainer's key in a signed pack. */
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

/* Where a refused file is reported: the Markdown that links it, or the file itself
 * (line and col 0). */
typedef struct {
  const char *file;
  int line, col;
} lt_file_where;

/* Opens `rel`, a relative path of plain names, below the folder `root` for reading. Every
 * folder on the way must be a real folder and the file a regular file with one name: a
 * symbolic link (to anywhere, even inside), a hard link, a device, a FIFO, a socket, or a
 * ".." part is refused with LT_ERR_INVALID and a diagnostic at `at` naming the part of
 * `rel` that was refused. No symbolic link is followed (O_NOFOLLOW at every step) and the
 * checks are made with fstat() on the opened descriptor, so the bytes read are those of the
 * file that was checked. `root` itself is opened as given (the user named it).
 * A missing file is LT_ERR_IO; when `out_missing` is not NULL it is then set to true and no
 * diagnostic is added (the caller says it its own way), else it is set to false on every
 * other outcome. On LT_OK *out_fd is open for reading (close() it). */
LT_MUST_CHECK lt_status lt_file_open_in(const char *root, const char *rel, const lt_file_where *at,
                                        bool *out_missing, int *out_fd, lt_diag_list *diags);

/* Whether `rel` exists below `root` as anything (a symbolic link too), without following
 * links: for "is that name taken?" questions. */
bool lt_file_exists_in(const char *root, const char *rel);

/* Opens one file named by the user (a command-line argument) for reading, with the same
 * rules as lt_file_open_in for its last part: not a symbolic link, a hard link, a device, a
 * FIFO or a socket. Diagnostics name `path`. */
LT_MUST_CHECK lt_status lt_file_open_regular(const char *path, int *out_fd, lt_diag_list *diags);

/* Reads what is left of `fd` whole (it stays open). More than `max` bytes is LT_ERR_INVALID,
 * reported at `shown`; *out is NUL-terminated (not counted in *out_len); free() it. */
LT_MUST_CHECK lt_status lt_file_read_fd(int fd, const char *shown, size_t max, char **out,
                                        size_t *out_len, lt_diag_list *diags);

/* Adds the diagnostic for a failed write to `path` with errno `err`, naming the cause in
 * plain words when a user can act on it (a full disk, a read-only disk, a failing disk, a
 * file too big for a FAT stick, no permission). `hint` (may be NULL) is another way out,
 * e.g. "use -o on another disk". Every write in this module reports through it. Returns
 * the status for `err` (lt_file_status). */
lt_status lt_file_write_failed(lt_diag_list *diags, const char *path, int err, const char *hint);

/* Atomically writes `len` bytes to `path` with permissions `mode`. With overwrite false an
 * existing file is left alone and LT_ERR_EXISTS returned. */
LT_MUST_CHECK lt_status lt_file_write_atomic(const char *path, const void *data, size_t len,
                                             mode_t mode, bool overwrite, lt_diag_list *diags);

/* lt_file_write_atomic() of the plain name `name` in the open folder `dirfd` (messages name
 * `shown`), through no symbolic link: for writing into a folder that must stay the one
 * that was checked (`lentera-pack new`). */
LT_MUST_CHECK lt_status lt_file_write_atomic_at(int dirfd, const char *name, const char *shown,
                                                const void *data, size_t len, mode_t mode,
                                                bool overwrite, lt_diag_list *diags);

/* Opens a temporary file beside `path` for a streamed atomic write. Returns the fd and
 * sets *out_tmp_path (free()). Finish with lt_file_commit() or lt_file_abandon(). On
 * failure errno still says why. */
LT_MUST_CHECK lt_status lt_file_begin(const char *path, mode_t mode, int *out_fd,
                                      char **out_tmp_path, lt_diag_list *diags);
/* fsyncs and closes `fd`, renames tmp_path to path, fsyncs the folder. */
LT_MUST_CHECK lt_status lt_file_commit(int fd, const char *tmp_path, const char *path,
                                       bool overwrite, lt_diag_list *diags);
/* Closes `fd` (if >= 0) and removes tmp_path. */
void lt_file_abandon(int fd, const char *tmp_path);

#endif
