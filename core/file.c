/* file — whole-file reads and atomic writes (temp name + fsync + rename + dir fsync).
 *
 * "No overwrite" commits use link(2) rather than rename(2), so an existing file can never
 * be clobbered even if it appears between a check and the rename. */
#include "lentera/file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

lt_status lt_file_read(const char *path, char **out, size_t *out_len, lt_diag_list *diags) {
  gchar *data = NULL;
  gsize len = 0;
  GError *err = NULL;
  if (!g_file_get_contents(path, &data, &len, &err)) {
    lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "cannot read: %s", err->message);
    g_error_free(err);
    return LT_ERR_IO;
  }
  char *copy = malloc(len + 1);
  if (!copy) {
    g_free(data);
    return LT_ERR_NOMEM;
  }
  memcpy(copy, data, len);
  copy[len] = '\0';
  g_free(data);
  *out = copy;
  if (out_len) *out_len = len;
  return LT_OK;
}

lt_status lt_file_status(int err) {
  switch (err) {
  case ENOSPC:
#ifdef EDQUOT
  case EDQUOT:
#endif
    return LT_ERR_FULL;
  case EROFS:
  case EACCES:
  case EPERM: return LT_ERR_READONLY;
  default: return LT_ERR_IO;
  }
}

/* Reports a failed call on `path` and returns its status. */
static lt_status fail(lt_diag_list *diags, const char *path, const char *what, int err) {
  lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "%s: %s", what, strerror(err));
  return lt_file_status(err);
}

/* The rename is durable only once the folder holding it is on disk; when that fails the
 * new name is taken back, so nothing is left that was reported as not written. */
LT_MUST_CHECK static lt_status fsync_dir_of(const char *path, lt_diag_list *diags) {
  char *dir = g_path_get_dirname(path);
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  lt_status st = LT_OK;
  if (fd < 0 || fsync(fd) != 0) {
    st = fail(diags, path, "cannot write its folder", errno);
    unlink(path);
  }
  if (fd >= 0) close(fd);
  g_free(dir);
  return st;
}

lt_status lt_file_begin(const char *path, mode_t mode, int *out_fd, char **out_tmp_path,
                        lt_diag_list *diags) {
  char *dir = g_path_get_dirname(path);
  char *base = g_path_get_basename(path);
  char *tmpl = g_strdup_printf("%s/.%s.XXXXXX", dir, base);
  g_free(dir);
  g_free(base);
  int fd = g_mkstemp_full(tmpl, O_RDWR | O_CLOEXEC, (int)mode);
  if (fd < 0 || fchmod(fd, mode) != 0) {
    lt_status st = fail(diags, path, "cannot create", errno);
    if (fd >= 0) {
      close(fd);
      unlink(tmpl);
    }
    g_free(tmpl);
    return st;
  }
  *out_fd = fd;
  *out_tmp_path = strdup(tmpl);
  g_free(tmpl);
  return LT_OK;
}

lt_status lt_file_commit(int fd, const char *tmp_path, const char *path, bool overwrite,
                         lt_diag_list *diags) {
  int synced = fsync(fd), err = errno;
  if (close(fd) != 0 && synced == 0) synced = -1, err = errno;
  if (synced != 0) {
    unlink(tmp_path);
    return fail(diags, path, "cannot write", err);
  }
  int rc = overwrite ? rename(tmp_path, path) : link(tmp_path, path);
  int saved = errno;
  if (!overwrite || rc != 0) unlink(tmp_path);
  if (rc != 0) {
    if (saved == EEXIST) {
      lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "file exists (use -f to overwrite)");
      return LT_ERR_EXISTS;
    }
    return fail(diags, path, "cannot write", saved);
  }
  return fsync_dir_of(path, diags);
}

void lt_file_abandon(int fd, const char *tmp_path) {
  if (fd >= 0) close(fd);
  if (tmp_path) unlink(tmp_path);
}

lt_status lt_file_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
                               bool overwrite, lt_diag_list *diags) {
  int fd;
  char *tmp;
  lt_status st = lt_file_begin(path, mode, &fd, &tmp, diags);
  if (st != LT_OK) return st;
  const char *p = data;
  size_t left = len;
  while (left > 0) {
    ssize_t n = write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      st = fail(diags, path, "cannot write", errno);
      lt_file_abandon(fd, tmp);
      free(tmp);
      return st;
    }
    p += n;
    left -= (size_t)n;
  }
  st = lt_file_commit(fd, tmp, path, overwrite, diags);
  free(tmp);
  return st;
}
