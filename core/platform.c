/* platform — locks, ownership checks and opening documents (platform.h).
 *
 * Locks are flock(2) locks: per open file description, so two opens in one process
 * exclude each other too (the tests rely on it), released by close() or by the process's
 * death. A lock file is never removed by the code that waits for it, so every holder
 * locks the same inode; it is created only when missing (so taking a lock writes nothing),
 * and one made by root is given to its folder's owner. Ownership: a file or folder is safe
 * when neither group nor others may write it and it belongs to this account or to root.
 * Documents are opened with xdg-open: its answer is awaited for up to 3 s (it exits at once,
 * non-zero, when the desktop has no viewer for the file); one still running then has started a
 * viewer, and a thread reaps it.
 *
 * On Windows (the _WIN32 parts) the same lock code runs on LockFileEx (flock in
 * core/win32/posix.c). The data folder lives in the account's profile (SDL_GetPrefPath, under
 * %APPDATA%), whose ACL Windows already limits to the account, SYSTEM and administrators, so
 * the ownership check has nothing more to refuse; documents open with ShellExecuteW, which
 * starts the program Windows associates with .pdf files. */
#include "lentera/platform.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef _WIN32
#include <windows.h>

#include <shellapi.h>
#else
#include <sys/file.h>
#include <sys/wait.h>
#endif

#include "lentera/file.h"

/* An administrator (root) running a command on a learner's data folder must not leave a
 * lock file the learner's account cannot open: it is given to the folder's owner. */
static void give_to_folder_owner(int fd, const char *path) {
  if (geteuid() != 0) return;
  char *dir = g_path_get_dirname(path);
  struct stat sb;
  if (stat(dir, &sb) == 0 && sb.st_uid != 0 && fchown(fd, sb.st_uid, sb.st_gid) != 0) {
    /* the lock still works for root; the learner's next run says it cannot lock */
  }
  g_free(dir);
}

/* Opens a lock file, creating it only when it is missing: flock needs no write access, so
 * taking a lock that exists writes nothing (and works on a file made read-only). */
static int open_lock(const char *path, bool create) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT && create) {
    fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd >= 0) give_to_folder_owner(fd, path);
  }
  return fd;
}

lt_status lt_platform_lock(const char *path, int *out_fd, lt_diag_list *diags) {
  int fd = open_lock(path, true);
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
  int fd = open_lock(path, create);
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

#ifdef _WIN32
const char *lt_platform_shared_writable(int fd) {
  struct stat sb;
  return fstat(fd, &sb) != 0 ? "unreadable" : NULL;
}

lt_status lt_platform_open_document(const char *path, lt_diag_list *diags) {
  wchar_t *w = g_utf8_to_utf16(path, -1, NULL, NULL, NULL);
  HINSTANCE h = w ? ShellExecuteW(NULL, L"open", w, NULL, NULL, SW_SHOWNORMAL) : NULL;
  g_free(w);
  if ((INT_PTR)h > 32) return LT_OK;
  lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0,
              "cannot open it: this computer has no program for PDF files (ShellExecute %d)",
              (int)(INT_PTR)h);
  return LT_ERR_IO;
}
#else
const char *lt_platform_shared_writable(int fd) {
  struct stat sb;
  if (fstat(fd, &sb) != 0) return "unreadable";
  if (sb.st_mode & (S_IWGRP | S_IWOTH)) return "writable by other accounts";
  if (sb.st_uid != geteuid() && sb.st_uid != 0) return "owned by another account";
  return NULL;
}

static gpointer reap(gpointer pid) {
  int status;
  (void)waitpid((pid_t)GPOINTER_TO_INT(pid), &status, 0);
  return NULL;
}

lt_status lt_platform_open_document(const char *path, lt_diag_list *diags) {
  char prog[] = "xdg-open", *file = g_strdup(path);
  char *argv[] = {prog, file, NULL};
  GError *e = NULL;
  GPid pid;
  gboolean ok = g_spawn_async(NULL, argv, NULL,
                              G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL |
                                  G_SPAWN_STDERR_TO_DEV_NULL | G_SPAWN_DO_NOT_REAP_CHILD,
                              NULL, NULL, &pid, &e);
  g_free(file);
  if (!ok) {
    lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "cannot open it: %s", e->message);
    g_error_free(e);
    return LT_ERR_IO;
  }
  for (int i = 0; i < 150; i++) { /* 3 s */
    int status;
    pid_t got = waitpid(pid, &status, WNOHANG);
    if (got == pid || (got < 0 && errno != EINTR)) {
      if (got == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0) return LT_OK;
      lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0,
                  "cannot open it: this computer has no program for PDF files (xdg-open %d)",
                  got == pid && WIFEXITED(status) ? WEXITSTATUS(status) : -1);
      return LT_ERR_IO;
    }
    g_usleep(20000);
  }
  g_thread_unref(g_thread_new("lt-reap", reap, GINT_TO_POINTER(pid))); /* a viewer runs */
  return LT_OK;
}
#endif
