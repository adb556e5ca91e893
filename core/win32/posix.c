/* posix — see posix.h. UTF-8 paths become UTF-16 at this boundary (g_utf8_to_utf16), and
 * each call uses the wide Windows or CRT function. Folder descriptors are numbers from
 * DIR_FD_BASE up, indexing a table of paths guarded by one mutex. Built with LT_W32_POSIX_IMPL,
 * so the names here are the CRT's own. */
#include <glib.h>
#include <glib/gstdio.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <windows.h>
#include <errno.h>

#include "posix.h"

#define DIR_FD_BASE 0x40000
#define DIR_FD_MAX 256

static GMutex dir_lock;
static char *dir_paths[DIR_FD_MAX];

static wchar_t *wide(const char *utf8) {
  wchar_t *w = utf8 ? g_utf8_to_utf16(utf8, -1, NULL, NULL, NULL) : NULL;
  if (!w) errno = EINVAL;
  return w;
}

const char *lt_w32_dir_path(int fd) {
  if (fd < DIR_FD_BASE || fd >= DIR_FD_BASE + DIR_FD_MAX) return NULL;
  g_mutex_lock(&dir_lock);
  const char *p = dir_paths[fd - DIR_FD_BASE];
  g_mutex_unlock(&dir_lock);
  return p;
}

/* `name` below the folder descriptor `dfd` (or the current folder, AT_FDCWD), g_free(). */
static char *join(int dfd, const char *name) {
  if (dfd == AT_FDCWD || g_path_is_absolute(name)) return g_strdup(name);
  const char *dir = lt_w32_dir_path(dfd);
  if (!dir) {
    errno = EBADF;
    return NULL;
  }
  return g_build_filename(dir, name, NULL);
}

static int map_error(DWORD e) {
  switch (e) {
  case ERROR_FILE_NOT_FOUND:
  case ERROR_PATH_NOT_FOUND: return ENOENT;
  case ERROR_ACCESS_DENIED:
  case ERROR_SHARING_VIOLATION: return EACCES;
  case ERROR_ALREADY_EXISTS:
  case ERROR_FILE_EXISTS: return EEXIST;
  case ERROR_DISK_FULL:
  case ERROR_HANDLE_DISK_FULL: return ENOSPC;
  case ERROR_WRITE_PROTECT: return EROFS;
  case ERROR_NOT_SAME_DEVICE: return EXDEV;
  case ERROR_DIR_NOT_EMPTY: return ENOTEMPTY;
  case ERROR_LOCK_VIOLATION: return EWOULDBLOCK;
  case ERROR_INVALID_FUNCTION:
  case ERROR_NOT_SUPPORTED: return ENOTSUP;
  default: return EIO;
  }
}

static int fail(void) {
  errno = map_error(GetLastError());
  return -1;
}

/* Is `path` a reparse point (a symbolic link or a junction)? */
static bool is_reparse(const wchar_t *w) {
  DWORD a = GetFileAttributesW(w);
  return a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_REPARSE_POINT);
}

static int open_dir(const char *path) {
  wchar_t *w = wide(path);
  if (!w) return -1;
  DWORD a = GetFileAttributesW(w);
  g_free(w);
  if (a == INVALID_FILE_ATTRIBUTES) return fail();
  if (!(a & FILE_ATTRIBUTE_DIRECTORY)) {
    errno = ENOTDIR;
    return -1;
  }
  g_mutex_lock(&dir_lock);
  int fd = -1;
  for (int i = 0; i < DIR_FD_MAX && fd < 0; i++)
    if (!dir_paths[i]) {
      dir_paths[i] = g_canonicalize_filename(path, NULL);
      fd = DIR_FD_BASE + i;
    }
  g_mutex_unlock(&dir_lock);
  if (fd < 0) errno = EMFILE;
  return fd;
}

