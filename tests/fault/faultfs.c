/* faultfs — an LD_PRELOAD shim that makes the Nth write fail, as SQLite's own tests do
 * with their fault-injecting VFS, but for every program and library at once.
 *
 * Counted: the calls that put bytes or names on disk — write, pwrite(64), writev, fsync,
 * fdatasync, ftruncate, open/openat with O_CREAT or a write mode, mkdir, rename(at/at2),
 * link, unlink — when the file or path lies under one of the folders in FAULT_DIRS
 * (colon-separated; the fd's path is read from /proc/self/fd). Other calls pass through.
 *
 *   FAULT_DIRS=a:b      folders whose writes count (required)
 *   FAULT_AT=N          the Nth counted call fails (1-based; 0 or unset: none fail)
 *   FAULT_SPAN=K        it and the K-1 calls after it fail (default 1; a large K = the disk
 *                       stays full), then writes work again: the fault is gone
 *   FAULT_ERRNO=ENOSPC  or EIO or EROFS (default ENOSPC)
 *   FAULT_REPORT=FILE   at exit, appends "<calls counted> <calls failed>" to FILE
 *   FAULT_TRACE=1       prints each counted call's number and name on stderr
 *   FAULT_DELAY_MS=N    every counted call first sleeps N ms: a slow disk or USB stick, for
 *                       the tests of two programs on one data folder (tests/library/run.sh)
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static long counted, failed, fault_at, span = 1, delay_ms;
static int fault_errno = ENOSPC, ready, trace;
static char dirs[4096];

static void setup(void) {
  if (ready) return;
  ready = 1;
  const char *d = getenv("FAULT_DIRS"), *at = getenv("FAULT_AT"), *sp = getenv("FAULT_SPAN"),
             *e = getenv("FAULT_ERRNO");
  if (d) snprintf(dirs, sizeof dirs, "%s", d);
  if (at) fault_at = atol(at);
  if (sp && atol(sp) > 0) span = atol(sp);
  if (e && !strcmp(e, "EIO")) fault_errno = EIO;
  if (e && !strcmp(e, "EROFS")) fault_errno = EROFS;
  trace = getenv("FAULT_TRACE") != NULL;
  if (getenv("FAULT_DELAY_MS")) delay_ms = atol(getenv("FAULT_DELAY_MS"));
}

__attribute__((destructor)) static void report(void) {
  const char *r = getenv("FAULT_REPORT");
  if (!r) return;
  FILE *f = fopen(r, "a");
  if (f) {
    fprintf(f, "%ld %ld\n", counted, failed);
    fclose(f);
  }
}

static void syscall_write(const char *s, size_t n) {
  ssize_t (*w)(int, const void *, size_t) = dlsym(RTLD_NEXT, "write");
  if (w(2, s, n) < 0) return;
}

static int under(const char *path) {
  if (!path || !*dirs) return 0;
  char abs[PATH_MAX];
  if (path[0] != '/') {
    if (!getcwd(abs, sizeof abs)) return 0;
    size_t n = strlen(abs);
    snprintf(abs + n, sizeof abs - n, "/%s", path);
    path = abs;
  }
  const char *p = dirs;
  while (*p) {
    const char *end = strchr(p, ':');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (n && !strncmp(path, p, n) && (path[n] == '/' || path[n] == '\0')) return 1;
    p += n + (end ? 1 : 0);
  }
  return 0;
}

static int fd_under(int fd) {
  char link[64], path[PATH_MAX];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, path, sizeof path - 1);
  if (n <= 0) return 0;
  path[n] = '\0';
  return under(path);
}

/* Whether this counted call fails. */
#define hit(relevant) hit_named(relevant, __func__)
static int hit_named(int relevant, const char *name) {
  setup();
  if (!relevant) return 0;
  long n = ++counted;
  if (trace) {
    char line[96];
    int len = snprintf(line, sizeof line, "faultfs: %ld %s\n", n, name);
    if (len > 0) syscall_write(line, (size_t)len);
  }
  if (delay_ms > 0) {
    struct timespec ts = {delay_ms / 1000, (delay_ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
      ;
  }
  if (fault_at > 0 && n >= fault_at && n < fault_at + span) {
    failed++;
    errno = fault_errno;
    return 1;
  }
  return 0;
}

#define REAL(name) ((__typeof__(&name))dlsym(RTLD_NEXT, #name))

ssize_t write(int fd, const void *buf, size_t n) {
  if (fd > 2 && hit(fd_under(fd))) return -1;
  return REAL(write)(fd, buf, n);
}
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) {
  if (hit(fd_under(fd))) return -1;
  return REAL(pwrite)(fd, buf, n, off);
}
ssize_t pwrite64(int fd, const void *buf, size_t n, off64_t off) {
  if (hit(fd_under(fd))) return -1;
  return REAL(pwrite64)(fd, buf, n, off);
}
ssize_t writev(int fd, const struct iovec *v, int c) {
  if (fd > 2 && hit(fd_under(fd))) return -1;
  return REAL(writev)(fd, v, c);
}
int fsync(int fd) {
  if (hit(fd_under(fd))) return -1;
  return REAL(fsync)(fd);
}
int fdatasync(int fd) {
  if (hit(fd_under(fd))) return -1;
  return REAL(fdatasync)(fd);
}
int ftruncate(int fd, off_t len) {
  if (hit(fd_under(fd))) return -1;
  return REAL(ftruncate)(fd, len);
}
int ftruncate64(int fd, off64_t len) {
  if (hit(fd_under(fd))) return -1;
  return REAL(ftruncate64)(fd, len);
}
static int writes(int flags) { return (flags & (O_CREAT | O_WRONLY | O_RDWR | O_TRUNC)) != 0; }
int open(const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t mode = (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0;
  va_end(ap);
  if (writes(flags) && hit(under(path))) return -1;
  return REAL(open)(path, flags, mode);
}
int open64(const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t mode = (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0;
  va_end(ap);
  if (writes(flags) && hit(under(path))) return -1;
  return REAL(open64)(path, flags, mode);
}
int openat(int dirfd, const char *path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  mode_t mode = (flags & (O_CREAT | O_TMPFILE)) ? va_arg(ap, mode_t) : 0;
  va_end(ap);
  if (writes(flags) && (dirfd == AT_FDCWD || path[0] == '/') && hit(under(path))) return -1;
  return REAL(openat)(dirfd, path, flags, mode);
}
int mkdir(const char *path, mode_t mode) {
  if (hit(under(path))) return -1;
  return REAL(mkdir)(path, mode);
}
int rename(const char *a, const char *b) {
  if (hit(under(b))) return -1;
  return REAL(rename)(a, b);
}
int renameat(int da, const char *a, int db, const char *b) {
  if ((db == AT_FDCWD || b[0] == '/') && hit(under(b))) return -1;
  return REAL(renameat)(da, a, db, b);
}
int renameat2(int da, const char *a, int db, const char *b, unsigned flags) {
  if ((db == AT_FDCWD || b[0] == '/') && hit(under(b))) return -1;
  return REAL(renameat2)(da, a, db, b, flags);
}
int link(const char *a, const char *b) {
  if (hit(under(b))) return -1;
  return REAL(link)(a, b);
}
int unlink(const char *path) {
  if (hit(under(path))) return -1;
  return REAL(unlink)(path);
}
