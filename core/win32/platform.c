/* platform — the Windows side of platform.h (core/platform.c is the POSIX one).
 *
 * Locks are LockFileEx locks over the whole lock file (posix.c's flock), held by an open
 * descriptor and released when it is closed or the process ends. "May another account change
 * this file?": the data folder lives in the account's own profile (SDL_GetPrefPath, under
 * %APPDATA%), whose ACL Windows already limits to the account, SYSTEM and administrators, so
 * this check has nothing more to refuse and answers NULL. Documents open with ShellExecuteW
 * ("open"), which starts the program Windows associates with .pdf files. */
#include "lentera/platform.h"

#include <errno.h>
#include <glib.h>
#include <windows.h>

#include <shellapi.h>

#include "lentera/file.h"

static int open_lock(const char *path, bool create) {
  int fd = open(path, O_RDWR);
  if (fd < 0 && errno == ENOENT && create) fd = open(path, O_RDWR | O_CREAT, 0600);
  return fd;
}

lt_status lt_platform_lock(const char *path, int *out_fd, lt_diag_list *diags) {
  int fd = open_lock(path, true);
  if (fd < 0) return lt_file_write_failed(diags, path, errno, NULL);
  if (flock(fd, LOCK_EX) != 0) {
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
