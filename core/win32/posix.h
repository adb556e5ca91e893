/* posix — the POSIX calls Lentera's code makes, on 64-bit Windows (mingw-w64).
 *
 * Force-included in every Windows compile (cmake: -include core/win32/posix.h), so the
 * modules keep one code path. Paths are UTF-8 everywhere in Lentera: each call here turns
 * them into UTF-16 and calls the wide Windows function, so names like "Pelatihan Dasar
 * ñ.md" work whatever the code page. Every file is opened in binary mode and not inherited
 * by child processes (O_BINARY | O_NOINHERIT).
 *
 * Folders cannot be opened as descriptors on Windows: open(dir, O_DIRECTORY) returns a
 * "folder descriptor" from a small table that remembers the folder's path, and the *at()
 * calls join their name to it. They are therefore not immune to a folder being swapped
 * between two calls as the POSIX ones are; on Windows a symbolic link or junction (a
 * reparse point) is still seen by fstatat(AT_SYMLINK_NOFOLLOW) and refused, and creating one
 * needs an administrator or developer mode. fsync is FlushFileBuffers; a folder needs none.
 * Hard links are NTFS's (CreateHardLinkW); on FAT sticks link() fails and callers fall back.
 * flock is LockFileEx over the whole file. renameat2(RENAME_EXCHANGE) has no Windows twin:
 * see library.c for how an install stays whole without it. */
#ifndef LENTERA_WIN32_POSIX_H
#define LENTERA_WIN32_POSIX_H
#ifdef _WIN32

#include <direct.h>
#include <fcntl.h>
#include <io.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

typedef short nlink_t;
typedef int uid_t_lt;

#ifndef S_IFLNK
#define S_IFLNK 0xA000
#endif
#ifndef S_IFSOCK
#define S_IFSOCK 0xC000
#endif
#define S_ISLNK(m) (((m)&S_IFMT) == S_IFLNK)
#define S_ISSOCK(m) (((m)&S_IFMT) == S_IFSOCK)

#define O_CLOEXEC (O_BINARY | O_NOINHERIT) /* also to calls that bypass open(): g_mkstemp_full */
#define O_NOCTTY 0
#define O_NONBLOCK 0
#define O_NOFOLLOW 0x01000000
#define O_DIRECTORY 0x02000000
#define F_GETFL 3
#define F_SETFL 4
#define AT_FDCWD (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR 0x200
#define RENAME_NOREPLACE 1
#define RENAME_EXCHANGE 2
#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8

int lt_w32_open(const char *path, int flags, ...);
int lt_w32_openat(int dfd, const char *name, int flags, ...);
int lt_w32_close(int fd);
int lt_w32_stat(const char *path, struct stat *sb);
int lt_w32_lstat(const char *path, struct stat *sb);
int lt_w32_fstat(int fd, struct stat *sb);
int lt_w32_fstatat(int dfd, const char *name, struct stat *sb, int flags);
int lt_w32_mkdir(const char *path, int mode);
int lt_w32_mkdirat(int dfd, const char *name, int mode);
int lt_w32_unlink(const char *path);
int lt_w32_unlinkat(int dfd, const char *name, int flags);
int lt_w32_rmdir(const char *path);
int lt_w32_rename(const char *from, const char *to);
int lt_w32_renameat(int fd1, const char *from, int fd2, const char *to);
int lt_w32_renameat2(int fd1, const char *from, int fd2, const char *to, unsigned flags);
int lt_w32_link(const char *from, const char *to);
int lt_w32_linkat(int fd1, const char *from, int fd2, const char *to, int flags);
int lt_w32_access(const char *path, int mode);
long lt_w32_readlinkat(int dfd, const char *name, char *buf, size_t len);
int lt_w32_fsync(int fd);
long lt_w32_pwrite(int fd, const void *buf, size_t len, long long offset);
int lt_w32_fchmod(int fd, int mode);
int lt_w32_chmod(const char *path, int mode);
int lt_w32_fchown(int fd, int uid, int gid);
int lt_w32_fcntl(int fd, int cmd, ...);
int lt_w32_flock(int fd, int op);
int lt_w32_geteuid(void);
int lt_w32_chown(const char *path, int uid, int gid);
int lt_w32_setenv(const char *name, const char *value, int overwrite);
int lt_w32_unsetenv(const char *name);
FILE *lt_w32_fopen(const char *path, const char *mode);
char *lt_w32_realpath(const char *path, char *resolved);
/* The folder path a folder descriptor stands for (UTF-8), or NULL for a file descriptor. */
const char *lt_w32_dir_path(int fd);

#ifndef LT_W32_POSIX_IMPL /* posix.c itself calls the real ones */
#define open lt_w32_open
#define openat lt_w32_openat
#define close lt_w32_close
#define stat(p, b) lt_w32_stat(p, b)
#define lstat lt_w32_lstat
#define fstat(f, b) lt_w32_fstat(f, b)
#define fstatat lt_w32_fstatat
#define mkdir(p, m) lt_w32_mkdir(p, m)
#define mkdirat lt_w32_mkdirat
#define unlink lt_w32_unlink
#define unlinkat lt_w32_unlinkat
#define rmdir lt_w32_rmdir
#define rename lt_w32_rename
#define renameat lt_w32_renameat
#define renameat2 lt_w32_renameat2
#define link lt_w32_link
#define linkat lt_w32_linkat
#define access lt_w32_access
#define readlinkat lt_w32_readlinkat
#define fsync lt_w32_fsync
#define pwrite lt_w32_pwrite
#define fdatasync lt_w32_fsync
#define fchmod lt_w32_fchmod
#define chmod lt_w32_chmod
#define fchown lt_w32_fchown
#define fcntl lt_w32_fcntl
#define flock lt_w32_flock
#define geteuid lt_w32_geteuid
#define getuid lt_w32_geteuid
#define getegid lt_w32_geteuid
#define chown lt_w32_chown
#define setenv lt_w32_setenv
#define unsetenv lt_w32_unsetenv
#define fopen lt_w32_fopen
#define realpath lt_w32_realpath
#endif

#endif
#endif