static int open_path(const char *path, int flags, int mode) {
  if (flags & O_DIRECTORY) return open_dir(path);
  wchar_t *w = wide(path);
  if (!w) return -1;
  if ((flags & O_NOFOLLOW) && is_reparse(w)) {
    g_free(w);
    errno = ELOOP;
    return -1;
  }
  int fd =
      _wopen(w, (flags & ~(O_NOFOLLOW | O_DIRECTORY)) | O_BINARY | O_NOINHERIT,
             mode & (_S_IREAD | _S_IWRITE) ? mode & (_S_IREAD | _S_IWRITE) : _S_IREAD | _S_IWRITE);
  if (fd < 0 && errno == EACCES) {
    DWORD a = GetFileAttributesW(w);
    if (a != INVALID_FILE_ATTRIBUTES && (a & FILE_ATTRIBUTE_DIRECTORY)) errno = EISDIR;
  }
  g_free(w);
  return fd;
}

int lt_w32_open(const char *path, int flags, ...) {
  int mode = 0;
  if (flags & O_CREAT) {
    va_list ap;
    va_start(ap, flags);
    mode = va_arg(ap, int);
    va_end(ap);
  }
  return open_path(path, flags, mode);
}

int lt_w32_openat(int dfd, const char *name, int flags, ...) {
  int mode = 0;
  if (flags & O_CREAT) {
    va_list ap;
    va_start(ap, flags);
    mode = va_arg(ap, int);
    va_end(ap);
  }
  char *p = join(dfd, name);
  if (!p) return -1;
  int fd = open_path(p, flags, mode);
  g_free(p);
  return fd;
}

int lt_w32_close(int fd) {
  if (fd >= DIR_FD_BASE && fd < DIR_FD_BASE + DIR_FD_MAX) {
    g_mutex_lock(&dir_lock);
    char *p = dir_paths[fd - DIR_FD_BASE];
    dir_paths[fd - DIR_FD_BASE] = NULL;
    g_mutex_unlock(&dir_lock);
    if (!p) {
      errno = EBADF;
      return -1;
    }
    g_free(p);
    return 0;
  }
  return _close(fd);
}

/* The volume, file index and link count, which the CRT's stat leaves out: st_dev and st_ino
 * then tell whether two looks saw the same file (st_ino is 16 bits there: the index folded),
 * and st_nlink counts NTFS hard links. */
static void fill_identity(HANDLE h, struct stat *sb) {
  BY_HANDLE_FILE_INFORMATION i;
  if (h == INVALID_HANDLE_VALUE || !GetFileInformationByHandle(h, &i)) return;
  sb->st_dev = (_dev_t)i.dwVolumeSerialNumber;
  sb->st_ino = (_ino_t)((i.nFileIndexLow ^ (i.nFileIndexLow >> 16) ^ i.nFileIndexHigh) & 0xffff);
  sb->st_nlink = (short)(i.nNumberOfLinks > 0x7fff ? 0x7fff : i.nNumberOfLinks);
}

static int stat_wide(const wchar_t *w, struct stat *sb, bool nofollow) {
  struct _stat64i32 s;
  if (_wstat64i32(w, &s) != 0) {
    /* _wstat refuses a path with a trailing separator other than a drive's root */
    return -1;
  }
  memcpy(sb, &s, sizeof *sb < sizeof s ? sizeof *sb : sizeof s);
  HANDLE h =
      CreateFileW(w, 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL, OPEN_EXISTING,
                  FILE_FLAG_BACKUP_SEMANTICS | (nofollow ? FILE_FLAG_OPEN_REPARSE_POINT : 0), NULL);
  if (h != INVALID_HANDLE_VALUE) {
    fill_identity(h, sb);
    CloseHandle(h);
  }
  if (nofollow && is_reparse(w)) sb->st_mode = (unsigned short)((sb->st_mode & ~S_IFMT) | S_IFLNK);
  return 0;
}

static int stat_path(const char *path, struct stat *sb, bool nofollow) {
  char *trimmed = g_strdup(path);
  size_t n = strlen(trimmed);
  while (n > 3 && (trimmed[n - 1] == '/' || trimmed[n - 1] == '\\'))
    trimmed[--n] = '\0';
  wchar_t *w = wide(trimmed);
  g_free(trimmed);
  if (!w) return -1;
  int rc = stat_wide(w, sb, nofollow);
  g_free(w);
  return rc;
}

int lt_w32_stat(const char *path, struct stat *sb) { return stat_path(path, sb, false); }
int lt_w32_lstat(const char *path, struct stat *sb) { return stat_path(path, sb, true); }

