/* platform — the few operating-system services that differ between POSIX and Windows:
 * advisory file locks, "may another account change this file?" checks, and opening a
 * document in the program the desktop chose for it.
 *
 * Everything else in core uses GLib or plain C; a Windows port replaces this module
 * (LockFileEx, ACLs) and nothing else. Locks are whole-file, exclusive, held by an open
 * descriptor and released when it is closed or the process ends (a crash never leaves a
 * folder locked). */
#ifndef LENTERA_PLATFORM_H
#define LENTERA_PLATFORM_H

#include <stdbool.h>

#include "lentera/diag.h"

typedef enum {
  LT_LOCK_TAKEN, /* the lock is ours: *out_fd holds it */
  LT_LOCK_BUSY,  /* another open file (this process or another) holds it */
  LT_LOCK_ERROR  /* the lock file cannot be opened or locked (errno says why) */
} lt_lock_try;

/* Opens (creating, mode 0600) the lock file `path` and waits until it is ours. On LT_OK
 * *out_fd holds the lock: release it with lt_platform_unlock(). */
LT_MUST_CHECK lt_status lt_platform_lock(const char *path, int *out_fd, lt_diag_list *diags);

/* Takes the lock file `path` without waiting. With `create` false a missing file is
 * LT_LOCK_ERROR with errno ENOENT (nothing is created). */
LT_MUST_CHECK lt_lock_try lt_platform_lock_try(const char *path, bool create, int *out_fd);

/* Releases a lock (closes `fd`); a negative fd does nothing. */
void lt_platform_unlock(int fd);

/* Why the open file or folder `fd` could be changed by another account, as a short English
 * phrase ("writable by other accounts", "owned by another account"), or NULL when only this
 * account (or the administrator) can change it. The rule ssh applies to its key files. */
const char *lt_platform_shared_writable(int fd);

/* Opens `path` (a PDF) in the desktop's viewer for it: xdg-open on Linux, its answer awaited
 * for up to 3 s. LT_ERR_IO with a diagnostic when there is no such program or no viewer. */
LT_MUST_CHECK lt_status lt_platform_open_document(const char *path, lt_diag_list *diags);

#endif
