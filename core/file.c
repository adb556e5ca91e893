/* file — whole-file reads, confined reads and atomic writes (temp name + fsync + rename +
 * dir fsync).
 *
 * "No overwrite" commits use link(2) rather than rename(2), so an existing file can never
 * be clobbered even if it appears between a check and the rename.
 *
 * A confined open walks the relative path one name at a time with openat(O_NOFOLLOW) from
 * a descriptor of the root folder: each name is first looked at with fstatat(
 * AT_SYMLINK_NOFOLLOW), so a device or FIFO is refused without being opened (opening a
 * FIFO would wait for a writer; opening a tape device can rewind it), then opened with
 * O_NOFOLLOW | O_NONBLOCK, and the opened descriptor is checked again with fstat(): if the
 * name was swapped in between, the second look refuses it. */
#include "lentera/file.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lentera/limits.h"

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

/* ---- confined reads ---- */

typedef enum {
  V_OK,
  V_MISSING,
  V_IO, /* errno in *err */
  V_OUTSIDE,
  V_SYMLINK,
  V_HARDLINK,
  V_FIFO,
  V_DEVICE,
  V_SOCKET,
  V_FOLDER,
  V_OTHER
} refusal;

typedef struct {
  refusal why;
  int err;       /* V_IO */
  char *part;    /* the leading part of the path that was refused */
  char *target;  /* V_SYMLINK: where it points, when readable */
  nlink_t links; /* V_HARDLINK */
} verdict;

static refusal classify(const struct stat *sb, bool want_dir) {
  if (S_ISLNK(sb->st_mode)) return V_SYMLINK;
  if (want_dir) return S_ISDIR(sb->st_mode) ? V_OK : V_MISSING; /* "media" is a file */
  if (S_ISREG(sb->st_mode)) return sb->st_nlink > 1 ? V_HARDLINK : V_OK;
  if (S_ISDIR(sb->st_mode)) return V_FOLDER;
  if (S_ISFIFO(sb->st_mode)) return V_FIFO;
  if (S_ISCHR(sb->st_mode) || S_ISBLK(sb->st_mode)) return V_DEVICE;
  if (S_ISSOCK(sb->st_mode)) return V_SOCKET;
  return V_OTHER;
}

/* Looks at `name` in `dfd`, then opens it without following a link and looks again at what
 * was opened. Returns the descriptor, or -1 with v->why set. */
static int open_step(int dfd, const char *name, bool want_dir, verdict *v) {
  struct stat before, after;
  if (fstatat(dfd, name, &before, AT_SYMLINK_NOFOLLOW) != 0) {
    v->why = errno == ENOENT || errno == ENOTDIR ? V_MISSING : V_IO;
    v->err = errno;
    return -1;
  }
  v->why = classify(&before, want_dir);
  if (v->why == V_SYMLINK) {
    char buf[4096];
    ssize_t n = readlinkat(dfd, name, buf, sizeof buf - 1);
    if (n >= 0) v->target = g_strndup(buf, (gsize)n);
  }
  if (v->why == V_HARDLINK) v->links = before.st_nlink;
  if (v->why != V_OK) return -1;
  int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;
  int fd = openat(dfd, name, want_dir ? flags | O_DIRECTORY : flags);
  if (fd < 0) {
    v->why = errno == ELOOP ? V_SYMLINK : errno == ENOENT ? V_MISSING : V_IO;
    v->err = errno;
    return -1;
  }
  if (fstat(fd, &after) != 0) {
    v->why = V_IO, v->err = errno;
    close(fd);
    return -1;
  }
  v->why = classify(&after, want_dir);
  if (v->why == V_HARDLINK) v->links = after.st_nlink;
  if (v->why == V_OK && (after.st_dev != before.st_dev || after.st_ino != before.st_ino))
    v->why = V_OTHER; /* swapped between the two looks */
  if (v->why != V_OK) {
    close(fd);
    return -1;
  }
  if (!want_dir) {
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0) (void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
  }
  return fd;
}