int lt_w32_fstat(int fd, struct stat *sb) {
  const char *dir = lt_w32_dir_path(fd);
  if (dir) return stat_path(dir, sb, false);
  struct _stat64i32 s;
  if (_fstat64i32(fd, &s) != 0) return -1;
  memcpy(sb, &s, sizeof *sb < sizeof s ? sizeof *sb : sizeof s);
  fill_identity((HANDLE)_get_osfhandle(fd), sb);
  return 0;
}

int lt_w32_fstatat(int dfd, const char *name, struct stat *sb, int flags) {
  char *p = join(dfd, name);
  if (!p) return -1;
  int rc = stat_path(p, sb, flags & AT_SYMLINK_NOFOLLOW);
  g_free(p);
  return rc;
}

int lt_w32_mkdir(const char *path, int mode) {
  (void)mode;
  return g_mkdir(path, 0700);
}

int lt_w32_mkdirat(int dfd, const char *name, int mode) {
  char *p = join(dfd, name);
  if (!p) return -1;
  int rc = lt_w32_mkdir(p, mode);
  g_free(p);
  return rc;
}

int lt_w32_unlink(const char *path) { return g_unlink(path); }
int lt_w32_rmdir(const char *path) { return g_rmdir(path); }

int lt_w32_unlinkat(int dfd, const char *name, int flags) {
  char *p = join(dfd, name);
  if (!p) return -1;
  int rc = flags & AT_REMOVEDIR ? g_rmdir(p) : g_unlink(p);
  g_free(p);
  return rc;
}

/* rename() as POSIX has it: an existing target is replaced (a folder only by a folder, and
 * only when it is empty: MoveFileExW replaces no folder, so the empty one is removed first),
 * and the move is written through to the disk before it returns. */
