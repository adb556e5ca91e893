/* Tests for file: atomic writes replace or refuse, leave no temporary file, keep modes;
 * confined opens refuse symbolic links (of the file or of a folder on the way), hard links,
 * FIFOs (without blocking) and "..", and say "missing" apart; reads stop at their limit;
 * failed writes name the cause in plain words. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lentera/file.h"
#include "check.h"

/* lt_file_open_in(root, rel): its status, and the one diagnostic's text ("" when none). */
static lt_status open_in(const char *root, const char *rel, bool *missing, char **msg) {
  lt_diag_list *d = lt_diag_list_new();
  lt_file_where at = {"lesson.md", 3, 7};
  int fd = -1;
  lt_status st = lt_file_open_in(root, rel, &at, missing, &fd, d);
  if (st == LT_OK) close(fd);
  *msg = lt_diag_count(d) ? lt_diag_format(d, 0) : strdup("");
  if (lt_diag_count(d) > 1) *msg[0] = '!'; /* exactly one expected */
  lt_diag_list_free(d);
  return st;
}

#ifndef _WIN32 /* symbolic links and FIFOs: POSIX (Windows: docs/PACKAGING.md) */
static void test_confined(void) {
  char *dir = tmp_dir(), *outside = tmp_dir();
  char *media = g_build_filename(dir, "media", NULL);
  g_mkdir(media, 0755);
  char *secret = g_build_filename(outside, "id_rsa", NULL);
  lt_diag_list *d = lt_diag_list_new();
  CHECK_INT(lt_file_write_atomic(secret, "KEY", 3, 0600, false, d), LT_OK);
  char *real = g_build_filename(media, "real.png", NULL);
  CHECK_INT(lt_file_write_atomic(real, "PNG", 3, 0644, false, d), LT_OK);
  char *slink = g_build_filename(media, "link.png", NULL);
  CHECK_INT(symlink(secret, slink), 0);
  char *inside = g_build_filename(media, "inside.png", NULL);
  CHECK_INT(symlink("real.png", inside), 0);
  char *hard = g_build_filename(media, "hard.png", NULL);
  char *hard_to = g_build_filename(outside, "hard", NULL);
  CHECK_INT(lt_file_write_atomic(hard, "H", 1, 0644, false, d), LT_OK);
  CHECK_INT(link(hard, hard_to), 0);
  char *fifo = g_build_filename(media, "fifo.png", NULL);
  CHECK_INT(mkfifo(fifo, 0644), 0);
  char *lmedia = g_build_filename(dir, "lmedia", NULL);
  CHECK_INT(symlink(outside, lmedia), 0);

  bool missing = true;
  char *msg;
  CHECK_INT(open_in(dir, "media/real.png", &missing, &msg), LT_OK);
  CHECK(!missing);
  CHECK_STR(msg, "");
  free(msg);
  int fd = -1;
  CHECK_INT(lt_file_open_in(dir, "media/real.png", NULL, NULL, &fd, d), LT_OK);
  char *text = NULL;
  size_t len = 0;
  CHECK_INT(lt_file_read_fd(fd, "real.png", 3, &text, &len, d), LT_OK);
  CHECK_STR(text, "PNG");
  free(text);
  CHECK_INT(lseek(fd, 0, SEEK_SET), 0);
  CHECK_INT(lt_file_read_fd(fd, "real.png", 2, &text, &len, d), LT_ERR_INVALID); /* over max */
  close(fd);

  CHECK_INT(open_in(dir, "media/nope.png", &missing, &msg), LT_ERR_IO);
  CHECK(missing);
  CHECK_STR(msg, ""); /* the caller says "not found" its own way */
  free(msg);
  CHECK_INT(open_in(dir, "nope/x.png", &missing, &msg), LT_ERR_IO);
  CHECK(missing);
  free(msg);

  CHECK_INT(open_in(dir, "media/link.png", &missing, &msg), LT_ERR_INVALID);
  CHECK(!missing);
  char *want = g_strdup_printf("lesson.md:3:7: error: 'media/link.png' is a symbolic link (to "
                               "'%s'); a course may use only regular files inside its own "
                               "folder: put a copy there instead",
                               secret);
  CHECK_STR(msg, want);
  g_free(want), free(msg);
  CHECK_INT(open_in(dir, "media/inside.png", &missing, &msg), LT_ERR_INVALID); /* any link */
  CHECK_CONTAINS(msg, "'media/inside.png' is a symbolic link (to 'real.png')");
  free(msg);
  CHECK_INT(open_in(dir, "lmedia/id_rsa", &missing, &msg), LT_ERR_INVALID); /* a folder link */
  CHECK_CONTAINS(msg, "lesson.md:3:7: error: 'lmedia' is a symbolic link");
  free(msg);
  CHECK_INT(open_in(dir, "media/hard.png", &missing, &msg), LT_ERR_INVALID);
  CHECK_CONTAINS(msg, "'media/hard.png' is a hard link (one file under 2 names");
  free(msg);
  CHECK_INT(open_in(dir, "media/fifo.png", &missing, &msg), LT_ERR_INVALID); /* and no hang */
  CHECK_CONTAINS(msg, "'media/fifo.png' is a FIFO (named pipe)");
  free(msg);
  CHECK_INT(open_in(dir, "media", &missing, &msg), LT_ERR_INVALID);
  CHECK_CONTAINS(msg, "'media' is a folder, not a file");
  free(msg);
  CHECK_INT(open_in(dir, "media/../../x", &missing, &msg), LT_ERR_INVALID);
  CHECK_CONTAINS(msg, "points outside the course folder");
  free(msg);
  CHECK_INT(open_in(dir, "/etc/passwd", &missing, &msg), LT_ERR_INVALID);
  free(msg);
  CHECK(lt_file_exists_in(dir, "media/link.png"));
  CHECK(!lt_file_exists_in(dir, "media/nope.png"));

  /* one file named by the user */
  CHECK_INT(lt_file_open_regular(real, &fd, d), LT_OK);
  close(fd);
  lt_diag_list *d2 = lt_diag_list_new();
  CHECK_INT(lt_file_open_regular(slink, &fd, d2), LT_ERR_INVALID);
  CHECK_INT(lt_file_open_regular(fifo, &fd, d2), LT_ERR_INVALID);
  CHECK_INT(lt_file_open_regular(hard, &fd, d2), LT_ERR_INVALID);
  CHECK_INT(lt_diag_count(d2), 3);
  lt_diag_list_free(d2);

  /* writing relative to a folder descriptor */
  int dfd = open(dir, O_RDONLY | O_DIRECTORY);
  CHECK_INT(lt_file_write_atomic_at(dfd, "new.md", "new.md", "x", 1, 0644, false, d), LT_OK);
  CHECK_INT(lt_file_write_atomic_at(dfd, "new.md", "new.md", "y", 1, 0644, false, d),
            LT_ERR_EXISTS);
  close(dfd);
  lt_diag_list_free(d);
  tmp_remove(dir), tmp_remove(outside);
  g_free(dir), g_free(outside), g_free(media), g_free(secret), g_free(real), g_free(slink);
  g_free(inside), g_free(hard), g_free(hard_to), g_free(fifo), g_free(lmedia);
}
#endif