static int open_below(const char *root, const char *rel, verdict *v) {
  char **parts = g_strsplit(rel, "/", -1);
  int dfd = -1, fd = -1;
  GString *done = g_string_new(NULL);
  v->why = V_OK;
  guint n = g_strv_length(parts);
  if (!*rel || rel[0] == '/') v->why = V_OUTSIDE;
  for (guint i = 0; i < n && v->why == V_OK; i++)
    if (!strcmp(parts[i], "..")) v->why = V_OUTSIDE;
  if (v->why == V_OK) {
    dfd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) v->why = errno == ENOENT ? V_MISSING : V_IO, v->err = errno;
  }
  for (guint i = 0; i < n && v->why == V_OK; i++) {
    if (!*parts[i] || !strcmp(parts[i], ".")) continue; /* "a//b", "./a" */
    g_string_append_printf(done, "%s%s", done->len ? "/" : "", parts[i]);
    bool last = i + 1 == n;
    int next = open_step(dfd, parts[i], !last, v);
    if (last)
      fd = next;
    else {
      close(dfd);
      dfd = next;
    }
  }
  if (dfd >= 0) close(dfd);
  if (v->why == V_OK && fd < 0) v->why = V_FOLDER; /* rel named only folders ("media/") */
  v->part = g_string_free(done, FALSE);
  g_strfreev(parts);
  return v->why == V_OK ? fd : -1;
}

/* Adds the diagnostic for a refusal; returns the status it means. */
static lt_status refuse(const verdict *v, const char *rel, const lt_file_where *at,
                        lt_diag_list *diags) {
  const char *f = at ? at->file : rel;
  int line = at ? at->line : 0, col = at ? at->col : 0;
  const char *part = v->part && *v->part ? v->part : rel;
  static const char only[] = "a course may use only regular files inside its own folder";
  switch (v->why) {
  case V_OK: return LT_OK;
  case V_MISSING:
    lt_diag_add(diags, LT_DIAG_ERROR, f, line, col, "'%s' not found", rel);
    return LT_ERR_IO;
  case V_IO:
    lt_diag_add(diags, LT_DIAG_ERROR, f, line, col, "cannot read '%s': %s", rel, strerror(v->err));
    return LT_ERR_IO;
  case V_OUTSIDE:
    lt_diag_add(diags, LT_DIAG_ERROR, f, line, col, "'%s' points outside the course folder", rel);
    return LT_ERR_INVALID;
  case V_SYMLINK:
    if (v->target)
      lt_diag_add(diags, LT_DIAG_ERROR, f, line, col,
                  "'%s' is a symbolic link (to '%s'); %s: put a copy there instead", part,
                  v->target, only);
    else
      lt_diag_add(diags, LT_DIAG_ERROR, f, line, col,
                  "'%s' is a symbolic link; %s: put a copy there instead", part, only);
    return LT_ERR_INVALID;
  case V_HARDLINK:
    lt_diag_add(diags, LT_DIAG_ERROR, f, line, col,
                "'%s' is a hard link (one file under %lu names, which may be outside the course "
                "folder); %s: put a copy there instead",
                part, (unsigned long)v->links, only);
    return LT_ERR_INVALID;
  case V_FIFO:
    lt_diag_add(diags, LT_DIAG_ERROR, f, line, col, "'%s' is a FIFO (named pipe); %s", part, only);
    return LT_ERR_INVALID;
  case V_DEVICE:
    lt_diag_add(diags, LT_DIAG_ERROR, f, line, col, "'%s' is a device; %s", part, only);
    return LT_ERR_INVALID;
  case V_SOCKET:
    lt_diag_add(diags, LT_DIAG_ERROR, f, line, col, "'%s' is a socket; %s", part, only);
    return LT_ERR_INVALID;
  case V_FOLDER:
    lt_diag_add(diags, LT_DIAG_ERROR, f, line, col, "'%s' is a folder, not a file", part);
    return LT_ERR_INVALID;
  case V_OTHER:
    lt_diag_add(diags, LT_DIAG_ERROR, f, line, col, "'%s' changed while it was being opened; %s",
                part, only);
    return LT_ERR_INVALID;
  }
  return LT_ERR_INVALID;
}