int lt_w32_rename(const char *from, const char *to) {
  wchar_t *wf = wide(from), *wt = wide(to);
  int rc = -1;
  if (wf && wt) {
    DWORD a = GetFileAttributesW(wf), b = GetFileAttributesW(wt);
    if (a != INVALID_FILE_ATTRIBUTES && b != INVALID_FILE_ATTRIBUTES &&
        (a & FILE_ATTRIBUTE_DIRECTORY) && (b & FILE_ATTRIBUTE_DIRECTORY))
      (void)RemoveDirectoryW(wt); /* fails, and so does the move, when it is not empty */
    if (MoveFileExW(wf, wt, MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
      rc = 0;
    else
      rc = fail();
  }
  g_free(wf), g_free(wt);
  return rc;
}

int lt_w32_renameat(int fd1, const char *from, int fd2, const char *to) {
  char *a = join(fd1, from), *b = join(fd2, to);
  int rc = a && b ? lt_w32_rename(a, b) : -1;
  g_free(a), g_free(b);
  return rc;
}

/* RENAME_EXCHANGE is refused (EINVAL), as Linux does on a file system without it: the
 * callers then take their non-atomic path. RENAME_NOREPLACE is MoveFileExW without
 * MOVEFILE_REPLACE_EXISTING, which refuses an existing target. */
int lt_w32_renameat2(int fd1, const char *from, int fd2, const char *to, unsigned flags) {
  if (flags & RENAME_EXCHANGE) {
    errno = EINVAL;
    return -1;
  }
  if (!(flags & RENAME_NOREPLACE)) return lt_w32_renameat(fd1, from, fd2, to);
  char *a = join(fd1, from), *b = join(fd2, to);
  wchar_t *wf = wide(a), *wt = wide(b);
  int rc = -1;
  if (wf && wt) rc = MoveFileExW(wf, wt, MOVEFILE_WRITE_THROUGH) ? 0 : fail();
  g_free(wf), g_free(wt), g_free(a), g_free(b);
  return rc;
}

int lt_w32_link(const char *from, const char *to) {
  wchar_t *wf = wide(from), *wt = wide(to);
  int rc = -1;
  if (wf && wt) rc = CreateHardLinkW(wt, wf, NULL) ? 0 : fail();
  g_free(wf), g_free(wt);
  return rc;
}

int lt_w32_linkat(int fd1, const char *from, int fd2, const char *to, int flags) {
  (void)flags;
  char *a = join(fd1, from), *b = join(fd2, to);
  int rc = a && b ? lt_w32_link(a, b) : -1;
  g_free(a), g_free(b);
  return rc;
}

int lt_w32_access(const char *path, int mode) { return g_access(path, mode & ~X_OK); }

long lt_w32_readlinkat(int dfd, const char *name, char *buf, size_t len) {
  (void)dfd, (void)name, (void)buf, (void)len;
  errno = EINVAL; /* the target of a reparse point is not shown */
  return -1;
}

int lt_w32_fsync(int fd) {
  if (lt_w32_dir_path(fd)) return 0; /* NTFS and FAT write a folder's entries themselves */
  HANDLE h = (HANDLE)_get_osfhandle(fd);
  if (h == INVALID_HANDLE_VALUE) {
    errno = EBADF;
    return -1;
  }
  if (FlushFileBuffers(h)) return 0;
  DWORD e = GetLastError();
  if (e == ERROR_INVALID_HANDLE || e == ERROR_ACCESS_DENIED) return 0; /* opened read-only */
  errno = map_error(e);
  return -1;
}

long lt_w32_pwrite(int fd, const void *buf, size_t len, long long offset) {
  long long at = _lseeki64(fd, 0, SEEK_CUR);
  if (at < 0 || _lseeki64(fd, offset, SEEK_SET) < 0) return -1;
  long n = _write(fd, buf, (unsigned)len);
  _lseeki64(fd, at, SEEK_SET);
  return n;
}

int lt_w32_fchmod(int fd, int mode) {
  (void)fd, (void)mode;
  return 0; /* the data folder's ACL (under the account's profile) keeps other accounts out */
}

/* Modes do not exist on Windows: nothing is changed, and saying so (ENOTSUP) keeps the
 * callers that tighten a "loose" file from announcing a change they did not make. */
int lt_w32_chmod(const char *path, int mode) {
  (void)path, (void)mode;
  errno = ENOTSUP;
  return -1;
}

int lt_w32_fchown(int fd, int uid, int gid) {
  (void)fd, (void)uid, (void)gid;
  return 0;
}

int lt_w32_fcntl(int fd, int cmd, ...) {
  (void)fd, (void)cmd;
  return 0;
}

int lt_w32_flock(int fd, int op) {
  HANDLE h = (HANDLE)_get_osfhandle(fd);
  if (h == INVALID_HANDLE_VALUE) {
    errno = EBADF;
    return -1;
  }
  OVERLAPPED ov = {0};
  if (op & LOCK_UN) return UnlockFileEx(h, 0, MAXDWORD, MAXDWORD, &ov) ? 0 : fail();
  DWORD how =
      (op & LOCK_EX ? LOCKFILE_EXCLUSIVE_LOCK : 0) | (op & LOCK_NB ? LOCKFILE_FAIL_IMMEDIATELY : 0);
  if (LockFileEx(h, how, 0, MAXDWORD, MAXDWORD, &ov)) return 0;
  DWORD e = GetLastError();
  errno = e == ERROR_LOCK_VIOLATION || e == ERROR_IO_PENDING ? EWOULDBLOCK : map_error(e);
  return -1;
}

int lt_w32_chown(const char *path, int uid, int gid) {
  (void)path, (void)uid, (void)gid;
  return 0;
}

int lt_w32_setenv(const char *name, const char *value, int overwrite) {
  return g_setenv(name, value, overwrite != 0) ? 0 : -1;
}

int lt_w32_unsetenv(const char *name) {
  g_unsetenv(name);
  return 0;
}

int lt_w32_geteuid(void) { return 1000; /* never "root": Windows has no uid 0 */ }

FILE *lt_w32_fopen(const char *path, const char *mode) {
  char *m = strchr(mode, 'b') ? g_strdup(mode) : g_strconcat(mode, "b", NULL);
  FILE *f = g_fopen(path, m);
  g_free(m);
  return f;
}

char *lt_w32_realpath(const char *path, char *resolved) {
  char *c = g_canonicalize_filename(path, NULL);
  struct stat sb;
  if (stat_path(c, &sb, false) != 0) {
    g_free(c);
    return NULL;
  }
  if (resolved) {
    g_strlcpy(resolved, c, MAX_PATH);
    g_free(c);
    return resolved;
  }
  char *out = strdup(c);
  g_free(c);
  return out;
}
