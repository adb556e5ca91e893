/* platform — POSIX locks and ownership checks (platform.h).
 *
 * Locks are flock(2) locks: per open file description, so two opens in one process
 * exclude each other too (the tests rely on it), released by close() or by the process's
 * death. A lock file is never removed by the code that waits for it, so every holder
 * locks the same inode. Ownership: a file or folder is safe when neither group nor others
 * may write it and it belongs to this account or to root. */
#include "lentera/platform.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lentera/file.h"

lt_status lt_platform_lock(const char *path, int *out_fd, lt_diag_list *diags) {
  int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return lt_file_write_failed(diags, path, errno, NULL);
  int rc;
  while ((rc = flock(fd, LOCK_EX)) != 0 && errno == EINTR)
    ;
  if (rc != 0) {
    int err = errno;
    close(fd);
    lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "cannot lock: %s", g_strerror(err));
    return LT_ERR_IO;
  }
  *out_fd = fd;
  return LT_OK;
}

lt_lock_try lt_platform_lock_try(const char *path, bool create, int *out_fd) {
  int fd = open(path, O_RDWR | O_CLOEXEC | (create ? O_CREAT : 0), 0600);
  if (fd < 0) return LT_LOCK_ERROR;
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int err = errno;
    close(fd);
    errno = err;
    return err == EWOULDBLOCK ? LT_LOCK_BUSY : LT_LOCK_ERROR;
  }
  *out_fd = fd;
  return LT_LOCK_TAKEN;
}

void lt_platform_unlock(int fd) {
  if (fd >= 0) close(fd);
}

const char *lt_platform_shared_writable(int fd) {
  struct stat sb;
  if (fstat(fd, &sb) != 0) return "unreadable";
  if (sb.st_mode & (S_IWGRP | S_IWOTH)) return "writable by other accounts";
  if (sb.st_uid != geteuid() && sb.st_uid != 0) return "owned by another account";
  return NULL;
}