lt_status lt_file_open_in(const char *root, const char *rel, const lt_file_where *at,
                          bool *out_missing, int *out_fd, lt_diag_list *diags) {
  verdict v = {0};
  int fd = open_below(root, rel, &v);
  lt_status st = LT_OK;
  if (out_missing) *out_missing = v.why == V_MISSING;
  if (fd >= 0)
    *out_fd = fd;
  else if (v.why == V_MISSING && out_missing)
    st = LT_ERR_IO;
  else
    st = refuse(&v, rel, at, diags);
  g_free(v.part);
  g_free(v.target);
  return st;
}

bool lt_file_exists_in(const char *root, const char *rel) {
  char *p = g_build_filename(root, rel, NULL);
  struct stat sb;
  bool yes = lstat(p, &sb) == 0;
  g_free(p);
  return yes;
}

lt_status lt_file_open_regular(const char *path, int *out_fd, lt_diag_list *diags) {
  char *dir = g_path_get_dirname(path), *base = g_path_get_basename(path);
  verdict v = {0};
  int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int fd = -1;
  if (dfd < 0)
    v.why = errno == ENOENT ? V_MISSING : V_IO, v.err = errno;
  else
    fd = open_step(dfd, base, false, &v);
  if (dfd >= 0) close(dfd);
  lt_status st = LT_OK;
  if (fd >= 0) {
    *out_fd = fd;
  } else {
    v.part = g_strdup(path);
    lt_file_where at = {path, 0, 0};
    switch (v.why) {
    case V_MISSING:
      lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "cannot read: no such file");
      st = LT_ERR_IO;
      break;
    case V_IO:
      lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "cannot read: %s", strerror(v.err));
      st = LT_ERR_IO;
      break;
    case V_SYMLINK:
      lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0,
                  "is a symbolic link%s%s%s; give the file itself (or a copy of it)",
                  v.target ? " (to '" : "", v.target ? v.target : "", v.target ? "')" : "");
      st = LT_ERR_INVALID;
      break;
    case V_HARDLINK:
      lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0,
                  "is a hard link (one file under %lu names); give a copy of it",
                  (unsigned long)v.links);
      st = LT_ERR_INVALID;
      break;
    case V_FIFO:
    case V_DEVICE:
    case V_SOCKET:
    case V_FOLDER:
    case V_OTHER:
      lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "is %s, not a regular file",
                  v.why == V_FIFO     ? "a FIFO (named pipe)"
                  : v.why == V_DEVICE ? "a device"
                  : v.why == V_SOCKET ? "a socket"
                  : v.why == V_FOLDER ? "a folder"
                                      : "something that changed while it was opened");
      st = LT_ERR_INVALID;
      break;
    default: st = refuse(&v, path, &at, diags); break;
    }
  }
  g_free(dir), g_free(base), g_free(v.part), g_free(v.target);
  return st;
}

lt_status lt_file_read_fd(int fd, const char *shown, size_t max, char **out, size_t *out_len,
                          lt_diag_list *diags) {
  size_t cap = (size_t)64 * 1024, len = 0;
  char *buf = malloc(cap + 1);
  if (!buf) return LT_ERR_NOMEM;
  for (;;) {
    if (len == cap) {
      if (cap > max) break; /* read more than max: refused below */
      size_t more = cap * 2 > max + 1 ? max + 1 : cap * 2;
      char *grown = realloc(buf, more + 1);
      if (!grown) {
        free(buf);
        return LT_ERR_NOMEM;
      }
      buf = grown, cap = more;
    }
    ssize_t n = read(fd, buf + len, cap - len);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      lt_diag_add(diags, LT_DIAG_ERROR, shown, 0, 0, "cannot read: %s", strerror(errno));
      free(buf);
      return LT_ERR_IO;
    }
    if (n == 0) break;
    len += (size_t)n;
  }
  if (len > max) {
    lt_diag_add(diags, LT_DIAG_ERROR, shown, 0, 0,
                "the file is larger than %.1f MiB, the most accepted here: split it into smaller "
                "files",
                LT_MIB(max));
    free(buf);
    return LT_ERR_INVALID;
  }
  buf[len] = '\0';
  *out = buf;
  if (out_len) *out_len = len;
  return LT_OK;
}

/* ---- writes ---- */

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