static void test_write_failed(void) {
  lt_diag_list *d = lt_diag_list_new();
  lt_file_write_failed(d, "out.lentera", ENOSPC, "use -o on another disk");
  lt_file_write_failed(d, "out.lentera", EROFS, NULL);
  lt_file_write_failed(d, "out.lentera", EIO, NULL);
  char *m0 = lt_diag_format(d, 0), *m1 = lt_diag_format(d, 1), *m2 = lt_diag_format(d, 2);
  CHECK_STR(m0, "out.lentera: error: no space left on the disk holding out.lentera: free some "
                "space or use -o on another disk");
  CHECK_STR(m1, "out.lentera: error: the disk holding out.lentera is read-only: make it writable");
  CHECK_CONTAINS(m2, "failed while writing (input/output error)");
  free(m0), free(m1), free(m2);
  lt_diag_list_free(d);
}

static int count_entries(const char *dir) {
  GDir *d = g_dir_open(dir, 0, NULL);
  int n = 0;
  while (g_dir_read_name(d))
    n++;
  g_dir_close(d);
  return n;
}

int main(void) {
  char *dir = tmp_dir();
  char *path = g_build_filename(dir, "a.txt", NULL);
  lt_diag_list *d = lt_diag_list_new();
  CHECK_INT(lt_file_write_atomic(path, "one", 3, 0600, false, d), LT_OK);
  struct stat sb;
  CHECK_INT(stat(path, &sb), 0);
#ifndef _WIN32 /* Windows keeps the profile to its account with an ACL, not modes */
  CHECK_INT(sb.st_mode & 0777, 0600);
#endif
  CHECK_INT(lt_file_write_atomic(path, "two", 3, 0600, false, d), LT_ERR_EXISTS);
  char *text;
  size_t len;
  CHECK_INT(lt_file_read(path, &text, &len, d), LT_OK);
  CHECK_STR(text, "one"); /* refused write left the old content */
  free(text);
  CHECK_INT(lt_file_write_atomic(path, "three", 5, 0644, true, d), LT_OK);
  CHECK_INT(lt_file_read(path, &text, &len, d), LT_OK);
  CHECK_STR(text, "three");
  CHECK_INT(len, 5);
  free(text);
  CHECK_INT(count_entries(dir), 1); /* no temporary files left */
  char *missing = g_build_filename(dir, "nope", "x", NULL);
  lt_diag_list *d2 = lt_diag_list_new();
  CHECK_INT(lt_file_read(missing, &text, &len, d2), LT_ERR_IO);
  CHECK_INT(lt_diag_count(d2), 1);
  lt_diag_list_free(d2);
  g_free(missing);
  lt_diag_list_free(d);
  tmp_remove(dir);
  g_free(path);
  g_free(dir);
#ifndef _WIN32
  test_confined();
#endif
  test_write_failed();
  return check_done("test_file");
}