lt_status lt_file_write_failed(lt_diag_list *diags, const char *path, int err, const char *hint) {
  const char *sep = hint ? " or " : "";
  hint = hint ? hint : "";
  switch (err) {
  case ENOSPC:
#ifdef EDQUOT
  case EDQUOT:
#endif
    lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0,
                "no space left on the disk holding %s: free some space%s%s", path, sep, hint);
    break;
  case EROFS:
    lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0,
                "the disk holding %s is read-only: make it writable%s%s", path, sep, hint);
    break;
  case EIO:
    lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0,
                "the disk holding %s failed while writing (input/output error): check the disk "
                "or its cable%s%s",
                path, sep, hint);
    break;
  case EFBIG:
    lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0,
                "%s is too large for its disk (a FAT-formatted stick holds at most 4 GB a "
                "file)%s%s",
                path, *hint ? ": " : "", hint);
    break;
  case EACCES:
  case EPERM:
    lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "not allowed to write %s (permission denied)%s%s",
                path, *hint ? ": " : "", hint);
    break;
  default: lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "cannot write: %s", strerror(err));
  }
  return lt_file_status(err);
}

/* The rename is durable only once the folder holding it is on disk; when that fails the
 * new name is taken back, so nothing is left that was reported as not written. */
LT_MUST_CHECK static lt_status fsync_dir_of(const char *path, lt_diag_list *diags) {
  char *dir = g_path_get_dirname(path);
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  lt_status st = LT_OK;
  if (fd < 0 || fsync(fd) != 0) {
    st = lt_file_write_failed(diags, path, errno, NULL);
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
    int saved = errno;
    lt_status st = lt_file_write_failed(diags, path, saved, NULL);
    if (fd >= 0) {
      close(fd);
      unlink(tmpl);
    }
    g_free(tmpl);
    errno = saved; /* for callers that word it their own way */
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
    return lt_file_write_failed(diags, path, err, NULL);
  }
  int rc = overwrite ? rename(tmp_path, path) : link(tmp_path, path);
  int saved = errno;
  if (!overwrite || rc != 0) unlink(tmp_path);
  if (rc != 0) {
    if (saved == EEXIST) {
      lt_diag_add(diags, LT_DIAG_ERROR, path, 0, 0, "file exists (use -f to overwrite)");
      return LT_ERR_EXISTS;
    }
    return lt_file_write_failed(diags, path, saved, NULL);
  }
  return fsync_dir_of(path, diags);
}

void lt_file_abandon(int fd, const char *tmp_path) {
  if (fd >= 0) close(fd);
  if (tmp_path) unlink(tmp_path);
}

lt_status lt_file_write_atomic_at(int dirfd, const char *name, const char *shown, const void *data,
                                  size_t len, mode_t mode, bool overwrite, lt_diag_list *diags) {
  char *tmp = NULL;
  int fd = -1;
  for (int tries = 0; fd < 0 && tries < 100; tries++) {
    g_free(tmp);
    tmp = g_strdup_printf(".%s.%08x", name, g_random_int());
    fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) {
    lt_status st = lt_file_write_failed(diags, shown, errno, NULL);
    g_free(tmp);
    return st;
  }
  const char *p = data;
  size_t left = len;
  bool ok = true;
  while (left > 0 && ok) {
    ssize_t n = write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) p += n, left -= (size_t)n;
  }
  ok = ok && fchmod(fd, mode) == 0 && fsync(fd) == 0;
  int saved = errno;
  if (close(fd) != 0 && ok) ok = false, saved = errno;
  int rc = -1;
  if (ok) {
    rc = overwrite ? renameat(dirfd, tmp, dirfd, name) : linkat(dirfd, tmp, dirfd, name, 0);
    saved = errno;
  }
  if (!ok || rc != 0 || !overwrite) unlinkat(dirfd, tmp, 0);
  g_free(tmp);
  if (ok && rc != 0 && saved == EEXIST) {
    lt_diag_add(diags, LT_DIAG_ERROR, shown, 0, 0, "file exists (use -f to overwrite)");
    return LT_ERR_EXISTS;
  }
  if (!ok || rc != 0) return lt_file_write_failed(diags, shown, saved, NULL);
  if (fsync(dirfd) != 0) {
    lt_status st = lt_file_write_failed(diags, shown, errno, NULL);
    unlinkat(dirfd, name, 0);
    return st;
  }
  return LT_OK;
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
      st = lt_file_write_failed(diags, path, errno, NULL);
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
